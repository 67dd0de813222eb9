using System.Net;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Adverts;

/// <summary>VRRP advert I/O: instances attach to a shared per-interface socket by VRID.</summary>
public interface IAdvertTransport : IDisposable
{
    /// <summary>
    /// Attaches VRID <paramref name="virtualRouterId"/> to the socket for <paramref name="binding"/> (opened on first use).
    /// <paramref name="onAdvert"/> receives every datagram carrying that VRID, on the transport's receive loop.
    /// </summary>
    PlatformResult<IAdvertLink> Attach(AdvertBinding binding, byte virtualRouterId, Action<AdvertDatagram> onAdvert);
}

/// <summary>One instance's attachment; Dispose detaches (the socket closes with its last attachment).</summary>
public interface IAdvertLink : IDisposable
{
    AdvertBinding Binding { get; }

    /// <summary>The address adverts leave from (needed for the VRRPv3 IPv4 pseudo-header checksum).</summary>
    IPAddress Source { get; }

    int InterfaceIndex { get; }

    /// <summary>
    /// Sends an encoded VRRP message (the kernel adds the IP header; for IPv6 it also fills the checksum) to the group or
    /// to one unicast peer. Multicast always leaves with TTL/hop limit 255; unicast with <paramref name="unicastHopLimit"/>
    /// (unicast_ttl), else 255 for IPv4 and the kernel default for IPv6, as keepalived does.
    /// </summary>
    PlatformResult Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination, byte? unicastHopLimit = null);

    /// <summary>
    /// <see cref="AdvertBinding.AuthenticationHeader"/> bindings only: sends a whole IPv4 packet the caller built
    /// (header, AH, VRRP message). The kernel fills in nothing but the header checksum (and would replace a zero IP id,
    /// which the ICV covers: never pass one).
    /// </summary>
    PlatformResult SendPacket(ReadOnlySpan<byte> ipv4Packet, IPAddress destination);
}
