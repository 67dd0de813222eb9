using System.Collections.Concurrent;
using System.Net;
using HaDaemon.Linux.Addresses;
using System.Net.Sockets;
using HaDaemon.Linux.Monitoring;
using HaDaemon.Linux.Routing;
using HaDaemon.TestSupport;

namespace HaDaemon.Linux.Tests;

public sealed class LinkMonitorTests
{
    private static T WaitFor<T>(BlockingCollection<NetEvent> events, Func<T, bool> match) where T : NetEvent
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (events.TryTake(out var ev, Math.Max(0, (int)(deadline - DateTime.UtcNow).TotalMilliseconds)))
        {
            if (ev is T typed && match(typed))
            {
                return typed;
            }
        }
        throw new TimeoutException($"no {typeof(T).Name} event within 5 s");
    }

    [NetnsFact]
    public void Reports_current_links_then_carrier_loss_when_the_peer_goes_down_and_its_return()
    {
        using var lab = LinuxLab.Create("mon");
        using var events = new BlockingCollection<NetEvent>();
        using var monitor = lab.Net(0).CreateLinkMonitor();
        Assert.True(monitor.Start(events.Add).IsSuccess);
        var initial = WaitFor<LinkChanged>(events, e => e.Link.Name == NetworkLab.Interface);
        Assert.True(initial.Link.OperUp);

        lab.Ns(1).Ip("link", "set", NetworkLab.Interface, "down");
        var down = WaitFor<LinkChanged>(events, e => e.Link.Name == NetworkLab.Interface);
        Assert.False(down.Link.OperUp);
        Assert.True(down.Link.AdminUp);
        Assert.Equal(0x1u, down.Link.Flags & 0x10001u); // still IFF_UP, no IFF_LOWER_UP (the peer is down)

        lab.Ns(1).Ip("link", "set", NetworkLab.Interface, "up");
        Assert.True(WaitFor<LinkChanged>(events, e => e.Link.Name == NetworkLab.Interface).Link.OperUp);
    }

    [NetnsFact]
    public void Reports_an_externally_deleted_vip_and_a_removed_link()
    {
        using var lab = LinuxLab.Create("mvip");
        using var events = new BlockingCollection<NetEvent>();
        using var monitor = lab.Net(0).CreateLinkMonitor();
        Assert.True(monitor.Start(events.Add).IsSuccess);
        var vip = new AddressSpec { Address = IPAddress.Parse("192.0.2.77"), Interface = NetworkLab.Interface };
        var vip6 = new AddressSpec { Address = IPAddress.Parse("2001:db8::77"), Interface = NetworkLab.Interface, NoDad = true };
        Assert.True(lab.Net(0).Addresses.Add(vip).IsSuccess);
        Assert.True(lab.Net(0).Addresses.Add(vip6).IsSuccess);
        Assert.Equal(32, WaitFor<AddressAdded>(events, e => e.Address.Address.Equals(vip.Address)).Address.PrefixLength);

        lab.Ns(0).Ip("addr", "del", "192.0.2.77/32", "dev", NetworkLab.Interface);
        lab.Ns(0).Ip("addr", "del", "2001:db8::77/128", "dev", NetworkLab.Interface);

        var removed = WaitFor<AddressRemoved>(events, e => e.Address.Address.Equals(vip.Address));
        Assert.Equal(lab.Net(0).Interfaces.Find(NetworkLab.Interface).Unwrap().Index, removed.Address.InterfaceIndex);
        WaitFor<AddressRemoved>(events, e => e.Address.Address.Equals(vip6.Address));

        lab.Ns(0).Ip("link", "add", "gone0", "type", "veth", "peer", "name", "gone1");
        WaitFor<LinkChanged>(events, e => e.Link.Name == "gone0");
        lab.Ns(0).Ip("link", "del", "gone0");
        Assert.Equal("gone0", WaitFor<LinkRemoved>(events, e => e.Name == "gone0").Name);
    }

    [NetnsFact]
    public void Reports_deleted_keepalived_routes_and_rules_that_match_what_was_installed_and_nothing_else()
    {
        using var lab = LinuxLab.Create("mrt");
        using var events = new BlockingCollection<NetEvent>();
        using var monitor = lab.Net(0).CreateLinkMonitor();
        Assert.True(monitor.Start(events.Add).IsSuccess);
        Assert.True(monitor.WatchRouting(ipv4Routes: true, ipv6Routes: false, ipv4Rules: true, ipv6Rules: false).IsSuccess);
        var routing = lab.Net(0).Routing;
        var index = lab.Net(0).Interfaces.IndexOf(NetworkLab.Interface).Unwrap();
        var ours = new RouteSpec
        {
            Family = AddressFamily.InterNetwork, Destination = IPAddress.Parse("192.0.2.0"), PrefixLength = 24,
            Interface = NetworkLab.Interface, Table = 100, Metric = 5, Protocol = 18, Scope = 0,
        };
        var rule = new RuleSpec
        {
            Family = AddressFamily.InterNetwork, From = IPAddress.Parse("198.51.100.0"), FromPrefixLength = 24, Table = 100,
            Priority = 1000, Protocol = 18, FwMark = 7, Realms = 3,
        };
        Assert.True(routing.AddRoutes([ours])[0].IsSuccess);
        Assert.True(routing.AddRules([rule])[0].IsSuccess);
        // Someone else's route (protocol boot): its deletion is not ours to report (keepalived's netlink_route_filter).
        lab.Ns(0).Ip("route", "add", "198.18.0.0/16", "dev", NetworkLab.Interface);
        lab.Ns(0).Ip("route", "del", "198.18.0.0/16", "dev", NetworkLab.Interface);

        lab.Ns(0).Ip("route", "del", "192.0.2.0/24", "table", "100", "metric", "5");
        lab.Ns(0).Ip("rule", "del", "pref", "1000");

        var route = WaitFor<RouteRemoved>(events, _ => true).Route;
        Assert.Equal(IPAddress.Parse("192.0.2.0"), route.Destination);
        Assert.True(route.IsVirtual(ours, index));
        Assert.False(route.IsVirtual(ours with { Metric = 6 }, index));
        Assert.False(route.IsVirtual(ours, index + 1));
        // A static line matches on table, family, destination and TOS only.
        Assert.True(route.IsStatic(ours with { Metric = 6, Interface = "other" }));
        Assert.False(route.IsStatic(ours with { Table = 101 }));
        var removed = WaitFor<RuleRemoved>(events, _ => true).Rule;
        Assert.True(removed.Is(rule));
        Assert.False(removed.Is(rule with { Priority = 1001 }));
        Assert.False(removed.Is(rule with { FwMask = 0xff }));
        Assert.False(removed.Is(rule with { Realms = null }));
    }

    [NetnsFact]
    public void A_throwing_handler_does_not_stop_the_stream()
    {
        using var lab = LinuxLab.Create("mthr");
        using var events = new BlockingCollection<NetEvent>();
        var failures = 0;
        using var monitor = lab.Net(0).CreateLinkMonitor();
        monitor.Start(ev =>
        {
            events.Add(ev);
            throw new InvalidOperationException("handler bug");
        }, _ => Interlocked.Increment(ref failures));

        lab.Ns(0).Ip("addr", "add", "192.0.2.88/32", "dev", NetworkLab.Interface);
        WaitFor<AddressAdded>(events, e => e.Address.Address.Equals(IPAddress.Parse("192.0.2.88")));
        Assert.True(Volatile.Read(ref failures) > 1);
    }
}
