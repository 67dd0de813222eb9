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

    [Fact]
    public void Sys_class_net_catalog_sees_loopback()
    {
        var catalog = new SysClassNetInterfaceCatalog();
        Assert.True(catalog.Exists("lo"));
        Assert.True(catalog.IsLoopback("lo"));
        Assert.False(catalog.Exists("../etc"));
    }
}
