using System.Net;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Loading;
using HaDaemon.Linux.Routing;
using HaDaemon.Mapping;
using NetFamily = System.Net.Sockets.AddressFamily;

namespace HaDaemon.Tests.Mapping;

/// <summary>virtual_routes / virtual_rules lines, parsed by the real config pipeline, mapped to netlink requests.</summary>
public class RoutingSpecMapperTests
{
    private static readonly FixedInterfaceCatalog LabInterfaces = new(["lo", "eth0", "eth1"]);

    private static Config.Model.VrrpInstance Instance(string routes, string rules)
    {
        var text = $$"""
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                virtual_ipaddress { 192.168.200.10/24 }
                virtual_routes {
            {{routes}}
                }
                virtual_rules {
            {{rules}}
                }
            }
            """;
        var result = ConfigLoader.LoadText(text, "/test/keepalived.conf", new LoadOptions { Interfaces = LabInterfaces });
        Assert.True(result.CanRun, string.Join("\n", result.Diagnostics));
        return result.Config!.Instances.Single();
    }

    private static RouteSpec Route(string line) => RoutingSpecMapper.Route(Instance(line, "").VirtualRoutes.Single()).Spec!;

    private static RuleSpec Rule(string line) => RoutingSpecMapper.Rule(Instance("", line).VirtualRules.Single()).Spec!;

    [Fact]
    public void Destination_gateway_device_table_metric()
    {
        var r = Route("10.9.0.0/16 via 192.168.200.254 dev eth0 table 100 metric 7");
        Assert.Equal(IPAddress.Parse("10.9.0.0"), r.Destination);
        Assert.Equal(16, r.PrefixLength);
        Assert.Equal(NetFamily.InterNetwork, r.Family);
        Assert.Equal(IPAddress.Parse("192.168.200.254"), r.Via);
        Assert.Equal("eth0", r.Interface);
        Assert.Equal(100u, r.Table);
        Assert.Equal(7u, r.Metric);
        Assert.Equal(RouteType.Unicast, r.Type);
    }

    [Theory]
    [InlineData("default via 192.168.200.254 dev eth0")]
    [InlineData("any via 192.168.200.254 dev eth0")]
    [InlineData("all via 192.168.200.254 dev eth0")]
    public void Default_destinations_have_no_prefix(string line)
    {
        var r = Route(line);
        Assert.Null(r.Destination);
        Assert.Equal(0, r.PrefixLength);
    }

    [Fact]
    public void Ipv6_route()
    {
        var r = Route("2001:db8:1::/48 via 2001:db8::1 dev eth0");
        Assert.Equal(NetFamily.InterNetworkV6, r.Family);
        Assert.Equal(48, r.PrefixLength);
    }

    [Theory]
    [InlineData("main", 254u)]
    [InlineData("local", 255u)]
    [InlineData("default", 253u)]
    [InlineData("1000", 1000u)]
    public void Table_names_and_numbers(string table, uint expected) =>
        Assert.Equal(expected, Route($"10.9.0.0/16 dev eth0 table {table}").Table);

    [Theory]
    [InlineData("blackhole", RouteType.Blackhole)]
    [InlineData("unreachable", RouteType.Unreachable)]
    [InlineData("prohibit", RouteType.Prohibit)]
    [InlineData("throw", RouteType.Throw)]
    [InlineData("local", RouteType.Local)]
    public void Route_types(string type, RouteType expected) =>
        Assert.Equal(expected, Route($"{type} 10.9.0.0/16 no_track").Type);

    [Fact]
    public void Src_scope_protocol_tos_metrics_onlink()
    {
        var r = Route("10.9.0.0/16 src 192.168.200.10 dev eth0 scope link protocol static no_track tos 0x10 mtu lock 1400 advmss 1300 onlink");
        Assert.Equal(IPAddress.Parse("192.168.200.10"), r.PreferredSource);
        Assert.Equal((byte)253, r.Scope);
        Assert.Equal((byte)4, r.Protocol);
        Assert.Equal((byte)0x10, r.Tos);
        Assert.Equal([new RouteMetricSetting(2, 1400, true), new RouteMetricSetting(8, 1300)], r.Metrics);
        Assert.True(r.OnLink);
        Assert.Equal(RouteAddMode.Prepend, r.Mode);
    }

    [Fact]
    public void Keepalived_defaults_are_explicit_scope_universe_and_protocol_keepalived()
    {
        var r = Route("10.9.0.0/16 dev eth0");
        Assert.Equal((byte)0, r.Scope);
        Assert.Equal((byte)18, r.Protocol);
        Assert.Equal(254u, r.Table);
        // A tracked route is always protocol keepalived: that is how its deletion is recognised.
        Assert.Equal((byte)18, Route("10.9.0.0/16 dev eth0 protocol static").Protocol);
    }

    [Fact]
    public void Realms_expiry_preference_and_modes()
    {
        var r = Route("10.9.0.0/16 dev eth0 realms 3/4 append");
        Assert.Equal((3u << 16) | 4u, r.Realms);
        Assert.Equal(RouteAddMode.Append, r.Mode);
        Assert.Equal(RouteAddMode.Exclusive, Route("10.9.0.0/16 dev eth0 add").Mode);
        var v6 = Route("2001:db8:1::/48 from 2001:db8:2::/64 dev eth0 expires 300 pref high ttl-propagate disabled");
        Assert.Equal(IPAddress.Parse("2001:db8:2::"), v6.SourcePrefix);
        Assert.Equal(64, v6.SourcePrefixLength);
        Assert.Equal(300u, v6.Expires);
        Assert.Equal((byte)1, v6.RouterPreference);
        Assert.False(v6.TtlPropagate);
    }

    [Fact]
    public void Nat_type_is_passed_to_the_kernel() => Assert.Equal(RouteType.Nat, Route("nat 10.9.0.0/16 via 192.168.200.1 dev eth0").Type);

    [Fact]
    public void Nexthops_with_weights()
    {
        var r = Route("10.9.0.0/16 nexthop via 192.168.200.1 dev eth0 weight 2 nexthop via 10.0.1.1 dev eth1");
        Assert.Equal(2, r.NextHops.Count);
        Assert.Equal(2, r.NextHops[0].Weight);
        Assert.Equal(1, r.NextHops[1].Weight);
        Assert.Equal("eth1", r.NextHops[1].Interface);
        Assert.Equal(IPAddress.Parse("10.0.1.1"), r.NextHops[1].Via);
    }

    [Theory]
    [InlineData("10.9.0.0/16 dev eth0 encap ip id 5 dst 10.0.0.1", "encap")]
    [InlineData("10.9.0.0/16 dev eth0 vrf blue", "vrf")]
    public void Unsupported_route_lines_say_why(string line, string word)
    {
        var mapped = RoutingSpecMapper.Route(Instance(line, "").VirtualRoutes.Single());
        Assert.Null(mapped.Spec);
        Assert.Contains(word, mapped.Error!, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_from_to_table_preference()
    {
        var r = Rule("from 192.168.200.0/24 to 10.9.0.0/16 table 100 preference 1000");
        Assert.Equal(IPAddress.Parse("192.168.200.0"), r.From);
        Assert.Equal(24, r.FromPrefixLength);
        Assert.Equal(IPAddress.Parse("10.9.0.0"), r.To);
        Assert.Equal(16, r.ToPrefixLength);
        Assert.Equal(100u, r.Table);
        Assert.Equal(1000u, r.Priority);
        Assert.Equal(RuleAction.ToTable, r.Action);
    }

    [Fact]
    public void Rule_interfaces_fwmark_with_mask_and_invert()
    {
        var r = Rule("iif eth0 oif eth1 fwmark 0x10/0xff not table main preference 5");
        Assert.Equal("eth0", r.InputInterface);
        Assert.Equal("eth1", r.OutputInterface);
        Assert.Equal(0x10u, r.FwMark);
        Assert.Equal(0xffu, r.FwMask);
        Assert.True(r.Invert);
        Assert.Equal(254u, r.Table);
    }

    [Theory]
    [InlineData("blackhole", RuleAction.Blackhole)]
    [InlineData("unreachable", RuleAction.Unreachable)]
    [InlineData("prohibit", RuleAction.Prohibit)]
    [InlineData("nop", RuleAction.Nop)]
    public void Rule_actions(string action, RuleAction expected) =>
        Assert.Equal(expected, Rule($"from 10.0.0.0/8 {action} preference 10").Action);

    [Fact]
    public void Rule_goto_tos_ports_uids_protocols_l3mdev_suppress()
    {
        var r = Rule("from 10.0.0.0/8 goto 200 tos 0x08 sport 1000-2000 dport 53 uidrange 100-200 ipproto udp protocol 4 no_track suppress_prefixlength 0 preference 10");
        Assert.Equal(RuleAction.Goto, r.Action);
        Assert.Equal(200u, r.GotoPriority);
        Assert.Equal((byte)8, r.Tos);
        Assert.Equal(((ushort)1000, (ushort)2000), r.SourcePorts);
        Assert.Equal(((ushort)53, (ushort)53), r.DestinationPorts);
        Assert.Equal((100u, 200u), r.UidRange);
        Assert.Equal((byte)17, r.IpProtocol);
        Assert.Equal((byte)4, r.Protocol);
        Assert.Equal(0u, r.SuppressPrefixLength);
        Assert.True(Rule("l3mdev preference 10").L3mdev);
    }

    [Fact]
    public void Rule_realms_group_tunnel_and_keepalived_protocol()
    {
        var r = Rule("from 10.0.0.0/8 table 100 realms 1/2 suppress_ifgroup 7 tunnel-id 99 preference 10");
        Assert.Equal(0x10002u, r.Realms);
        Assert.Equal(7u, r.SuppressInterfaceGroup);
        Assert.Equal(99ul, r.TunnelId);
        Assert.Equal((byte)18, r.Protocol);
        Assert.Null(Rule("from 10.0.0.0/8 table 100 no_track preference 10").Protocol);
    }

    [Fact]
    public void Ipv6_rule()
    {
        var r = Rule("from 2001:db8::/32 table 100 preference 10");
        Assert.Equal(NetFamily.InterNetworkV6, r.Family);
        Assert.Equal(32, r.FromPrefixLength);
    }

    [Theory]
    [InlineData("from 10.0.0.0/8 sport 2000-1000 preference 10", "sport")]
    public void Unsupported_rule_lines_say_why(string line, string word)
    {
        var mapped = RoutingSpecMapper.Rule(Instance("", line).VirtualRules.Single());
        Assert.Null(mapped.Spec);
        Assert.Contains(word, mapped.Error!, StringComparison.Ordinal);
    }
}
