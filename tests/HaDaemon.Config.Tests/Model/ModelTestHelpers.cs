using HaDaemon.Config.Loading;
using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Environment;

namespace HaDaemon.Config.Tests.Model;

internal static class ModelTestHelpers
{
    public const string VirtualPath = "/virtual/keepalived.conf";

    /// <summary>The interfaces of keepalived's lab netns ('katest': veth eth0..eth3 and the VLAN eth0.1, plus lo).</summary>
    public static readonly FixedInterfaceCatalog LabInterfaces = new(["lo", "eth0", "eth1", "eth2", "eth3", "eth0.1"]);

    public static LoadOptions Options(IInterfaceCatalog? interfaces = null, FakeScriptEnvironment? scripts = null, string? configId = null,
        IRouteNameFiles? routeNames = null) => new()
    {
        ConfigId = configId,
        Interfaces = interfaces ?? LabInterfaces,
        ScriptEnvironment = scripts ?? FakeScriptEnvironment.DebianLike(),
        // The machine's /etc/iproute2 must not change what a test reads: no files, built-in names only, unless given.
        RouteNameFiles = routeNames ?? new FakeRouteNameFiles(),
    };

    public static LoadResult Load(string text, LoadOptions? options = null) =>
        ConfigLoader.LoadText(text, VirtualPath, options ?? Options());

    /// <summary>A minimal valid instance around the given body lines.</summary>
    public static string Instance(string body, string name = "VI_1") => $$"""
        vrrp_instance {{name}} {
            interface eth0
            virtual_router_id 51
        {{body}}
        }
        """;

    /// <summary>global_defs with the given lines, then a minimal instance with one VIP.</summary>
    public static string WithGlobal(string lines) =>
        "global_defs {\n" + lines + "\n}\n" + Instance("virtual_ipaddress {\n 192.168.200.16\n}");

    public static string Messages(LoadResult r) => string.Join("\n", r.Diagnostics);

    public static Diagnostic Single(LoadResult r, Severity atLeast = Severity.Warning)
    {
        var hits = r.Diagnostics.Where(d => d.Severity >= atLeast).ToList();
        Assert.True(hits.Count == 1, "expected exactly one diagnostic, got:\n" + Messages(r));
        return hits[0];
    }
}
