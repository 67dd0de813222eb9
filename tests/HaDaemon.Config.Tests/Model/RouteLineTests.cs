using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Loading;
using HaDaemon.Config.Model;
using static HaDaemon.Config.Tests.Model.ModelTestHelpers;

namespace HaDaemon.Config.Tests.Model;

/// <summary>
/// virtual_routes/static_routes/virtual_rules lines as keepalived 2.2.7's alloc_route/alloc_rule read them: names
/// from the iproute2 files (injected), every route option, and the diagnostics at the offending word.
/// </summary>
public sealed class RouteLineTests
{
    private const string Vip = "virtual_ipaddress {\n 192.168.200.16\n}";

    private static readonly Dictionary<string, string> Files = new()
    {
        ["rt_tables"] = "# reserved values\n255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n#\n100 isp1\n0x200\tbig\n-1 negative\n7 two words here\n",
        ["rt_protos"] = "18 keepalived\n4 static\n77 custom\n",
        ["rt_scopes"] = "0 global\n253 link\n42 mine\n",
        ["rt_dsfield"] = "0x10 lowdelay\n",
        ["rt_realms"] = "3 east\n4 west\n",
        ["group"] = "0 default\n9 edge\n",
    };

    private static LoadResult LoadRoutes(string routes, IRouteNameFiles? files = null, string rules = "") =>
        Load(Instance($"{Vip}\nvirtual_routes {{\n{routes}\n}}\nvirtual_rules {{\n{rules}\n}}"),
            Options(routeNames: files ?? new FakeRouteNameFiles(Files)));

    private static RouteSpec Route(string line, IRouteNameFiles? files = null)
    {
        var r = LoadRoutes(line, files);
        return Assert.Single(r.Config!.Instances[0].VirtualRoutes);
    }

    private static RuleSpec Rule(string line) => Assert.Single(LoadRoutes("", rules: line).Config!.Instances[0].VirtualRules);

    /// <summary>The only error/warning, with its column; virtual_routes lines start on line 8 in <see cref="LoadRoutes"/>.</summary>
    private static Diagnostic Error(string line, IRouteNameFiles? files = null)
    {
        var r = LoadRoutes(line, files);
        Assert.Empty(r.Config!.Instances[0].VirtualRoutes);
        return Single(r);
    }

    [Fact]
    public void Table_names_come_from_rt_tables_with_hex_numbers_and_the_built_ins()
    {
        Assert.Equal(100u, Route("10.9.0.0/16 dev eth0 table isp1").Table);
        Assert.Equal(0x200u, Route("10.9.0.0/16 dev eth0 table big").Table);
        Assert.Equal(254u, Route("10.9.0.0/16 dev eth0 table main").Table);
        Assert.Equal(1000u, Route("10.9.0.0/16 dev eth0 table 1000").Table);
        Assert.Equal(0x10u, Route("10.9.0.0/16 dev eth0 table 0x10").Table);
        Assert.Equal(254u, Route("10.9.0.0/16 dev eth0").Table);
    }

    [Fact]
    public void Unknown_table_is_an_error_at_the_name_and_drops_the_route()
    {
        var d = Error("  10.9.0.0/16 dev eth0 table nosuch");
        Assert.Equal("Routing table nosuch not found for route", d.Message);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal((8, 30), (d.Location.Line, d.Location.Column));
        // Lines that are not "NUMBER NAME" are skipped, as keepalived's read_file does.
        Assert.Equal("Routing table here not found for route", Error("10.9.0.0/16 dev eth0 table here").Message);
        Assert.Equal("Routing table negative not found for route", Error("10.9.0.0/16 dev eth0 table negative").Message);
    }

    [Fact]
    public void Without_rt_tables_only_the_built_in_names_exist_and_the_file_is_read_once()
    {
        var files = new FakeRouteNameFiles();
        var r = LoadRoutes("10.9.0.0/16 dev eth0 table local\n10.10.0.0/16 dev eth0 table default\n10.11.0.0/16 dev eth0 table isp1", files);
        Assert.Equal([255u, 253u], r.Config!.Instances[0].VirtualRoutes.Select(x => x.Table));
        Assert.Equal("Routing table isp1 not found for route", Single(r).Message);
        Assert.Equal(["rt_tables"], files.Reads);
    }

    [Fact]
    public void A_file_naming_a_built_in_number_hides_the_built_in_name()
    {
        var files = new FakeRouteNameFiles(new Dictionary<string, string> { ["rt_tables"] = "254 primary\n" });
        Assert.Equal(254u, Route("10.9.0.0/16 dev eth0 table primary", files).Table);
        Assert.Equal("Routing table main not found for route", Error("10.9.0.0/16 dev eth0 table main", files).Message);
        Assert.Equal(255u, Route("10.9.0.0/16 dev eth0 table local", files).Table);
    }

    [Fact]
    public void Protocol_scope_tos_and_realms_names()
    {
        var r = Route("10.9.0.0/16 dev eth0 no_track protocol custom scope mine tos lowdelay realms east/west");
        Assert.Equal((77, 42, 0x10, (3u << 16) | 4u), ((int)r.Protocol, (int)r.Scope, (int?)r.Tos, r.Realms));
        // keepalived reads numbers with strtoul(…, 0): "tos 10" is decimal ten, not iproute2's hex.
        Assert.Equal((byte)10, Route("10.9.0.0/16 dev eth0 tos 10").Tos);
        Assert.Equal((byte)4, Route("10.9.0.0/16 dev eth0 no_track protocol static").Protocol);
        Assert.Equal(4u, Route("10.9.0.0/16 dev eth0 realms west").Realms);
    }

    [Theory]
    [InlineData("10.9.0.0/16 dev eth0 protocol nosuch", "Protocol nosuch not found or invalid for route", "nosuch")]
    [InlineData("10.9.0.0/16 dev eth0 scope nosuch", "Scope nosuch not found or invalid for route", "nosuch")]
    [InlineData("10.9.0.0/16 dev eth0 tos 256", "TOS value 256 is invalid", "256")]
    [InlineData("10.9.0.0/16 dev eth0 realms east/nosuch", "Invalid realms east/nosuch for route", "east/nosuch")]
    [InlineData("10.9.0.0/16 dev eth0 proto static", "unknown route keyword proto", "proto")]
    [InlineData("10.9.0.0/16 dev eth0 mtu lock x", "Invalid MTU x specified for route", "x")]
    [InlineData("10.9.0.0/16 dev eth0 hoplimit 256", "Invalid hoplimit 256 specified for route", "256")]
    [InlineData("10.9.0.0/16 dev eth0 quickack 2", "Invalid quickack value 2 specified for route", "2")]
    [InlineData("10.9.0.0/16 dev eth0 rtt 1e3", "Invalid rtt 1e3 for route", "1e3")]
    [InlineData("10.9.0.0/16 dev eth0 rtt 5min", "Invalid rtt 5min for route", "5min")]
    [InlineData("2001:db8::/32 dev eth0 realms 3", "realms are only valid for IPv4", "realms")]
    [InlineData("10.9.0.0/16 dev eth0 expires 5", "expires is only valid for IPv6", "expires")]
    [InlineData("10.9.0.0/16 dev eth0 from 10.1.0.0/16", "route from address only supported with IPv6 (10.1.0.0/16)", "10.1.0.0/16")]
    [InlineData("2001:db8::/32 dev eth0 pref huge", "Invalid pref value huge specified for route", "huge")]
    public void Bad_values_drop_the_route_with_an_error_at_the_value(string line, string message, string word)
    {
        var r = LoadRoutes(line);
        Assert.Empty(r.Config!.Instances[0].VirtualRoutes);
        var d = r.Diagnostics.Last(x => x.Severity >= Severity.Warning);
        Assert.Equal(message, d.Message);
        Assert.Equal((8, line.LastIndexOf(word, StringComparison.Ordinal) + 1), (d.Location.Line, d.Location.Column));
    }

    [Fact]
    public void Every_metric_with_lock_and_rtt_units()
    {
        var r = Route("10.9.0.0/16 dev eth0 mtu lock 1400 window 1000 rtt 1.5s rttvar lock 300ms rto_min 250 advmss 1300 reordering 3"
            + " cwnd 10 ssthresh 20 hoplimit 5 initcwnd 11 initrwnd 12 quickack 1 fastopen_no_cookie 1 features ecn congctl lock cubic");
        Assert.Equal(
        [
            new(RouteMetric.Mtu, 1400, true), new(RouteMetric.Window, 1000, false), new(RouteMetric.Rtt, 12000, false),
            new(RouteMetric.RttVar, 1200, true), new(RouteMetric.Ssthresh, 20, false), new(RouteMetric.Cwnd, 10, false),
            new(RouteMetric.AdvMss, 1300, false), new(RouteMetric.Reordering, 3, false), new(RouteMetric.HopLimit, 5, false),
            new(RouteMetric.InitCwnd, 11, false), new(RouteMetric.Features, 1, false), new(RouteMetric.RtoMin, 250, false),
            new(RouteMetric.InitRwnd, 12, false), new(RouteMetric.QuickAck, 1, false), new(RouteMetric.FastOpenNoCookie, 1, false),
        ], r.Metrics);
        Assert.Equal(("cubic", true), (r.CongestionControl, r.CongestionControlLocked));
    }

    [Theory]
    [InlineData("rtt 100ms", 1600u)] // below 200 ms: raised, as keepalived ("below minimum 200ms, resetting")
    [InlineData("rtt 130s", 960000u)] // above 120 s: lowered
    [InlineData("rtt 2000", 2000u)] // a bare number is in the kernel's units (1/8 ms)
    [InlineData("rtt 0.2505s", 2008u)] // 3 decimals, the fourth rounds
    [InlineData("rttvar 1sec", 4000u)]
    public void Rtt_values_follow_get_time_rtt(string option, uint expected) =>
        Assert.Equal(expected, Route($"10.9.0.0/16 dev eth0 {option}").Metrics.Single().Value);

    [Fact]
    public void Ipv6_from_pref_expires_ttl_propagate_and_add_modes()
    {
        var r = Route("2001:db8:1::/48 from 2001:db8:2::/64 dev eth0 expires 300 pref low ttl-propagate enabled append");
        Assert.Equal(("2001:db8:2::/64", 300u, (byte?)3, (bool?)true, RouteAddMode.Append),
            (r.From, r.Expires, r.Preference, r.TtlPropagate, r.Mode));
        Assert.Equal(RouteAddMode.Add, Route("10.9.0.0/16 dev eth0 add").Mode);
        Assert.Equal(RouteAddMode.Prepend, Route("10.9.0.0/16 dev eth0 append prepend").Mode);
        // keepalived reports a bad ttl-propagate word and sends "disabled".
        var bad = LoadRoutes("10.9.0.0/16 dev eth0 ttl-propagate maybe");
        Assert.False(Assert.Single(bad.Config!.Instances[0].VirtualRoutes).TtlPropagate);
        Assert.Equal("ttl-propagate value maybe not recognised", Single(bad).Message);
    }

    [Theory]
    [InlineData("nat 10.9.0.0/16 via 192.168.200.1 dev eth0", 10)]
    [InlineData("blackhole 10.9.0.0/16", 6)]
    [InlineData("brd 10.9.0.0/16 dev eth0", 3)]
    [InlineData("xresolve 10.9.0.0/16 dev eth0", 11)]
    [InlineData("12 10.9.0.0/16 dev eth0", 12)]
    [InlineData("10.9.0.0/16 dev eth0", 1)]
    public void Route_types_by_name_or_number(string line, int type) => Assert.Equal((byte)type, Route(line).Type);

    [Fact]
    public void Tracking_forces_protocol_keepalived_and_needs_a_device()
    {
        var r = LoadRoutes("10.9.0.0/16 dev eth0 protocol static");
        Assert.Equal((byte)18, Assert.Single(r.Config!.Instances[0].VirtualRoutes).Protocol);
        Assert.Equal("Route cannot be tracked if protocol is not RTPROT_KEEPALIVED(18), resetting protocol", Single(r).Message);
        var untracked = LoadRoutes("blackhole 10.9.0.0/16");
        Assert.True(Assert.Single(untracked.Config!.Instances[0].VirtualRoutes).NoTrack);
        Assert.Equal("Warning - cannot track route 10.9.0.0/16 with no interface specified, not tracking", Single(untracked).Message);
        // Next-hop devices do not count: keepalived tracks the route's own oif only.
        Assert.True(Route("10.9.0.0/16 nexthop via 192.168.200.1 dev eth0").NoTrack);
    }

    [Fact]
    public void Nexthops_carry_onlink_and_realms()
    {
        var r = Route("10.9.0.0/16 dev eth0 nexthop via 192.168.200.1 dev eth0 weight 2 onlink realms east nexthop via 192.168.200.2 dev eth1");
        Assert.Equal([new RouteNextHop("192.168.200.1", "eth0", 2, true, 3), new RouteNextHop("192.168.200.2", "eth1", null)], r.NextHops);
    }

    [Fact]
    public void Encap_and_vrf_are_read_but_reported_as_not_installed()
    {
        Assert.Equal(["encap"], Route("10.9.0.0/16 dev eth0 encap mpls 200/300").NotInstalled);
        Assert.Equal(["vrf"], Route("10.9.0.0/16 dev eth0 vrf blue").NotInstalled);
        // "as [to]" is ignored by keepalived with an error; the route stays.
        var r = LoadRoutes("10.9.0.0/16 dev eth0 as to 10.1.1.1");
        Assert.Empty(Assert.Single(r.Config!.Instances[0].VirtualRoutes).NotInstalled);
        Assert.Equal("\"as to\" for MPLS only - ignoring", Single(r).Message);
    }

    [Fact]
    public void Rules_resolve_tables_tos_realms_and_groups_from_the_files()
    {
        var r = Rule("from 10.0.0.0/8 table isp1 tos lowdelay realms east suppress_ifgroup edge preference 10");
        Assert.Equal((100u, (byte)0x10, 3u, 9u, (byte)18), (r.Table!.Value, r.Tos!.Value, r.Realms!.Value, r.SuppressInterfaceGroup!.Value, r.Protocol!.Value));
        Assert.Null(Rule("from 10.0.0.0/8 table 100 no_track preference 10").Protocol);
        Assert.Equal((byte)77, Rule("from 10.0.0.0/8 table 100 no_track protocol 77 preference 10").Protocol);
        // keepalived's "dev" is the input interface, as "iif".
        Assert.Equal(("eth1", (string?)null), (Rule("dev eth1 table 100 preference 10").InputInterface, Rule("dev eth1 table 100 preference 10").OutputInterface));
    }

    [Theory]
    [InlineData("from 10.0.0.0/8 table nosuch preference 10", "Routing table nosuch not found for rule", "nosuch")]
    [InlineData("from 10.0.0.0/8 table 0 preference 10", "Table 0 is not valid", "0")]
    [InlineData("from 10.0.0.0/8 table 100 tos nosuch preference 10", "TOS value nosuch is invalid", "nosuch")]
    [InlineData("from 10.0.0.0/8 table 100 realms a/b preference 10", "invalid realms a/b for rule", "a/b")]
    [InlineData("from 10.0.0.0/8 table 100 suppress_ifgroup nosuch preference 10", "suppress_group nosuch is invalid", "nosuch")]
    public void Bad_rule_names_drop_the_rule_at_the_value(string line, string message, string word)
    {
        var r = LoadRoutes("", rules: line);
        Assert.Empty(r.Config!.Instances[0].VirtualRules);
        var d = Single(r);
        Assert.Equal(message, d.Message);
        Assert.Equal((11, line.IndexOf(" " + word + " ", StringComparison.Ordinal) + 2), (d.Location.Line, d.Location.Column));
    }

    [Fact]
    public void A_rule_protocol_is_a_number_only_and_a_name_is_reported_but_the_rule_kept()
    {
        var r = LoadRoutes("", rules: "from 10.0.0.0/8 table 100 no_track protocol static preference 10");
        Assert.Null(Assert.Single(r.Config!.Instances[0].VirtualRules).Protocol);
        Assert.Equal("Invalid protocol static", Single(r).Message);
    }
}
