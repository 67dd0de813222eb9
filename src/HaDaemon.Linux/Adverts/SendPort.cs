using System.Net;
using System.Net.Sockets;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Namespaces;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Adverts;

/// <summary>
/// The sending raw socket for one (interface, family, source): bound to the source address and the device, TOS/traffic
/// class 0xC0, multicast TTL 255 with loopback off, no DF (as keepalived's hand-built IPv4 header). The kernel builds
/// the IP header; for IPv6 it also computes the checksum (IPV6_CHECKSUM 6). A header-included port (auth_type AH) is an
/// IPPROTO_RAW socket: the caller's IPv4 header goes out as built, TTL and TOS included, and nothing is received on it.
/// </summary>
internal sealed class SendPort : IDisposable
{
    private const int KernelDefaultHops = -1;
    private readonly Socket socket;
    private readonly object gate = new();
    private int unicastHops;

    private SendPort(Socket socket, InterfaceInfo link, IPAddress source, int unicastHops, bool headerIncluded)
    {
        this.socket = socket;
        Link = link;
        Source = source;
        this.unicastHops = unicastHops;
        HeaderIncluded = headerIncluded;
    }

    /// <summary>The port sends caller-built IPv4 packets (<see cref="SendPacket"/>) rather than VRRP messages.</summary>
    public bool HeaderIncluded { get; }

    public InterfaceInfo Link { get; }

    public IPAddress Source { get; }

    public static PlatformResult<SendPort> Open(INetworkContext context, InterfaceInfo link, IPAddress source, bool headerIncluded = false)
    {
        var v4 = source.AddressFamily == AddressFamily.InterNetwork;
        var operation = $"VRRP {(headerIncluded ? "AH " : "")}send socket on {link.Name} from {source}";
        if (headerIncluded && !v4)
        {
            return PlatformError.Invalid(operation, "only IPv4 adverts are sent with a caller-built header");
        }
        var protocol = headerIncluded ? SocketOptions.IPPROTO_RAW : SocketOptions.IPPROTO_VRRP;
        var created = SocketFactory.Create(context, v4 ? Libc.AF_INET : Libc.AF_INET6, Libc.SOCK_RAW, protocol, operation);
        if (!created.IsSuccess)
        {
            return created.Error!;
        }
        var socket = created.Value!;
        var initialHops = v4 ? 255 : KernelDefaultHops;
        var setup = SocketFactory.Try(operation, () =>
        {
            socket.SetRawSocketOption(SocketOptions.SOL_SOCKET, SocketOptions.SO_BINDTODEVICE, SocketOptions.DeviceName(link.Name));
            if (v4)
            {
                // Freebind: a configured unicast_src_ip may not be on the interface yet; sends fail until it is.
                socket.SetRawSocketOption(SocketOptions.SOL_IP, SocketOptions.IP_FREEBIND, SocketOptions.Int(1));
                socket.SetRawSocketOption(SocketOptions.SOL_IP, SocketOptions.IP_TOS, SocketOptions.Int(SocketOptions.VrrpTrafficClass));
                socket.SetRawSocketOption(SocketOptions.SOL_IP, SocketOptions.IP_TTL, SocketOptions.Int(initialHops));
                socket.SetRawSocketOption(SocketOptions.SOL_IP, SocketOptions.IP_MTU_DISCOVER, SocketOptions.Int(SocketOptions.IP_PMTUDISC_DONT));
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, false);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(link.Index));
                socket.Bind(new IPEndPoint(source, 0));
            }
            else
            {
                socket.SetRawSocketOption(SocketOptions.SOL_IPV6, SocketOptions.IPV6_FREEBIND, SocketOptions.Int(1));
                socket.SetRawSocketOption(SocketOptions.SOL_IPV6, SocketOptions.IPV6_CHECKSUM, SocketOptions.Int(SocketOptions.VrrpChecksumOffset));
                socket.SetRawSocketOption(SocketOptions.SOL_IPV6, SocketOptions.IPV6_TCLASS, SocketOptions.Int(SocketOptions.VrrpTrafficClass));
                socket.SetRawSocketOption(SocketOptions.SOL_IPV6, SocketOptions.IPV6_MULTICAST_HOPS, SocketOptions.Int(255));
                socket.SetRawSocketOption(SocketOptions.SOL_IPV6, SocketOptions.IPV6_MULTICAST_LOOP, SocketOptions.Int(0));
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, link.Index);
                var scoped = source.IsIPv6LinkLocal ? new IPAddress(source.GetAddressBytes(), link.Index) : source;
                socket.Bind(new IPEndPoint(scoped, 0));
            }
        });
        if (!setup.IsSuccess)
        {
            socket.Dispose();
            return setup.Error!;
        }
        return new SendPort(socket, link, source, initialHops, headerIncluded);
    }

    /// <summary>Sends a caller-built IPv4 packet (header-included ports only): its TTL, TOS and id go out unchanged.</summary>
    public PlatformResult SendPacket(ReadOnlySpan<byte> ipv4Packet, IPAddress destination)
    {
        if (!HeaderIncluded || destination.AddressFamily != AddressFamily.InterNetwork)
        {
            return PlatformError.Invalid("send AH advert", "the port does not send caller-built IPv4 packets to " + destination);
        }
        lock (gate)
        {
            try
            {
                socket.SendTo(ipv4Packet, SocketFlags.None, new IPEndPoint(destination, 0));
                return PlatformResult.Applied;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return SocketFactory.ToError($"send AH advert on {Link.Name} to {destination}", e);
            }
        }
    }

    public PlatformResult Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination, byte? unicastHopLimit)
    {
        if (HeaderIncluded)
        {
            return PlatformError.Invalid("send advert", "an AH port sends whole IPv4 packets (SendPacket)");
        }
        var v4 = Source.AddressFamily == AddressFamily.InterNetwork;
        if (destination.AddressFamily != Source.AddressFamily)
        {
            return PlatformError.Invalid("send advert", $"destination {destination} is not of the socket's family");
        }
        var endpoint = destination.IsIPv6Multicast || destination.IsIPv6LinkLocal
            ? new IPEndPoint(new IPAddress(destination.GetAddressBytes(), Link.Index), 0)
            : new IPEndPoint(destination, 0);
        var multicast = v4 ? IsIpv4Multicast(destination) : destination.IsIPv6Multicast;
        lock (gate)
        {
            if (!multicast)
            {
                var wanted = unicastHopLimit is { } ttl ? ttl : v4 ? 255 : KernelDefaultHops;
                if (wanted != unicastHops)
                {
                    var set = SocketFactory.Try("set unicast TTL", () => socket.SetRawSocketOption(
                        v4 ? SocketOptions.SOL_IP : SocketOptions.SOL_IPV6,
                        v4 ? SocketOptions.IP_TTL : SocketOptions.IPV6_UNICAST_HOPS,
                        SocketOptions.Int(wanted)));
                    if (!set.IsSuccess)
                    {
                        return set;
                    }
                    unicastHops = wanted;
                }
            }
            try
            {
                socket.SendTo(vrrpMessage, SocketFlags.None, endpoint);
                return PlatformResult.Applied;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return SocketFactory.ToError($"send advert on {Link.Name} to {destination}", e);
            }
        }
    }

    private static bool IsIpv4Multicast(IPAddress address) => (address.GetAddressBytes()[0] & 0xF0) == 0xE0;

    public void Dispose() => socket.Dispose();
}
