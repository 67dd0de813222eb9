using System.Net.Sockets;
using HaDaemon.Core.Packets;
using HaDaemon.Linux.Adverts;

namespace HaDaemon.Runtime;

/// <summary>What a received datagram turned out to be, decided on the transport's thread (decoding never throws).</summary>
public abstract record DecodedDatagram
{
    private DecodedDatagram() { }

    public sealed record Accepted(ReceivedAdvert Advert) : DecodedDatagram;

    /// <summary><see cref="HopLimit"/>: the IPv4 TTL or IPv6 hop limit it came with (for the TTL line).</summary>
    public sealed record Rejected(string Interface, byte VirtualRouterId, AddressFamily Family,
        System.Net.IPAddress Source, AdvertRejection Reason, byte HopLimit = 0) : DecodedDatagram;

    /// <summary>
    /// Runs the codec's packet checks. <paramref name="unicastInstance"/>: keepalived checks TTL 255 only for
    /// multicast instances. IPv6 raw sockets have the checksum verified by the kernel (IPV6_CHECKSUM).
    /// <paramref name="engineInterface"/>: the name the engine knows the instance's interface by, when the socket
    /// is on another one (its VMAC).
    /// </summary>
    public static DecodedDatagram Decode(AdvertDatagram d, bool unicastInstance, string? engineInterface = null)
    {
        if (engineInterface is not null && engineInterface != d.Interface)
        {
            d = d with { Interface = engineInterface };
        }
        VrrpPacketView view;
        var rejection = d.Family == AddressFamily.InterNetwork
            ? VrrpDecoder.DecodeIpv4(d.Packet.Span, !unicastInstance, out view)
            : VrrpDecoder.DecodeIpv6(d.Vrrp.Span, d.Source.GetAddressBytes(), d.Destination.GetAddressBytes(), d.HopLimit,
                !unicastInstance, checksumVerifiedByKernel: true, out view);
        return rejection == AdvertRejection.None
            ? new Accepted(view.ToReceivedAdvert(d.Interface) with { Source = Mapping.SourceAddressResolver.Unscoped(d.Source) })
            : new Rejected(d.Interface, d.VirtualRouterId, d.Family, d.Source, rejection, d.HopLimit);
    }
}
