using System.Net;
using System.Net.Sockets;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Namespaces;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Adverts;

/// <summary>
/// The listening raw socket for one (interface, family): unbound (a bound IPv4 raw socket would miss multicast), tied to
/// the device, joined to the groups its instances use, demultiplexing datagrams to subscribers by VRID.
/// </summary>
internal sealed class ReceivePort : IDisposable
{
    private readonly Socket socket;
    private readonly InterfaceInfo link;
    private readonly object gate = new();
    private readonly Dictionary<IPAddress, int> groups = [];
    private readonly CancellationTokenSource stop = new();
    private Dictionary<byte, Action<AdvertDatagram>[]> subscribers = [];
    private Thread? loop;

    /// <summary>How often a blocked receive wakes to see whether the port was closed.</summary>
    private const int StopCheckMicroseconds = 250_000;

    private readonly Action<Exception>? onHandlerError;

    private ReceivePort(Socket socket, InterfaceInfo link, AddressFamily family, int protocol, Action<Exception>? onHandlerError)
    {
        this.socket = socket;
        this.link = link;
        Family = family;
        Protocol = protocol;
        this.onHandlerError = onHandlerError;
    }

    public AddressFamily Family { get; }

    /// <summary>112, or 51 for the IPv4 socket of auth_type AH instances (keepalived opens one per protocol too).</summary>
    public int Protocol { get; }

    public int SubscriberCount { get; private set; }

    public static PlatformResult<ReceivePort> Open(INetworkContext context, InterfaceInfo link, AddressFamily family,
        Action<Exception>? onHandlerError, int protocol = SocketOptions.IPPROTO_VRRP)
    {
        var v4 = family == AddressFamily.InterNetwork;
        if (protocol == SocketOptions.IPPROTO_AH && !v4)
        {
            return PlatformError.Invalid($"VRRP AH receive socket on {link.Name}", "AH adverts are IPv4 only");
        }
        var created = SocketFactory.Create(context, v4 ? Libc.AF_INET : Libc.AF_INET6, Libc.SOCK_RAW, protocol,
            $"VRRP {(protocol == SocketOptions.IPPROTO_AH ? "AH " : "")}receive socket on {link.Name}");
        if (!created.IsSuccess)
        {
            return created.Error!;
        }
        var socket = created.Value!;
        var setup = SocketFactory.Try($"VRRP receive socket on {link.Name}", () =>
        {
            socket.SetRawSocketOption(SocketOptions.SOL_SOCKET, SocketOptions.SO_BINDTODEVICE, SocketOptions.DeviceName(link.Name));
            // Room for a burst from many instances (hundreds of VRIDs advertising at once) while the loop is descheduled.
            socket.ReceiveBufferSize = 1 << 20;
            if (v4)
            {
                // Only the groups this socket joined, not every group any socket on the host joined.
                socket.SetRawSocketOption(SocketOptions.SOL_IP, SocketOptions.IP_MULTICAST_ALL, SocketOptions.Int(0));
            }
            else
            {
                socket.SetRawSocketOption(SocketOptions.SOL_IPV6, SocketOptions.IPV6_CHECKSUM, SocketOptions.Int(SocketOptions.VrrpChecksumOffset));
                socket.SetRawSocketOption(SocketOptions.SOL_IPV6, SocketOptions.IPV6_RECVHOPLIMIT, SocketOptions.Int(1));
                socket.SetRawSocketOption(SocketOptions.SOL_IPV6, SocketOptions.IPV6_RECVPKTINFO, SocketOptions.Int(1));
            }
        });
        if (!setup.IsSuccess)
        {
            socket.Dispose();
            return setup.Error!;
        }
        var port = new ReceivePort(socket, link, family, protocol, onHandlerError);
        // A dedicated thread per socket, not the shared thread pool: adverts are read as soon as they arrive even when
        // the pool is busy, and the thread can run at the event loop's realtime priority (TimingThreads).
        port.loop = new Thread(v4 ? port.ReceiveIpv4 : port.ReceiveIpv6)
        {
            IsBackground = true,
            Name = v4 ? "vrrp-rx4" : "vrrp-rx6",
        };
        port.loop.Start();
        return port;
    }

    public PlatformResult Join(IPAddress group)
    {
        lock (gate)
        {
            if (groups.TryGetValue(group, out var count))
            {
                groups[group] = count + 1;
                return PlatformResult.AlreadyInState;
            }
            var joined = SocketFactory.Try($"join {group} on {link.Name}", () =>
            {
                if (Family == AddressFamily.InterNetwork)
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, link.Index));
                }
                else
                {
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group, link.Index));
                }
            });
            if (joined.IsSuccess)
            {
                groups[group] = 1;
            }
            return joined;
        }
    }

    public void Leave(IPAddress group)
    {
        lock (gate)
        {
            if (!groups.TryGetValue(group, out var count))
            {
                return;
            }
            if (count > 1)
            {
                groups[group] = count - 1;
                return;
            }
            groups.Remove(group);
            // Leaving can only fail if the interface vanished, which dropped the membership anyway.
            SocketFactory.Try($"leave {group}", () =>
            {
                if (Family == AddressFamily.InterNetwork)
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.DropMembership, new MulticastOption(group, link.Index));
                }
                else
                {
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.DropMembership, new IPv6MulticastOption(group, link.Index));
                }
            });
        }
    }

    public void Subscribe(byte vrid, Action<AdvertDatagram> handler)
    {
        lock (gate)
        {
            var copy = new Dictionary<byte, Action<AdvertDatagram>[]>(subscribers);
            copy[vrid] = copy.TryGetValue(vrid, out var list) ? [.. list, handler] : [handler];
            subscribers = copy;
            SubscriberCount++;
        }
    }

    public void Unsubscribe(byte vrid, Action<AdvertDatagram> handler)
    {
        lock (gate)
        {
            var copy = new Dictionary<byte, Action<AdvertDatagram>[]>(subscribers);
            if (copy.TryGetValue(vrid, out var list))
            {
                var rest = list.Where(h => h != handler).ToArray();
                if (rest.Length == 0)
                {
                    copy.Remove(vrid);
                }
                else
                {
                    copy[vrid] = rest;
                }
                subscribers = copy;
                SubscriberCount--;
            }
        }
    }

    private void ReceiveIpv4()
    {
        using var timing = TimingThreads.EnlistCurrent(Thread.CurrentThread.Name ?? "vrrp-rx");
        var buffer = new byte[65536];
        while (!stop.IsCancellationRequested)
        {
            int n;
            try
            {
                // poll() with a timeout rather than SO_RCVTIMEO: an idle socket then costs no exception every
                // stop check (a timed-out Receive throws, four times a second per socket, for ever).
                if (!socket.Poll(StopCheckMicroseconds, SelectMode.SelectRead))
                {
                    continue;
                }
                n = socket.Receive(buffer, SocketFlags.None);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                if (!KeepReceiving(e))
                {
                    return;
                }
                continue;
            }
            // The kernel hands raw IPv4 sockets the IP header too: ihl, TTL, source and destination come from it.
            if (n < 20 || (buffer[0] >> 4) != 4)
            {
                continue;
            }
            var headerLength = (buffer[0] & 0x0F) * 4;
            if (headerLength < 20 || headerLength > n)
            {
                continue;
            }
            var packet = buffer.AsSpan(0, n).ToArray();
            // The VRID is read at the VRRP offset: past the AH header on the AH socket (when the packet holds one).
            var vrrpOffset = Protocol == SocketOptions.IPPROTO_AH && n >= headerLength + Core.Packets.AuthenticationHeader.Length
                ? headerLength + Core.Packets.AuthenticationHeader.Length
                : headerLength;
            Dispatch(new AdvertDatagram(AddressFamily.InterNetwork, packet, vrrpOffset,
                new IPAddress(packet.AsSpan(12, 4)), new IPAddress(packet.AsSpan(16, 4)), packet[8], link.Index, link.Name));
        }
    }

    private void ReceiveIpv6()
    {
        using var timing = TimingThreads.EnlistCurrent(Thread.CurrentThread.Name ?? "vrrp-rx");
        var buffer = new byte[65536];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // Wait for readiness without consuming the datagram, then read it with recvmsg for its control data.
                if (!socket.Poll(StopCheckMicroseconds, SelectMode.SelectRead))
                {
                    continue;
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                if (!KeepReceiving(e))
                {
                    return;
                }
                continue;
            }
            while (Ipv6Receiver.TryReceive(socket, buffer, out _) is { } got)
            {
                var packet = buffer.AsSpan(0, got.Length).ToArray();
                Dispatch(new AdvertDatagram(AddressFamily.InterNetworkV6, packet, 0, got.Source, got.Destination,
                    got.HopLimit, got.InterfaceIndex, link.Name));
            }
        }
    }

    /// <summary>After a failed poll or receive: false once the port is closed; a transient error continues after a
    /// pause, so as not to spin on it.</summary>
    private bool KeepReceiving(Exception e)
    {
        if (stop.IsCancellationRequested || e is ObjectDisposedException)
        {
            return false;
        }
        // Waiting happens in poll(), so a socket error is a real one (e.g. ENETDOWN while the link flaps).
        Thread.Sleep(10);
        return true;
    }

    private void Dispatch(AdvertDatagram datagram)
    {
        if (!subscribers.TryGetValue(datagram.VirtualRouterId, out var handlers))
        {
            return;
        }
        foreach (var handler in handlers)
        {
            // A subscriber's failure must not stop the socket serving the other instances.
            try
            {
                handler(datagram);
            }
            catch (Exception e)
            {
                onHandlerError?.Invoke(e);
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
        if (loop is { } thread && thread != Thread.CurrentThread)
        {
            // The receive wakes at least every StopCheckMicroseconds to see the stop.
            thread.Join(TimeSpan.FromSeconds(2));
        }
        stop.Dispose();
    }
}
