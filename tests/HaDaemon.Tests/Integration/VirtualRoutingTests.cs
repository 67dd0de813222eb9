using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>virtual_routes / virtual_rules follow mastership: installed with the VIPs, removed with them.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class VirtualRoutingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private const string Routing = """
        virtual_routes {
            192.0.2.0/24 dev eth0 table 100
        }
        virtual_rules {
            from 198.51.100.0/24 table 100 preference 1000
        }
        """;

    // `table all`: asking for table 100 directly is an error once the kernel has dropped the empty table.
    private static bool HasRoute(VrrpLab lab, int node) =>
        lab.Network[node].Ip("-4", "route", "show", "table", "all").Contains("192.0.2.0/24 dev eth0 table 100", StringComparison.Ordinal);

    private static bool HasRule(VrrpLab lab, int node) =>
        lab.Network[node].Ip("-4", "rule", "show").Contains("1000:\tfrom 198.51.100.0/24 lookup 100", StringComparison.Ordinal);

    [NetnsFact]
    public void The_master_alone_holds_the_virtual_route_and_rule_and_hands_them_over_at_stop()
    {
        using var lab = VrrpLab.Create("hvr");
        lab.WriteConfig(0, lab.Instance(150, extra: Routing));
        lab.WriteConfig(1, lab.Instance(100, extra: Routing));
        lab.Start(0).WaitForState("VI_1", "MASTER", Patience);
        lab.Start(1).WaitForState("VI_1", "BACKUP", Patience);

        Assert.True(HasRoute(lab, 0), lab.Network[0].Ip("-4", "route", "show", "table", "all"));
        Assert.True(HasRule(lab, 0), lab.Network[0].Ip("-4", "rule", "show"));
        Assert.False(HasRoute(lab, 1));
        Assert.False(HasRule(lab, 1));

        lab[0].Signal("TERM");
        Assert.Equal(0, lab[0].WaitForExit(TimeSpan.FromSeconds(10)));
        lab[1].WaitForState("VI_1", "MASTER", Patience);

        Assert.False(HasRoute(lab, 0));
        Assert.False(HasRule(lab, 0));
        Assert.True(HasRoute(lab, 1), lab.Network[1].Ip("-4", "route", "show", "table", "all"));
        Assert.True(HasRule(lab, 1), lab.Network[1].Ip("-4", "rule", "show"));
        Assert.Equal(0, lab[1].Count("failed"));
    }

    [NetnsFact]
    public void A_master_that_falls_back_to_backup_removes_its_route_and_rule()
    {
        using var lab = VrrpLab.Create("hvb");
        lab.WriteConfig(1, lab.Instance(100, extra: Routing));
        lab.WriteConfig(0, lab.Instance(150, extra: Routing));
        lab.Start(1).WaitForState("VI_1", "MASTER", Patience);
        Assert.True(HasRoute(lab, 1));
        Assert.True(HasRule(lab, 1));

        // The higher priority node preempts: the running master goes MASTER → BACKUP with a release, not a stop.
        lab.Start(0).WaitForState("VI_1", "MASTER", Patience);
        lab[1].WaitForState("VI_1", "BACKUP", Patience, occurrences: 2); // the first BACKUP was its start
        Assert.False(HasRoute(lab, 1));
        Assert.False(HasRule(lab, 1));
        Assert.True(HasRoute(lab, 0));
        Assert.True(HasRule(lab, 0));
    }
}
