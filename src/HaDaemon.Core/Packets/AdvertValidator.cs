using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace HaDaemon.Core.Packets;

/// <summary>
/// keepalived's instance-level receive checks (vrrp_check_packet after the packet-only ones, keepalived.md §2.5),
/// in its order: VRID → AH presence → version → v2 auth type / password / interval → multicast-vs-unicast
/// destination → owner_ignore_adverts → VIP list (flag only, or reject in ≤ 2.3.2 mode) → unicast source and,
/// for the matching peer, its min_ttl/max_ttl window (keepalived checks the window there, not earlier).
/// Pure: usable by the engine on a <see cref="ReceivedAdvert"/> or, allocation-free, on a <see cref="VrrpPacketView"/>.
/// auth_type AH: after the auth type, the ICV and SPI (<see cref="AuthenticationHeader.Verify"/>), then the sequence
/// number against the instance's counter, which the caller passes in and moves to
/// <see cref="AdvertVerdict.AuthenticatedSequence"/> — even if a later check rejects the advert, as keepalived does.
/// </summary>
public static class AdvertValidator
{
    /// <summary>Validates a decoded packet in place (no allocation).</summary>
    /// <param name="authenticationSequence">auth_type AH: the instance's sequence counter (<see cref="AuthenticationSequence.Current"/>).</param>
    public static AdvertVerdict Validate(in VrrpPacketView packet, AdvertExpectation expected, uint authenticationSequence = 0)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return Validate(new Facts(packet.Version, packet.VirtualRouterId, (byte)packet.AuthType, packet.AuthData,
            packet.AdvertInterval, packet.HasAuthenticationHeader, packet.IsIpv6, packet.IsMulticastDestination,
            packet.SourceAddress, packet.HopLimit, packet.AddressCount, packet.AddressBytes, packet.IpPacket),
            expected, authenticationSequence);
    }

    /// <summary>Validates a materialised advert (what the engine receives as an event).</summary>
    /// <param name="authenticationSequence">auth_type AH: the instance's sequence counter (<see cref="AuthenticationSequence.Current"/>).</param>
    public static AdvertVerdict Validate(ReceivedAdvert received, AdvertExpectation expected, uint authenticationSequence = 0)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(expected);
        VrrpAdvert advert = received.Advert;
        bool ipv6 = received.Source.AddressFamily == AddressFamily.InterNetworkV6;
        int addressLength = ipv6 ? VrrpWire.Ipv6AddressLength : VrrpWire.Ipv4AddressLength;
        int count = Math.Min(advert.Addresses.Count, byte.MaxValue);
        Span<byte> packed = stackalloc byte[byte.MaxValue * VrrpWire.Ipv6AddressLength];
        for (int i = 0; i < count; i++)
        {
            // A foreign-family address cannot be written; its slot stays zero and will not match a VIP.
            advert.Addresses[i].TryWriteBytes(packed.Slice(i * addressLength, addressLength), out _);
        }

        Span<byte> source = stackalloc byte[VrrpWire.Ipv6AddressLength];
        received.Source.TryWriteBytes(source, out int sourceLength);
        // The wire always carries 8 auth bytes; an advert built off the wire (simulator) may hold fewer.
        Span<byte> authData = stackalloc byte[VrrpWire.V2AuthDataLength];
        VrrpWire.WriteAuthField(advert.AuthData.Span, authData);
        return Validate(new Facts(advert.Version, advert.VirtualRouterId, (byte)advert.AuthType, authData,
            advert.AdvertInterval, received.ViaAuthenticationHeader, ipv6, IsMulticast(received.Destination),
            source[..sourceLength], received.HopLimit, count, packed[..(count * addressLength)],
            received.AuthenticatedPacket.Span), expected, authenticationSequence);
    }

    private static AdvertVerdict Validate(in Facts advert, AdvertExpectation expected, uint authenticationSequence)
    {
        var rejected = new AdvertVerdict(AdvertRejection.None, false, false);
        if (advert.VirtualRouterId != expected.VirtualRouterId)
        {
            return rejected with { Rejection = AdvertRejection.UnknownVirtualRouterId };
        }

        // keepalived checks AH presence for every IPv4 instance first (an AH packet for a v3 instance is a mismatch).
        if (!advert.Ipv6 && advert.ViaAuthenticationHeader != (expected.AuthType == VrrpAuthType.AuthenticationHeader))
        {
            return rejected with { Rejection = AdvertRejection.AuthHeaderMismatch };
        }

        if (advert.Version != expected.Version)
        {
            return rejected with { Rejection = AdvertRejection.VersionMismatch };
        }

        uint? sequence = null;
        if (advert.Version == VrrpVersion.V2)
        {
            AdvertRejection v2 = CheckV2Fields(advert, expected, authenticationSequence, out sequence);
            if (v2 != AdvertRejection.None)
            {
                return rejected with { Rejection = v2, AuthenticatedSequence = sequence };
            }
        }

        bool intervalDiffers = advert.Version == VrrpVersion.V3 && advert.AdvertInterval != expected.AdvertInterval;

        if (advert.MulticastDestination == expected.Unicast)
        {
            return rejected with { Rejection = AdvertRejection.WrongDestination, AuthenticatedSequence = sequence };
        }

        if (expected.OwnerIgnoresAdverts && expected.EffectivePriority == VrrpWire.OwnerPriority)
        {
            return rejected with { Rejection = AdvertRejection.OwnerIgnoresAdverts, AuthenticatedSequence = sequence };
        }

        bool vipMismatch = !AddressListMatches(advert, expected);
        if (vipMismatch && expected.RejectAddressListMismatch)
        {
            return new AdvertVerdict(AdvertRejection.AddressListMismatch, true, intervalDiffers) { AuthenticatedSequence = sequence };
        }

        if (expected.Unicast && expected.ChecksUnicastSource)
        {
            AdvertRejection source = CheckUnicastSource(advert, expected.UnicastPeers);
            if (source != AdvertRejection.None)
            {
                return new AdvertVerdict(source, vipMismatch, intervalDiffers) { AuthenticatedSequence = sequence };
            }
        }

        return new AdvertVerdict(AdvertRejection.None, vipMismatch, intervalDiffers) { AuthenticatedSequence = sequence };
    }

    private static AdvertRejection CheckV2Fields(in Facts advert, AdvertExpectation expected, uint counter, out uint? sequence)
    {
        sequence = null;
        if (advert.AuthType > (byte)VrrpAuthType.AuthenticationHeader)
        {
            return AdvertRejection.InvalidAuthType;
        }

        if (advert.AuthType != (byte)expected.AuthType)
        {
            return AdvertRejection.AuthTypeMismatch;
        }

        if (expected.AuthType == VrrpAuthType.Password)
        {
            Span<byte> ours = stackalloc byte[VrrpWire.V2AuthDataLength];
            VrrpWire.WriteAuthField(expected.AuthData.Span, ours);
            // Constant time like keepalived's memcmp_constant_time: no password-prefix timing oracle.
            if (advert.AuthData.Length != ours.Length || !CryptographicOperations.FixedTimeEquals(advert.AuthData, ours))
            {
                return AdvertRejection.AuthPasswordMismatch;
            }
        }
        else if (expected.AuthType == VrrpAuthType.AuthenticationHeader)
        {
            AdvertRejection ah = CheckAuthenticationHeader(advert, expected, counter, out sequence);
            if (ah != AdvertRejection.None)
            {
                return ah;
            }
        }

        // RFC 3768 §7.1: a v2 advert with another interval MUST be discarded.
        return advert.AdvertInterval != expected.AdvertInterval ? AdvertRejection.IntervalMismatch : AdvertRejection.None;
    }

    /// <summary>
    /// vrrp_in_chk_ipsecah: ICV, SPI, then anti-replay. The sequence is reported once it passed (the caller's counter
    /// moves to it); an advert materialised without its packet (simulator shortcuts) cannot be verified and fails.
    /// </summary>
    private static AdvertRejection CheckAuthenticationHeader(in Facts advert, AdvertExpectation expected, uint counter,
        out uint? sequence)
    {
        sequence = null;
        Span<byte> key = stackalloc byte[VrrpWire.V2AuthDataLength];
        VrrpWire.WriteAuthField(expected.AuthData.Span, key);
        AdvertRejection icv = AuthenticationHeader.Verify(advert.IpPacket, key, zeroTtl: expected.Unicast);
        if (icv != AdvertRejection.None)
        {
            return icv;
        }

        uint received = AuthenticationHeader.SequenceOf(advert.IpPacket);
        if (received <= counter)
        {
            return AdvertRejection.AuthHeaderReplay;
        }

        sequence = received;
        return AdvertRejection.None;
    }

    /// <summary>
    /// keepalived: the count must equal ours; with equal counts and distinct VIPs, every configured VIP being
    /// present means the lists are the same set.
    /// </summary>
    private static bool AddressListMatches(in Facts advert, AdvertExpectation expected)
    {
        IReadOnlyList<IPAddress> ours = expected.VirtualAddresses;
        // ≥ 2.3.3 compares the count even when skipping the list; ≤ 2.3.2 skipped both.
        if (!expected.CheckAddressList && expected.RejectAddressListMismatch)
        {
            return true;
        }

        if (advert.AddressCount != ours.Count)
        {
            return false;
        }

        if (!expected.CheckAddressList)
        {
            return true;
        }

        int length = advert.Ipv6 ? VrrpWire.Ipv6AddressLength : VrrpWire.Ipv4AddressLength;
        Span<byte> vip = stackalloc byte[VrrpWire.Ipv6AddressLength];
        foreach (IPAddress address in ours)
        {
            if (!address.TryWriteBytes(vip, out int written) || written != length || !Contains(advert.Addresses, vip[..length]))
            {
                return false;
            }
        }

        return true;
    }

    private static AdvertRejection CheckUnicastSource(in Facts advert, IReadOnlyList<UnicastPeer> peers)
    {
        Span<byte> peerBytes = stackalloc byte[VrrpWire.Ipv6AddressLength];
        foreach (UnicastPeer peer in peers)
        {
            if (peer.Address.TryWriteBytes(peerBytes, out int written) && advert.Source.SequenceEqual(peerBytes[..written]))
            {
                return peer.AcceptsTtl(advert.HopLimit) ? AdvertRejection.None : AdvertRejection.PeerTtlOutOfRange;
            }
        }

        return AdvertRejection.UnicastSourceNotPeer;
    }

    private static bool Contains(ReadOnlySpan<byte> packed, ReadOnlySpan<byte> address)
    {
        for (int offset = 0; offset + address.Length <= packed.Length; offset += address.Length)
        {
            if (packed.Slice(offset, address.Length).SequenceEqual(address))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsMulticast(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[VrrpWire.Ipv6AddressLength];
        return address.TryWriteBytes(bytes, out int written) && VrrpWire.IsMulticast(bytes[..written]);
    }

    /// <summary>The advert fields the checks read, whichever representation they come from.</summary>
    private readonly ref struct Facts(
        VrrpVersion version, byte virtualRouterId, byte authType, ReadOnlySpan<byte> authData, ushort advertInterval,
        bool viaAuthenticationHeader, bool ipv6, bool multicastDestination, ReadOnlySpan<byte> source, byte hopLimit,
        int addressCount, ReadOnlySpan<byte> addresses, ReadOnlySpan<byte> ipPacket)
    {
        public VrrpVersion Version { get; } = version;
        public byte VirtualRouterId { get; } = virtualRouterId;
        public byte AuthType { get; } = authType;
        public ReadOnlySpan<byte> AuthData { get; } = authData;
        public ushort AdvertInterval { get; } = advertInterval;
        public bool ViaAuthenticationHeader { get; } = viaAuthenticationHeader;
        public bool Ipv6 { get; } = ipv6;
        public bool MulticastDestination { get; } = multicastDestination;
        public ReadOnlySpan<byte> Source { get; } = source;
        public byte HopLimit { get; } = hopLimit;
        public int AddressCount { get; } = addressCount;
        public ReadOnlySpan<byte> Addresses { get; } = addresses;
        /// <summary>AH adverts: the whole IPv4 packet the ICV covers; empty otherwise.</summary>
        public ReadOnlySpan<byte> IpPacket { get; } = ipPacket;
    }
}
