using HaDaemon.Scripts;

namespace HaDaemon.Tests.Scripts;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ScriptSecurityTests : TempDirTest
{

    [Fact]
    public void Root_owned_non_writable_path_is_secure()
    {
        if (Environment.UserName != "root")
        {
            return; // files we create are not root-owned then; the verdict would rightly be Unsafe
        }

        var script = Tmp.Write("ok.sh", "#!/bin/sh\n");
        Assert.Equal(ScriptSecurityVerdict.Secure, ScriptSecurity.CheckPath(script, true).Verdict);
        Assert.Equal(ScriptSecurityVerdict.Secure, ScriptSecurity.CheckPath("/bin/sh", true).Verdict);
    }

    [Fact]
    public void World_writable_script_is_unsafe_with_keepalived_message()
    {
        var script = Tmp.Write("open.sh", "#!/bin/sh\n", (UnixFileMode)0b111_111_111);
        var (verdict, message) = ScriptSecurity.CheckPath(script, scriptSecurityEnabled: true);
        Assert.Equal(ScriptSecurityVerdict.Unsafe, verdict);
        Assert.Equal($"Unsafe permissions found for script '{script}' - disabling.", message);
        Assert.Equal($"Unsafe permissions found for script '{script}'.", ScriptSecurity.CheckPath(script, false).Message);
    }

    [Fact]
    public void World_writable_directory_without_sticky_bit_is_unsafe()
    {
        var dir = Directory.CreateDirectory(Tmp.Path("open-dir")).FullName;
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);
        var script = Path.Combine(dir, "s.sh");
        File.WriteAllText(script, "#!/bin/sh\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        Assert.Equal(ScriptSecurityVerdict.Unsafe, ScriptSecurity.CheckPath(script, true).Verdict);

        File.SetUnixFileMode(dir, (UnixFileMode)0b1_111_111_111); // sticky, like /tmp
        var expected = Environment.UserName == "root" ? ScriptSecurityVerdict.Secure : ScriptSecurityVerdict.Unsafe;
        Assert.Equal(expected, ScriptSecurity.CheckPath(script, true).Verdict);
    }

    [Fact]
    public void Missing_script_and_wrong_types_are_reported()
    {
        Assert.Equal(ScriptSecurityVerdict.NotFound, ScriptSecurity.CheckPath(Tmp.Path("absent.sh"), true).Verdict);
        var file = Tmp.Write("file", "x");
        Assert.Equal(ScriptSecurityVerdict.WrongFileType, ScriptSecurity.CheckPath(Path.Combine(file, "below"), true).Verdict);
        Assert.Equal(ScriptSecurityVerdict.WrongFileType, ScriptSecurity.CheckPath(Tmp.Dir, true).Verdict);
    }
}
