using System.Net;

namespace HaDaemon.Core.Packets;

/// <summary>
/// An advertisement that passed the codec's checks, with what the IP layer said about it. The platform layer
/// produces these from sockets; the simulator produces them from its virtual LAN.
/// </summary>
public sealed record ReceivedAdvert(
    VrrpAdvert Advert,
    IPAddress Source,
    IPAddress Destination,
    /// <summary>IPv4 TTL or IPv6 hop limit as received.</summary>
    byte HopLimit,
    /// <summary>The interface the packet arrived on.</summary>
    string Interface,
    ChecksumMode Checksum,
    /// <summary>IPv4 only: the advert came inside IPsec AH (protocol 51), keepalived's auth_type AH.</summary>
    bool ViaAuthenticationHeader = false)
{
    /// <summary>
    /// With <see cref="ViaAuthenticationHeader"/>: the whole IPv4 packet as received (IP header, AH, VRRP message), which
    /// the receiving instance needs to verify the ICV with its key. Empty otherwise.
    /// </summary>
    public ReadOnlyMemory<byte> AuthenticatedPacket { get; init; }
}
