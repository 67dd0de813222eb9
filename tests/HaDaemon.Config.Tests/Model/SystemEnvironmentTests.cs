using HaDaemon.Config.Environment;

namespace HaDaemon.Config.Tests.Model;

/// <summary>The real (read-only) system lookups behind the default loader options.</summary>
public sealed class SystemEnvironmentTests
{
    [Fact]
    public void Stat_of_root_is_a_root_owned_directory()
    {
        var env = new SystemScriptEnvironment();
        var st = env.LinkStatus("/");
        Assert.NotNull(st);
        Assert.Equal((FileKind.Directory, 0), (st.Value.Kind, st.Value.Uid));
        Assert.Null(env.Status("/nonexistent/hadaemon/" + Guid.NewGuid()));
    }

    [Fact]
    public void Shell_is_found_in_path_and_root_user_exists()
    {
        var env = new SystemScriptEnvironment();
        var sh = env.FindInPath("sh");
        Assert.NotNull(sh);
        Assert.Equal(FileKind.Regular, env.Status(sh!)!.Value.Kind);
        Assert.Equal(0, env.FindUser("root")!.Value.Uid);
        var real = env.RealPath(sh!);
        Assert.NotNull(real);
        Assert.Equal(FileKind.Regular, env.LinkStatus(real!)!.Value.Kind);
    }

    /// <summary>
    /// As realpath(3): a link whose target runs through a linked directory resolves to the canonical path
    /// (merged /usr: /usr/bin/pidof -> /sbin/killall5, /sbin -> usr/sbin gives /usr/sbin/killall5).
    /// </summary>
    [Fact]
    public void Real_path_canonicalises_a_link_target_that_runs_through_a_linked_directory()
    {
        var root = Directory.CreateTempSubdirectory("hd-realpath-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "usr", "sbin"));
            Directory.CreateDirectory(Path.Combine(root, "usr", "bin"));
            File.WriteAllText(Path.Combine(root, "usr", "sbin", "killall5"), "");
            Directory.CreateSymbolicLink(Path.Combine(root, "sbin"), "usr/sbin");
            File.CreateSymbolicLink(Path.Combine(root, "usr", "bin", "pidof"), Path.Combine(root, "sbin", "killall5"));

            var real = new SystemScriptEnvironment().RealPath(Path.Combine(root, "usr", "bin", "pidof"));

            Assert.Equal(Path.Combine(new DirectoryInfo(root).ResolveLinkTarget(true)?.FullName ?? root, "usr", "sbin", "killall5"), real);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Sys_class_net_catalog_sees_loopback()
    {
        var catalog = new SysClassNetInterfaceCatalog();
        Assert.True(catalog.Exists("lo"));
        Assert.True(catalog.IsLoopback("lo"));
        Assert.False(catalog.Exists("../etc"));
    }
}
