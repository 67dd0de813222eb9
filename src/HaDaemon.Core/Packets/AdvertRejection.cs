namespace HaDaemon.Core.Packets;

/// <summary>
/// Why an incoming advertisement was not accepted. One value per check, in RFC 5798 §7.1 / keepalived
/// vrrp_check_packet order, so that each can be counted (keepalived's stats and keepalived-exporter's metrics).
/// The first group is decided by the packet alone (the codec); the second needs the receiving instance's settings.
/// </summary>
public enum AdvertRejection : byte
{
    None = 0,

    // Decided by the codec from the bytes and the IP header.
    TooShort,
    IpHeaderInvalid,
    NotVrrpProtocol,
    /// <summary>IPv4 AH present without auth_type AH configured, or the reverse.</summary>
    AuthHeaderMismatch,
    /// <summary>TTL / hop limit ≠ 255 on a multicast advert (keepalived's ip_ttl_err).</summary>
    TtlNot255,
    BadVersion,
    BadType,
    /// <summary>IP length, VRRP count and address family disagree (keepalived's packet_len_err).</summary>
    LengthMismatch,
    BadChecksum,

    // Decided against the receiving instance.
    UnknownVirtualRouterId,
    VersionMismatch,
    AuthTypeMismatch,
    AuthPasswordMismatch,
    /// <summary>VRRPv2 only: RFC 3768 §7.1 says discard; v3 learns the interval instead.</summary>
    IntervalMismatch,
    /// <summary>Multicast advert on a unicast instance or the reverse.</summary>
    WrongDestination,
    /// <summary>Per-peer min_ttl / max_ttl check on unicast.</summary>
    PeerTtlOutOfRange,
    /// <summary>check_unicast_src: the source is not a configured unicast_peer.</summary>
    UnicastSourceNotPeer,
    /// <summary>vrrp_owner_ignore_adverts on an address owner.</summary>
    OwnerIgnoresAdverts,
    /// <summary>VRRPv2 auth type byte other than 0, 1, 2 (keepalived's invalid_authtype, counted apart from mismatch).</summary>
    InvalidAuthType,
    /// <summary>The advert's VIP list differs from ours and the instance rejects that (keepalived ≤ 2.3.2 behaviour).</summary>
    AddressListMismatch,
    /// <summary>auth_type AH: the HMAC-MD5 ICV is wrong (bad key or altered packet) or the SPI is not the source (auth_failure).</summary>
    AuthHeaderIcvMismatch,
    /// <summary>auth_type AH: the sequence number is not above the instance's counter (keepalived's anti-replay; auth_failure).</summary>
    AuthHeaderReplay,
}

/// <summary>Which IPv4 VRRPv3 checksum form validated (or which one is sent).</summary>
public enum ChecksumMode : byte
{
    /// <summary>Over the VRRP message only: VRRPv2, and VRRPv3 with v3_checksum_as_v2 (RFC 9568).</summary>
    VrrpOnly,
    /// <summary>RFC 2460-style pseudo-header with the actual destination address (keepalived's v3 default).</summary>
    PseudoHeader,
    /// <summary>Pre-1.3.6 keepalived unicast: pseudo-header with 224.0.0.18 instead of the peer address.</summary>
    OldUnicastPseudoHeader,
    /// <summary>IPv6: the kernel verifies it (IPV6_CHECKSUM) before the packet reaches us.</summary>
    KernelVerifiedIpv6,
}
