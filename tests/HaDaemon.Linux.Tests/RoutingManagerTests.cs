using System.Net;
using System.Net.Sockets;
using HaDaemon.Linux.Addresses;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Results;
using HaDaemon.Linux.Routing;
using HaDaemon.TestSupport;

namespace HaDaemon.Linux.Tests;

public sealed class RoutingManagerTests
{
    private const AddressFamily V4 = AddressFamily.InterNetwork;
    private const AddressFamily V6 = AddressFamily.InterNetworkV6;

    private static IPAddress Ip(string s) => IPAddress.Parse(s);

    [NetnsFact]
    public void Adds_routes_with_ip_route_options_and_removes_them()
    {
        using var lab = LinuxLab.Create("rt");
        var routing = lab.Net(0).Routing;
        var ns = lab.Ns(0);
        var gw = Ip(lab.Lab.Ipv4(1));
        var gw2 = Ip(lab.Lab.Ipv4(0).Replace(".0.1", ".0.3", StringComparison.Ordinal));
        RouteSpec[] routes =
        [
            new() { Family = V4, Destination = Ip("192.0.2.0"), PrefixLength = 24, Via = gw, Interface = NetworkLab.Interface, Table = 100, Metric = 50, Protocol = 4, PreferredSource = Ip(lab.Lab.Ipv4(0)) },
            new() { Family = V4, Destination = Ip("192.0.2.128"), PrefixLength = 25, Via = gw, Metrics = [new(2, 1400), new(8, 1360)] },
            new() { Family = V4, Destination = Ip("198.18.0.0"), PrefixLength = 15, Interface = NetworkLab.Interface },
            new() { Family = V4, Destination = Ip("198.51.100.0"), PrefixLength = 24, Type = RouteType.Blackhole },
            new() { Family = V4, Destination = Ip("203.0.113.0"), PrefixLength = 25, Type = RouteType.Unreachable, Table = 100 },
            new() { Family = V4, Destination = Ip("203.0.113.128"), PrefixLength = 26, Type = RouteType.Prohibit, Table = 100 },
            new() { Family = V4, Destination = Ip("203.0.113.192"), PrefixLength = 26, Type = RouteType.Throw, Table = 100 },
            new() { Family = V4, Destination = Ip("198.19.0.0"), PrefixLength = 16, NextHops =
                [new() { Via = gw, Interface = NetworkLab.Interface, Weight = 1 }, new() { Via = gw2, Interface = NetworkLab.Interface, Weight = 3 }] },
            new() { Family = V4, Table = 300, Via = gw },
            new() { Family = V6, Destination = Ip("2001:db8:1::"), PrefixLength = 64, Via = Ip(lab.Lab.Ipv6(1)), Interface = NetworkLab.Interface, Metric = 10 },
        ];

        Assert.All(routing.AddRoutes(routes), r => Assert.Equal(ChangeOutcome.Applied, r.Outcome));

        var table100 = ns.Ip("route", "show", "table", "100");
        var main = ns.Ip("route", "show");
        Assert.Contains($"192.0.2.0/24 via {gw} dev eth0 proto static src {lab.Lab.Ipv4(0)} metric 50", table100);
        Assert.Contains("unreachable 203.0.113.0/25", table100);
        Assert.Contains("prohibit 203.0.113.128/26", table100);
        Assert.Contains("throw 203.0.113.192/26", table100);
        Assert.Contains($"192.0.2.128/25 via {gw} dev eth0 mtu 1400 advmss 1360", main);
        Assert.Contains("198.18.0.0/15 dev eth0 scope link", main);
        Assert.Contains("blackhole 198.51.100.0/24", main);
        Assert.Matches($@"198\.19\.0\.0/16 \n\s+nexthop via {gw} dev eth0 weight 1 \n\s+nexthop via {gw2} dev eth0 weight 3", main);
        Assert.Contains($"default via {gw} dev eth0", ns.Ip("route", "show", "table", "300"));
        Assert.Contains($"2001:db8:1::/64 via {lab.Lab.Ipv6(1)} dev eth0 metric 10", ns.Ip("-6", "route", "show"));

        Assert.Equal(ChangeOutcome.AlreadyInState, routing.AddRoutes([routes[0]])[0].Outcome);
        Assert.All(routing.DeleteRoutes(routes), r => Assert.Equal(ChangeOutcome.Applied, r.Outcome));
        Assert.All(routing.DeleteRoutes(routes), r => Assert.Equal(ChangeOutcome.AlreadyInState, r.Outcome));
        Assert.Equal("", ns.Ip("route", "show", "table", "100").Trim());
        Assert.DoesNotContain("198.", ns.Ip("route", "show"));
    }

    [NetnsFact]
    public void Adds_routes_with_keepalived_metrics_realms_types_and_add_modes()
    {
        using var lab = LinuxLab.Create("rtx");
        var routing = lab.Net(0).Routing;
        var ns = lab.Ns(0);
        var gw = Ip(lab.Lab.Ipv4(1));
        var metrics = new RouteSpec
        {
            Family = V4, Destination = Ip("192.0.2.0"), PrefixLength = 24, Via = gw, Interface = NetworkLab.Interface, Table = 100,
            Metric = 7, Protocol = 18, Scope = 0, Realms = (3u << 16) | 4, Mode = RouteAddMode.Prepend,
            Metrics = [new(2, 1400, Locked: true), new(3, 1000), new(4, 1600), new(8, 1300), new(10, 5), new(11, 10), new(12, 1)],
            CongestionControl = "cubic",
        };
        var v6 = new RouteSpec
        {
            Family = V6, Destination = Ip("2001:db8:5::"), PrefixLength = 64, Interface = NetworkLab.Interface, Protocol = 18,
            RouterPreference = 1, Expires = 300, Mode = RouteAddMode.Append,
        };
        var hopRealms = new RouteSpec
        {
            Family = V4, Destination = Ip("198.19.0.0"), PrefixLength = 16, Protocol = 18,
            NextHops = [new() { Via = gw, Interface = NetworkLab.Interface, Realms = 9 }],
        };

        Assert.All(routing.AddRoutes([metrics, v6, hopRealms]), r => Assert.Equal(ChangeOutcome.Applied, r.Outcome));
        // A nat route is what keepalived sends for "nat PREFIX": today's kernels refuse it, and the error says so.
        var nat = routing.AddRoutes([new RouteSpec { Family = V4, Destination = Ip("198.51.100.0"), PrefixLength = 24, Type = RouteType.Nat, Via = gw }])[0];
        Assert.Equal(Errno.EINVAL, nat.Error?.Errno);

        // The same text `ip route` shows for keepalived 2.2.7's route with these options.
        Assert.Contains($"192.0.2.0/24 via {gw} dev eth0 proto keepalived metric 7 realms 3/4 mtu lock 1400 window 1000 rtt 200ms advmss 1300 hoplimit 5 initcwnd 10 features ecn congctl cubic",
            ns.Ip("route", "show", "table", "100"));
        Assert.Matches(@"2001:db8:5::/64 dev eth0 proto keepalived metric 1024 expires \d+sec pref high", ns.Ip("-6", "route", "show"));
        // The kernel folds a single next hop into the route; its realms stay.
        Assert.Matches($@"198\.19\.0\.0/16 via {gw} dev eth0 proto keepalived realm 9", ns.Ip("route", "show", "198.19.0.0/16"));

        // Prepend (keepalived's default) re-adding the same route is still "already there".
        Assert.Equal(ChangeOutcome.AlreadyInState, routing.AddRoutes([metrics])[0].Outcome);
        Assert.All(routing.DeleteRoutes([metrics, v6, hopRealms]), r => Assert.Equal(ChangeOutcome.Applied, r.Outcome));
        Assert.Equal("", ns.Ip("route", "show", "table", "100").Trim());
    }

    [NetnsFact]
    public void Route_failures_are_typed_with_the_errno()
    {
        using var lab = LinuxLab.Create("rterr");
        var routing = lab.Net(0).Routing;
        var before = lab.Ns(0).Ip("route", "show", "table", "all");

        var results = routing.AddRoutes(
        [
            new() { Family = V4, Destination = Ip("192.0.2.0"), PrefixLength = 24, Interface = "nosuch0" },
            new() { Family = V4, Destination = Ip("192.0.2.0"), PrefixLength = 24, Via = Ip("203.0.113.1") },
            new() { Family = V4, Destination = Ip("2001:db8::"), PrefixLength = 24 },
        ]);

        Assert.Equal(PlatformErrorKind.InterfaceNotFound, results[0].Error?.Kind);
        Assert.Equal(PlatformErrorKind.Kernel, results[1].Error?.Kind);
        Assert.Equal(Errno.ENETUNREACH, results[1].Error!.Errno);
        Assert.Contains("ENETUNREACH", results[1].Error!.Message);
        Assert.Equal(PlatformErrorKind.InvalidRequest, results[2].Error?.Kind);
        Assert.Equal(before, lab.Ns(0).Ip("route", "show", "table", "all"));
    }

    [NetnsFact]
    public void Adds_rules_with_ip_rule_options_and_removes_them()
    {
        using var lab = LinuxLab.Create("rule");
        var routing = lab.Net(0).Routing;
        var ns = lab.Ns(0);
        RuleSpec[] rules =
        [
            new() { Family = V4, From = Ip("192.0.2.0"), FromPrefixLength = 24, Table = 100, Priority = 100 },
            new() { Family = V4, To = Ip("198.51.100.0"), ToPrefixLength = 24, InputInterface = "eth0", FwMark = 0x10, FwMask = 0xff, Table = 200, Priority = 101 },
            new() { Family = V4, OutputInterface = "eth0", Action = RuleAction.Blackhole, Priority = 102 },
            new() { Family = V4, Action = RuleAction.Goto, GotoPriority = 104, Priority = 103 },
            new() { Family = V4, From = Ip("10.0.0.0"), FromPrefixLength = 8, Invert = true, Table = 100, Priority = 104 },
            new() { Family = V4, UidRange = (1000, 2000), IpProtocol = 6, SourcePorts = (1000, 2000), DestinationPorts = (80, 80), Table = 100, Priority = 105 },
            new() { Family = V4, Table = 1000, Priority = 107, SuppressPrefixLength = 0 },
            new() { Family = V6, From = Ip("2001:db8::"), FromPrefixLength = 32, Table = 100, Priority = 106 },
        ];

        Assert.All(routing.AddRules(rules), r => Assert.Equal(ChangeOutcome.Applied, r.Outcome));

        var shown = ns.Ip("rule", "show");
        Assert.Contains("100:\tfrom 192.0.2.0/24 lookup 100", shown);
        Assert.Contains("101:\tfrom all to 198.51.100.0/24 fwmark 0x10/0xff iif eth0 lookup 200", shown);
        Assert.Contains("102:\tfrom all oif eth0 blackhole", shown);
        Assert.Contains("103:\tfrom all goto 104", shown);
        Assert.Contains("104:\tnot from 10.0.0.0/8 lookup 100", shown);
        Assert.Contains("105:\tfrom all uidrange 1000-2000 ipproto tcp sport 1000-2000 dport 80 lookup 100", shown);
        Assert.Contains("107:\tfrom all lookup 1000 suppress_prefixlength 0", shown);
        Assert.Contains("106:\tfrom 2001:db8::/32 lookup 100", ns.Ip("-6", "rule", "show"));

        Assert.Equal(ChangeOutcome.AlreadyInState, routing.AddRules([rules[0]])[0].Outcome);
        Assert.All(routing.DeleteRules(rules), r => Assert.Equal(ChangeOutcome.Applied, r.Outcome));
        Assert.All(routing.DeleteRules(rules), r => Assert.Equal(ChangeOutcome.AlreadyInState, r.Outcome));
        Assert.DoesNotMatch(@"\n10\d:", "\n" + ns.Ip("rule", "show"));
        Assert.Equal(PlatformErrorKind.InvalidRequest, routing.AddRules([new RuleSpec { Family = V4, Action = RuleAction.Goto }])[0].Error?.Kind);
    }
}
