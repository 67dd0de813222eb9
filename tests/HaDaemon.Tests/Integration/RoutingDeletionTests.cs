using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>
/// Routes, rules and static addresses deleted with <c>ip</c> from outside the daemon, handled as keepalived 2.2.7 does
/// (keepalived_netlink.c netlink_route_filter / netlink_rule_filter; checked against the real keepalived in a netns):
/// statics come back, a tracked virtual route or rule sends its MASTER through BACKUP and back, untracked lines and
/// unwatched families are left alone.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class RoutingDeletionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string Statics(VrrpLab lab) => $$"""
        static_ipaddress {
            {{lab.Vip(201)}}/24 dev eth0
        }
        static_routes {
            192.0.2.0/24 dev eth0 table 200
        }
        static_rules {
            from 198.51.100.0/24 table 200 preference 2000
        }
        """;

    private static string Has(VrrpLab lab, params string[] what) => lab.Network[0].Ip(["-4", .. what]);

    private static void Eventually(Func<bool> condition, Func<string> why)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, why());
            Thread.Sleep(50);
        }
    }

    [NetnsFact]
    public void Deleted_statics_are_restored_and_a_deleted_virtual_route_or_rule_sends_the_master_round_again()
    {
        using var lab = VrrpLab.Create("hrd", nodes: 1);
        const string Virtual = """
            virtual_routes {
                203.0.113.0/24 dev eth0 table 100 metric 5
            }
            virtual_rules {
                from 198.18.0.0/24 table 100 preference 1000
            }
            """;
        lab.WriteConfig(0, Statics(lab) + lab.Instance(150, extra: Virtual));
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", Patience);
        Assert.Contains("203.0.113.0/24 dev eth0 proto keepalived metric 5", Has(lab, "route", "show", "table", "100"));

        lab.Network[0].Ip("addr", "del", lab.Vip(201) + "/24", "dev", "eth0");
        daemon.WaitFor("Restoring deleted static address", Patience);
        Eventually(() => lab.HasAddress(0, lab.Vip(201)), () => daemon.Log);

        lab.Network[0].Ip("route", "del", "192.0.2.0/24", "table", "200");
        daemon.WaitFor("Restoring deleted static route", Patience);
        Eventually(() => Has(lab, "route", "show", "table", "all").Contains("192.0.2.0/24 dev eth0 table 200 proto keepalived", StringComparison.Ordinal), () => daemon.Log);

        lab.Network[0].Ip("rule", "del", "pref", "2000");
        daemon.WaitFor("Restoring deleted static rule", Patience);
        Eventually(() => Has(lab, "rule", "show").Contains("2000:\tfrom 198.51.100.0/24 lookup 200 proto keepalived", StringComparison.Ordinal), () => daemon.Log);

        lab.Network[0].Ip("route", "del", "203.0.113.0/24", "table", "100", "metric", "5");
        daemon.WaitForState("VI_1", "BACKUP", Patience);
        daemon.WaitForState("VI_1", "MASTER", Patience, occurrences: 2);
        Eventually(() => Has(lab, "route", "show", "table", "all").Contains("203.0.113.0/24 dev eth0 table 100", StringComparison.Ordinal), () => daemon.Log);

        lab.Network[0].Ip("rule", "del", "pref", "1000");
        daemon.WaitForState("VI_1", "BACKUP", Patience, occurrences: 2);
        daemon.WaitForState("VI_1", "MASTER", Patience, occurrences: 3);
        Eventually(() => Has(lab, "rule", "show").Contains("1000:\tfrom 198.18.0.0/24 lookup 100", StringComparison.Ordinal), () => daemon.Log);
        Assert.Equal(0, daemon.Count("failed"));
    }

    [NetnsFact]
    public void Untracked_virtual_routes_and_statics_of_unwatched_families_are_left_deleted()
    {
        // No tracked virtual route/rule and no track_group: keepalived does not listen to route or rule events at all.
        using var lab = VrrpLab.Create("hru", nodes: 1);
        const string Virtual = """
            virtual_routes {
                203.0.113.0/24 dev eth0 table 100 no_track
            }
            """;
        lab.WriteConfig(0, Statics(lab) + lab.Instance(150, extra: Virtual));
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", Patience);

        lab.Network[0].Ip("route", "del", "203.0.113.0/24", "table", "100");
        lab.Network[0].Ip("route", "del", "192.0.2.0/24", "table", "200");
        lab.Network[0].Ip("rule", "del", "pref", "2000");
        // The static address is always watched: its restoration shows the events before it were seen and passed over.
        lab.Network[0].Ip("addr", "del", lab.Vip(201) + "/24", "dev", "eth0");
        daemon.WaitFor("Restoring deleted static address", Patience);

        Assert.DoesNotContain("192.0.2.0/24", Has(lab, "route", "show", "table", "all"));
        Assert.DoesNotContain("203.0.113.0/24", Has(lab, "route", "show", "table", "all"));
        Assert.DoesNotContain("2000:", Has(lab, "rule", "show"));
        Assert.Equal(1, daemon.Count(@"\(VI_1\) Entering MASTER STATE"));
        Assert.Equal(0, daemon.Count("Restoring deleted static (route|rule)"));

        // A reload that brings a tracked virtual route turns IPv4 route watching on (keepalived re-runs
        // set_extra_netlink_monitoring at reload): the static route, re-installed by the reload, now comes back.
        lab.WriteConfig(0, Statics(lab) + lab.Instance(150, extra: "virtual_routes {\n 203.0.113.0/24 dev eth0 table 100\n}"));
        daemon.Signal("HUP");
        daemon.WaitFor("Reloaded ", Patience);
        Eventually(() => Has(lab, "route", "show", "table", "all").Contains("192.0.2.0/24 dev eth0 table 200", StringComparison.Ordinal), () => daemon.Log);
        lab.Network[0].Ip("route", "del", "192.0.2.0/24", "table", "200");
        daemon.WaitFor("Restoring deleted static route", Patience);
        Assert.DoesNotContain("Restoring deleted static rule", daemon.Log, StringComparison.Ordinal);
    }
}
