using HaDaemon.Config.Loading;
using static HaDaemon.Config.Tests.Model.ModelTestHelpers;

namespace HaDaemon.Config.Tests.Model;

/// <summary>§2.9 script security through the fake file system and user database.</summary>
public sealed class ScriptSecurityTests
{
    private static string Config(string scriptLine, string global = "") =>
        $"global_defs {{\n{global}\n}}\nvrrp_script chk {{\n {scriptLine}\n}}\n" +
        Instance("virtual_ipaddress {\n 10.0.0.1\n}\ntrack_script {\n chk\n}");

    [Fact]
    public void Root_scripts_without_script_security_are_a_security_violation()
    {
        var r = Load(Config("script \"/usr/bin/true\""));
        Assert.Equal(ConfigTestResult.ScriptSecurity, r.TestResult);
        var d = Assert.Single(r.Diagnostics, x => x.Code == ConfigCheck.SecurityViolationCode);
        Assert.Equal("SECURITY VIOLATION - scripts are being executed but script_security not enabled.", d.Message);
        Assert.True(r.Config!.Scripts[0].Enabled);
    }

    /// <summary>
    /// Merged /usr: /bin is a symbolic link. keepalived checks the realpath (/usr/bin/true), so the link in the
    /// path is no "wrong file type" (regression: we checked the path as written and disabled every /bin script).
    /// </summary>
    [Fact]
    public void A_script_behind_a_symlinked_directory_is_checked_at_its_real_path()
    {
        var env = new FakeScriptEnvironment().File("/usr/bin/true").File("/usr/sbin/killall5")
            .Link("/bin", "/usr/bin").Link("/usr/bin/pidof", "/usr/sbin/killall5");
        foreach (var script in new[] { "/bin/true", "/usr/bin/pidof nginx" })
        {
            var r = Load(Config($"script \"{script}\""), Options(scripts: env));
            Assert.DoesNotContain(r.Diagnostics, d => d.Message.StartsWith("Wrong file type", StringComparison.Ordinal));
            Assert.True(r.Config!.Scripts[0].Enabled, script);
        }
    }

    [Fact]
    public void Script_security_with_keepalived_script_user_is_clean()
    {
        var env = FakeScriptEnvironment.DebianLike().User("keepalived_script", 900, 900);
        var r = Load(Config("script \"/usr/bin/true\"", "enable_script_security"), Options(scripts: env));
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
    }

    [Fact]
    public void Script_security_without_keepalived_script_user_disables_scripts_without_user()
    {
        var r = Load(Config("script \"/usr/bin/true\"", "enable_script_security"));
        Assert.Contains(r.Diagnostics, d => d.Message == "Unable to set default user keepalived_script for script");
        Assert.Contains(r.Diagnostics, d => d.Message == "Unable to set default user for vrrp script chk - removing");
        Assert.False(r.Config!.Scripts[0].Enabled);
        Assert.Empty(r.Config.Instances[0].TrackScripts);
    }

    [Fact]
    public void Unsafe_permissions_disable_the_script_under_script_security()
    {
        var env = FakeScriptEnvironment.DebianLike().User("keepalived_script", 900, 900).File("/opt/chk.sh", mode: "777");
        var r = Load(Config("script \"/opt/chk.sh\" root", "enable_script_security"), Options(scripts: env));
        Assert.Contains(r.Diagnostics, d => d.Message == "Unsafe permissions found for script '/opt/chk.sh' - disabling.");
        Assert.Contains(r.Diagnostics, d => d.Message == "Disabling track script chk due to insecure");
        Assert.False(r.Config!.Scripts[0].Enabled);
    }

    [Fact]
    public void Unsafe_directory_is_reported_with_the_violation()
    {
        var env = FakeScriptEnvironment.DebianLike().File("/home/u/chk.sh").Directory("/home/u", uid: 1000, gid: 1000);
        var r = Load(Config("script \"/home/u/chk.sh\""), Options(scripts: env));
        Assert.Contains(r.Diagnostics, d => d.Message == "Unsafe permissions found for script '/home/u/chk.sh'.");
        Assert.Contains(r.Diagnostics, d => d.Message.EndsWith(" There are insecure scripts.", StringComparison.Ordinal));
        Assert.Equal(ConfigTestResult.ScriptSecurity, r.TestResult);
    }

    [Fact]
    public void Missing_track_script_is_disabled_with_an_error_missing_notify_silently()
    {
        var r = Load(Config("script \"/nonexistent/chk\""));
        Assert.Contains(r.Diagnostics, d => d.Message == "Disabling track script chk since not found/accessible");
        Assert.Equal(ConfigTestResult.Errors, r.TestResult);
        var n = Load(Instance("virtual_ipaddress {\n 10.0.0.1\n}\nnotify_master /nonexistent/notify"));
        Assert.Equal(ConfigTestResult.Ok, n.TestResult);
        Assert.Null(n.Config!.Instances[0].Notify.Master);
    }

    [Fact]
    public void Shell_redirect_checks_are_not_executables()
    {
        var r = Load(Config("script \"</dev/tcp/127.0.0.1/80\""));
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
        Assert.True(r.Config!.Scripts[0].Enabled);
    }

    [Fact]
    public void Bare_names_are_searched_in_path()
    {
        var found = Load(Config("script \"killall -0 sshd\""));
        Assert.Equal(ConfigTestResult.ScriptSecurity, found.TestResult);
        var missing = Load(Config("script \"pidof sshd\""));
        Assert.Contains(missing.Diagnostics, d => d.Message == "Cannot find script pidof in path - disabling");
    }

    [Fact]
    public void Script_run_as_a_non_root_user_skips_the_path_check_but_still_needs_script_security()
    {
        // keepalived (lib/notify.c) sets SC_ISSCRIPT for every script it finds, whatever the user, and reports the
        // violation for any of them; only the path-permission check is reserved for scripts running as root.
        var env = FakeScriptEnvironment.DebianLike().User("nobody", 65534, 65534).File("/opt/x.sh", uid: 1000);
        var r = Load(Config("script \"/opt/x.sh\"\n user nobody"), Options(scripts: env));
        Assert.Equal(ConfigTestResult.ScriptSecurity, r.TestResult);
        Assert.DoesNotContain(r.Diagnostics, d => d.Message.StartsWith("Unsafe permissions", StringComparison.Ordinal));
    }

    [Fact]
    public void Not_executable_for_the_user_disables()
    {
        var env = FakeScriptEnvironment.DebianLike().User("nobody", 65534, 65534).File("/opt/x.sh", mode: "744");
        var r = Load(Config("script \"/opt/x.sh\"\n user nobody"), Options(scripts: env));
        Assert.Contains(r.Diagnostics, d => d.Message == "WARNING - script '/opt/x.sh' is not executable for uid:gid 65534:65534 - disabling.");
        Assert.False(r.Config!.Scripts[0].Enabled);
    }
}
