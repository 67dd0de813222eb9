using System.Buffers.Binary;

namespace HaDaemon.Core.Packets;

/// <summary>
/// Checks and parses received VRRP packets without allocating and without ever throwing. Checks run in
/// keepalived's vrrp_check_packet order (keepalived.md §2.5) restricted to what the packet alone decides:
/// IP header → protocol → length vs count (Ethernet padding tolerated) → TTL 255 (multicast instances) →
/// version → type → IPv4 total length → checksum. Instance checks (VRID, auth, interval, destination kind,
/// owner, VIP list, unicast source) are <see cref="AdvertValidator"/>'s.
/// Deliberate difference: keepalived compares the v2 auth fields before the type nibble; here a bad type
/// is reported first because the codec runs before the instance is known.
/// </summary>
public static class VrrpDecoder
{
    // keepalived's Ethernet padding rule: a frame shorter than ETH_ZLEN (60) is padded; the payload the
    // socket sees is then 46 bytes minus any VLAN tags (4 bytes each), so only "≡ 2 (mod 4)" can be checked.
    private const int EthernetMinPayload = 60 - 14;
    private const int VlanTagLength = 4;
    private const int PaddingResidue = (VlanTagLength - (EthernetMinPayload % VlanTagLength)) % VlanTagLength;

    /// <summary>
    /// Decodes a whole IPv4 packet as a raw IPv4 socket returns it (IP header included).
    /// <paramref name="expectMulticast"/>: the receiving instances are multicast ones, so TTL must be 255
    /// (keepalived skips that check for unicast instances).
    /// </summary>
    public static AdvertRejection DecodeIpv4(ReadOnlySpan<byte> packet, bool expectMulticast, out VrrpPacketView view)
    {
        view = default;
        if (packet.Length < VrrpWire.Ipv4HeaderLength)
        {
            return AdvertRejection.TooShort;
        }

        int headerLength = (packet[0] & 0x0F) * 4;
        if ((packet[0] >> 4) != 4 || headerLength < VrrpWire.Ipv4HeaderLength)
        {
            return AdvertRejection.IpHeaderInvalid;
        }

        if (packet.Length < headerLength)
        {
            return AdvertRejection.TooShort;
        }

        ReadOnlySpan<byte> source = packet.Slice(12, 4);
        ReadOnlySpan<byte> destination = packet.Slice(16, 4);
        byte ttl = packet[8];
        view = new VrrpPacketView(ReadOnlySpan<byte>.Empty, source, destination, ttl, false, ChecksumMode.VrrpOnly);

        // The kernel has verified it on a real socket; replayed and simulated packets get the same guarantee here.
        if (!InternetChecksum.IsValid(InternetChecksum.Add(0, packet[..headerLength])))
        {
            return AdvertRejection.IpHeaderInvalid;
        }

        int vrrpOffset = headerLength;
        bool viaAh = false;
        switch (packet[9])
        {
            case VrrpWire.ProtocolVrrp:
                break;
            case VrrpWire.ProtocolAuthenticationHeader:
                if (packet.Length < headerLength + VrrpWire.AuthenticationHeaderLength + VrrpWire.HeaderLength)
                {
                    return AdvertRejection.TooShort;
                }

                // AH for another protocol is not ours (keepalived drops it silently).
                if (packet[headerLength] != VrrpWire.ProtocolVrrp)
                {
                    return AdvertRejection.NotVrrpProtocol;
                }

                vrrpOffset += VrrpWire.AuthenticationHeaderLength;
                viaAh = true;
                break;
            default:
                return AdvertRejection.NotVrrpProtocol;
        }

        if (packet.Length < vrrpOffset + VrrpWire.HeaderLength)
        {
            return AdvertRejection.TooShort;
        }

        ReadOnlySpan<byte> afterHeaders = packet[vrrpOffset..];
        int expectedMessage = ExpectedMessageLength(afterHeaders, ipv6: false);
        view = new VrrpPacketView(afterHeaders[..Math.Min(afterHeaders.Length, expectedMessage)], source, destination,
            ttl, viaAh, ChecksumMode.VrrpOnly);

        AdvertRejection rejection = CheckMessage(packet.Length, vrrpOffset + expectedMessage, ttl, expectMulticast,
            afterHeaders, ipv6: false);
        if (rejection != AdvertRejection.None)
        {
            return rejection;
        }

        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (totalLength != packet.Length && !IsEthernetPadding(totalLength, packet.Length, packet.Length <= EthernetMinPayload))
        {
            return AdvertRejection.LengthMismatch;
        }

        ReadOnlySpan<byte> message = view.Message;
        ChecksumMode mode;
        if (view.Version == VrrpVersion.V2)
        {
            if (!InternetChecksum.IsValid(InternetChecksum.Add(0, message)))
            {
                return AdvertRejection.BadChecksum;
            }

            mode = ChecksumMode.VrrpOnly;
        }
        else if (!TryMatchIpv4V3Checksum(message, source, destination, out mode))
        {
            return AdvertRejection.BadChecksum;
        }

        // AH: Ethernet padding cannot occur (an AH advert is at least 60 bytes), so this is the packet the ICV covers.
        view = new VrrpPacketView(message, source, destination, ttl, viaAh, mode,
            viaAh ? packet[..totalLength] : ReadOnlySpan<byte>.Empty);
        return AdvertRejection.None;
    }

    /// <summary>
    /// Decodes an IPv6 VRRP payload (the kernel strips the IPv6 header) with the hop limit and addresses that
    /// recvmsg reported. When <paramref name="checksumVerifiedByKernel"/> (a raw socket with IPV6_CHECKSUM),
    /// the checksum is not recomputed and <see cref="ChecksumMode.KernelVerifiedIpv6"/> is reported; otherwise
    /// (simulator, replay, AF_PACKET) the RFC 2460 pseudo-header checksum is verified.
    /// </summary>
    public static AdvertRejection DecodeIpv6(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> destination, byte hopLimit, bool expectMulticast, bool checksumVerifiedByKernel,
        out VrrpPacketView view)
    {
        view = default;
        if (source.Length != VrrpWire.Ipv6AddressLength || destination.Length != VrrpWire.Ipv6AddressLength)
        {
            return AdvertRejection.IpHeaderInvalid;
        }

        view = new VrrpPacketView(ReadOnlySpan<byte>.Empty, source, destination, hopLimit, false, ChecksumMode.PseudoHeader);
        if (payload.Length < VrrpWire.HeaderLength)
        {
            return AdvertRejection.TooShort;
        }

        int expectedMessage = ExpectedMessageLength(payload, ipv6: true);
        ReadOnlySpan<byte> message = payload[..Math.Min(payload.Length, expectedMessage)];
        view = new VrrpPacketView(message, source, destination, hopLimit, false, ChecksumMode.PseudoHeader);

        AdvertRejection rejection = CheckMessage(payload.Length, expectedMessage, hopLimit, expectMulticast, payload, ipv6: true);
        if (rejection != AdvertRejection.None)
        {
            return rejection;
        }

        ChecksumMode mode = ChecksumMode.KernelVerifiedIpv6;
        if (!checksumVerifiedByKernel)
        {
            ulong sum = InternetChecksum.AddIpv6PseudoHeader(0, source, destination, VrrpWire.ProtocolVrrp, (uint)message.Length);
            if (!InternetChecksum.IsValid(InternetChecksum.Add(sum, message)))
            {
                return AdvertRejection.BadChecksum;
            }

            mode = ChecksumMode.PseudoHeader;
        }

        view = new VrrpPacketView(message, source, destination, hopLimit, false, mode);
        return AdvertRejection.None;
    }

    /// <summary>keepalived's expected_vrrp_pkt_len: from the version nibble and count, before either is checked.</summary>
    private static int ExpectedMessageLength(ReadOnlySpan<byte> vrrp, bool ipv6)
    {
        int length = VrrpWire.HeaderLength + (vrrp[3] * (ipv6 ? VrrpWire.Ipv6AddressLength : VrrpWire.Ipv4AddressLength));
        return !ipv6 && (vrrp[0] >> 4) == (int)VrrpVersion.V2 ? length + VrrpWire.V2AuthDataLength : length;
    }

    /// <summary>Length vs count, TTL, version, type: the checks shared by both families, in keepalived's order.</summary>
    private static AdvertRejection CheckMessage(int received, int expected, byte hopLimit, bool expectMulticast,
        ReadOnlySpan<byte> vrrp, bool ipv6)
    {
        if (received != expected && !IsEthernetPadding(expected, received, expected < EthernetMinPayload))
        {
            return AdvertRejection.LengthMismatch;
        }

        if (expectMulticast && hopLimit != VrrpWire.RequiredHopLimit)
        {
            return AdvertRejection.TtlNot255;
        }

        int version = vrrp[0] >> 4;
        if (version != (int)VrrpVersion.V3 && (ipv6 || version != (int)VrrpVersion.V2))
        {
            return AdvertRejection.BadVersion;
        }

        return (vrrp[0] & 0x0F) != VrrpWire.TypeAdvertisement ? AdvertRejection.BadType : AdvertRejection.None;
    }

    private static bool IsEthernetPadding(int expected, int received, bool shortFrame) =>
        shortFrame && expected < received && (received - expected) % VlanTagLength == PaddingResidue;

    /// <summary>
    /// Tries the three IPv4 VRRPv3 checksum forms. The actual-destination pseudo-header (keepalived's default)
    /// goes first, so a multicast packet, where it equals the old form, reports <see cref="ChecksumMode.PseudoHeader"/>.
    /// </summary>
    private static bool TryMatchIpv4V3Checksum(ReadOnlySpan<byte> message, ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> destination, out ChecksumMode mode)
    {
        ulong messageSum = InternetChecksum.Add(0, message);
        ushort length = (ushort)message.Length;
        if (InternetChecksum.IsValid(InternetChecksum.AddIpv4PseudoHeader(messageSum, source, destination, VrrpWire.ProtocolVrrp, length)))
        {
            mode = ChecksumMode.PseudoHeader;
            return true;
        }

        if (InternetChecksum.IsValid(messageSum))
        {
            mode = ChecksumMode.VrrpOnly;
            return true;
        }

        if (InternetChecksum.IsValid(InternetChecksum.AddIpv4PseudoHeader(messageSum, source, VrrpWire.Ipv4Group, VrrpWire.ProtocolVrrp, length)))
        {
            mode = ChecksumMode.OldUnicastPseudoHeader;
            return true;
        }

        mode = ChecksumMode.VrrpOnly;
        return false;
    }
}
