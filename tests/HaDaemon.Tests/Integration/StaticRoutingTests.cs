using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>static_ipaddress / static_routes / static_rules: present whatever the VRRP state, gone after stop.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class StaticRoutingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string Statics(VrrpLab lab, int node) => $$"""
        static_ipaddress {
            {{lab.Vip(200 + node)}}/24 dev eth0
        }
        static_routes {
            192.0.2.0/24 dev eth0 table 200
        }
        static_rules {
            from 198.51.100.0/24 table 200 preference 2000
        }
        """;

    private static bool HasAll(VrrpLab lab, int node) =>
        lab.HasAddress(node, lab.Vip(200 + node))
        && lab.Network[node].Ip("-4", "route", "show", "table", "all").Contains("192.0.2.0/24 dev eth0 table 200", StringComparison.Ordinal)
        && lab.Network[node].Ip("-4", "rule", "show").Contains("2000:\tfrom 198.51.100.0/24 lookup 200", StringComparison.Ordinal);

    private static bool HasAny(VrrpLab lab, int node) =>
        lab.HasAddress(node, lab.Vip(200 + node))
        || lab.Network[node].Ip("-4", "route", "show", "table", "all").Contains("table 200", StringComparison.Ordinal)
        || lab.Network[node].Ip("-4", "rule", "show").Contains("lookup 200", StringComparison.Ordinal);

    [NetnsFact]
    public void Master_and_backup_both_install_their_statics_and_remove_them_at_stop()
    {
        using var lab = VrrpLab.Create("hsr");
        lab.WriteConfig(0, Statics(lab, 0) + lab.Instance(150));
        lab.WriteConfig(1, Statics(lab, 1) + lab.Instance(100));
        lab.Start(0).WaitForState("VI_1", "MASTER", Patience);
        lab.Start(1).WaitForState("VI_1", "BACKUP", Patience);
        Assert.True(HasAll(lab, 0), lab[0].Log);
        Assert.True(HasAll(lab, 1), lab[1].Log);

        lab[1].Signal("TERM");
        Assert.Equal(0, lab[1].WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.False(HasAny(lab, 1));
        Assert.True(HasAll(lab, 0));

        lab[0].Signal("TERM");
        Assert.Equal(0, lab[0].WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.False(HasAny(lab, 0));
    }
}
