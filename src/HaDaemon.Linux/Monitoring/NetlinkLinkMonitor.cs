using System.Net.Sockets;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Namespaces;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Netlink;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Monitoring;

/// <summary>
/// Subscribes to RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR and RTNLGRP_IPV6_IFADDR, and on request to the IPv4/IPv6 route and
/// rule groups for keepalived's route/rule tracking. RTM_NEWLINK repeats for changes nobody cares about, so a link event is
/// only raised when admin/oper state, name, MAC or MTU changed; of the route and rule traffic only deletions of
/// protocol-keepalived entries are raised, decided on the monitor's thread so a busy routing table costs the loop nothing.
/// </summary>
internal sealed class NetlinkLinkMonitor(INetworkContext context) : ILinkMonitor
{
    private readonly CancellationTokenSource stop = new();
    private readonly Dictionary<int, InterfaceInfo> known = [];
    private NetlinkSocket? events;
    private Task? loop;

    public PlatformResult Start(Action<NetEvent> handler, Action<Exception>? onHandlerError = null)
    {
        if (events is not null)
        {
            return PlatformError.Invalid("link monitor", "already started");
        }
        var opened = NetlinkSocket.Open(context, Rtnl.RTNLGRP_LINK, Rtnl.RTNLGRP_IPV4_IFADDR, Rtnl.RTNLGRP_IPV6_IFADDR);
        if (!opened.IsSuccess)
        {
            return opened.Error!;
        }
        events = opened.Value!;
        // Subscribe first, then read the current links on a separate socket: a change in between shows up twice, never zero times.
        var snapshot = NetlinkSocket.Open(context);
        if (!snapshot.IsSuccess)
        {
            return snapshot.Error!;
        }
        using (var query = snapshot.Value!)
        {
            var links = new NetlinkInterfaceCatalog(query).ListInterfaces();
            if (!links.IsSuccess)
            {
                return links.Error!;
            }
            foreach (var link in links.Value!)
            {
                Deliver(new LinkChanged(link), handler, onHandlerError);
                known[link.Index] = link;
            }
        }
        loop = Task.Run(() => Run(events.Socket, handler, onHandlerError));
        return PlatformResult.Applied;
    }

    public PlatformResult WatchRouting(bool ipv4Routes, bool ipv6Routes, bool ipv4Rules, bool ipv6Rules)
    {
        if (events is not { } open)
        {
            return PlatformError.Invalid("link monitor", "not started");
        }
        return SocketFactory.Try("netlink route/rule group membership", () =>
        {
            foreach (var (group, join) in new[]
            {
                (Rtnl.RTNLGRP_IPV4_ROUTE, ipv4Routes), (Rtnl.RTNLGRP_IPV6_ROUTE, ipv6Routes),
                (Rtnl.RTNLGRP_IPV4_RULE, ipv4Rules), (Rtnl.RTNLGRP_IPV6_RULE, ipv6Rules),
            })
            {
                // Dropping a group never joined is not an error for the kernel.
                open.Socket.SetRawSocketOption(Rtnl.SOL_NETLINK, join ? Rtnl.NETLINK_ADD_MEMBERSHIP : Rtnl.NETLINK_DROP_MEMBERSHIP,
                    BitConverter.GetBytes(group));
            }
        });
    }

    private async Task Run(Socket socket, Action<NetEvent> handler, Action<Exception>? onHandlerError)
    {
        var buffer = new byte[256 * 1024];
        while (!stop.IsCancellationRequested)
        {
            int count;
            try
            {
                count = await socket.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
            }
            catch (SocketException e) when (e.ErrorCode == Errno.ENOBUFS || e.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
            {
                Deliver(new EventsLost(), handler, onHandlerError);
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            foreach (var message in NetlinkMessage.Split(buffer.AsMemory(0, count)))
            {
                if (Translate(message) is { } ev)
                {
                    Deliver(ev, handler, onHandlerError);
                }
            }
        }
    }

    private NetEvent? Translate(NetlinkMessage message)
    {
        switch (message.Type)
        {
            case Rtnl.RTM_NEWLINK when RtnlParsers.Link(message) is { } link:
                var changed = !known.TryGetValue(link.Index, out var before) || before.AdminUp != link.AdminUp ||
                              before.OperUp != link.OperUp || before.Name != link.Name || before.Mtu != link.Mtu ||
                              !before.Mac.Equals(link.Mac);
                known[link.Index] = link;
                return changed ? new LinkChanged(link) : null;
            case Rtnl.RTM_DELLINK when RtnlParsers.Link(message) is { } gone:
                known.Remove(gone.Index);
                return new LinkRemoved(gone.Index, gone.Name);
            case Rtnl.RTM_NEWADDR when RtnlParsers.Address(message) is { } added:
                return new AddressAdded(added);
            case Rtnl.RTM_DELADDR when RtnlParsers.Address(message) is { } removed:
                return new AddressRemoved(removed);
            case Rtnl.RTM_DELROUTE when Routing.KernelRoute.FromDeleted(message) is { } route:
                return new RouteRemoved(route);
            case Rtnl.RTM_DELRULE when Routing.KernelRule.FromDeleted(message) is { } rule:
                return new RuleRemoved(rule);
            default:
                return null;
        }
    }

    private static void Deliver(NetEvent ev, Action<NetEvent> handler, Action<Exception>? onHandlerError)
    {
        try
        {
            handler(ev);
        }
        catch (Exception e)
        {
            onHandlerError?.Invoke(e);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        events?.Dispose();
        try
        {
            loop?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; nothing else to report at shutdown.
        }
        stop.Dispose();
    }
}
