using System.Net;
using System.Net.Sockets;

namespace HaDaemon.Linux.Adverts;

/// <summary>
/// Where an instance sends and listens: keepalived shares one socket per (interface, family, unicast source) among
/// every instance on it and tells them apart by VRID (keepalived.md §4.4).
/// </summary>
public sealed record AdvertBinding(string Interface, AddressFamily Family)
{
    public static readonly IPAddress Ipv4Group = IPAddress.Parse("224.0.0.18");
    public static readonly IPAddress Ipv6Group = IPAddress.Parse("ff02::12");

    /// <summary>unicast_src_ip / mcast_src_ip; null = the primary IPv4 or the IPv6 link-local of <see cref="SourceInterface"/>.</summary>
    public IPAddress? SourceAddress { get; init; }

    /// <summary>
    /// Whose address is the default source; null = <see cref="Interface"/>. An IPv4 use_vmac instance sends from its
    /// VMAC, which has no address of its own, with the base interface's primary address (as keepalived does).
    /// </summary>
    public string? SourceInterface { get; init; }

    /// <summary>Group to join and send to (vrrp_mcast_group4/6); null = 224.0.0.18 / ff02::12.</summary>
    public IPAddress? MulticastGroup { get; init; }

    /// <summary>False for instances that only use unicast_peer (no group join).</summary>
    public bool JoinMulticast { get; init; } = true;

    /// <summary>
    /// IPv4 VRRPv2 auth_type AH: adverts are received on a protocol-51 socket and sent as whole IP packets the caller
    /// built (IP_HDRINCL), because the AH ICV covers the IP header. The instance is also subscribed on the
    /// protocol-112 socket, so that plain adverts for its VRID reach its AH-presence check and are counted.
    /// </summary>
    public bool AuthenticationHeader { get; init; }

    public IPAddress Group => MulticastGroup ?? (Family == AddressFamily.InterNetwork ? Ipv4Group : Ipv6Group);
}

/// <summary>
/// One received VRRP datagram as the IP layer delivered it. IPv4: <see cref="Packet"/> is the whole IP packet
/// (the codec checks the header); IPv6: the VRRP message only (the kernel already checked the checksum).
/// <see cref="VrrpOffset"/> is where the VRRP message starts (after the IPv4 header and, for AH, the AH header).
/// </summary>
public sealed record AdvertDatagram(
    AddressFamily Family,
    ReadOnlyMemory<byte> Packet,
    int VrrpOffset,
    IPAddress Source,
    IPAddress Destination,
    /// <summary>IPv4 TTL or IPv6 hop limit.</summary>
    byte HopLimit,
    int InterfaceIndex,
    string Interface)
{
    public ReadOnlyMemory<byte> Vrrp => Packet[VrrpOffset..];

    /// <summary>VRID = byte 1 of the VRRP message in both v2 and v3; 0 when too short.</summary>
    public byte VirtualRouterId => Vrrp.Length >= 2 ? Vrrp.Span[1] : (byte)0;
}
