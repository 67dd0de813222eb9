using HaDaemon.Config.Environment;
using HaDaemon.Config.Loading;
using HaDaemon.Runtime;

namespace HaDaemon.Tests.Mapping;

public class StaticPlanTests
{
    private static StaticPlan Plan(string body)
    {
        var text = $$"""
            global_defs { default_interface eth0 }
            {{body}}
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                virtual_ipaddress { 192.168.200.10/24 }
            }
            """;
        var result = ConfigLoader.LoadText(text, "/test/keepalived.conf",
            new LoadOptions { Interfaces = new FixedInterfaceCatalog(["lo", "eth0", "eth1"]) });
        Assert.True(result.CanRun, string.Join("\n", result.Diagnostics));
        return StaticPlan.From(result.Config!);
    }

    [Fact]
    public void Static_addresses_default_to_default_interface_and_lines_map_to_specs()
    {
        var plan = Plan("""
            static_ipaddress { 10.1.1.1/24 }
            static_routes { 10.2.0.0/16 via 10.1.1.254 dev eth0 }
            static_rules { from 10.1.1.0/24 table 7 preference 50 }
            """);
        Assert.Equal("eth0", Assert.Single(plan.Addresses).Interface);
        Assert.Equal(16, Assert.Single(plan.Routes).PrefixLength);
        Assert.Equal(7u, Assert.Single(plan.Rules).Table);
    }

    [Fact]
    public void On_reload_only_what_the_new_configuration_lacks_is_removed()
    {
        var before = Plan("""
            static_ipaddress { 10.1.1.1/24
                10.1.1.2/24 }
            static_routes { 10.2.0.0/16 nexthop via 10.1.1.254 dev eth0 nexthop via 10.1.1.253 dev eth0
                10.3.0.0/16 dev eth0 }
            static_rules { from 10.1.1.0/24 table 7 preference 50
                from 10.1.2.0/24 table 7 preference 51 }
            """);
        var after = Plan("""
            static_ipaddress { 10.1.1.1/24 }
            static_routes { 10.2.0.0/16 nexthop via 10.1.1.254 dev eth0 nexthop via 10.1.1.253 dev eth0 }
            static_rules { from 10.1.1.0/24 table 7 preference 50 }
            """);
        var gone = before.Without(after);
        Assert.Equal("10.1.1.2", Assert.Single(gone.Addresses).Address.ToString());
        Assert.Equal("10.3.0.0", Assert.Single(gone.Routes).Destination!.ToString());
        Assert.Equal(51u, Assert.Single(gone.Rules).Priority);
        Assert.True(after.Without(after).IsEmpty);
    }

    [Fact]
    public void Static_lines_turn_on_route_and_rule_watching_only_with_a_track_group_and_carry_their_tracking()
    {
        var plan = Plan("""
            static_ipaddress { 10.1.1.1/24
                10.1.1.2/24 no_track }
            static_routes { 10.2.0.0/16 dev eth0 track_group G
                2001:db8::/32 dev eth0
                10.3.0.0/16 dev eth0 no_track }
            static_rules { from 10.1.1.0/24 iif eth0 table 7 preference 50 track_group G }
            """);
        Assert.Equal(new RoutingWatch(V4Routes: true, V6Routes: false, V4Rules: true, V6Rules: false), RoutingWatch.Of([], plan));
        Assert.Equal("10.1.1.1", Assert.Single(plan.ReinstatedAddresses).Address.ToString());
        Assert.Equal([false, false, true], plan.WatchedRoutes.Select(w => w.NoTrack));
        Assert.Equal([true, false, false], plan.WatchedRoutes.Select(w => w.HasTrackGroup));
        Assert.Equal(RoutingWatch.None, RoutingWatch.Of([], Plan("static_routes { 10.2.0.0/16 dev eth0 }")));
    }
}
