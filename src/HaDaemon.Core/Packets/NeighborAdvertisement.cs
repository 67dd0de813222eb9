using System.Buffers.Binary;

namespace HaDaemon.Core.Packets;

/// <summary>
/// Unsolicited Neighbour Advertisement (RFC 4861 §4.4, §7.2.6) as keepalived's vrrp_ndisc.c sends it for each
/// IPv6 VIP: Override set, Solicited clear, Router iff the interface forwards, target = VIP, option 2 (target
/// link-layer address) = the sending MAC. Either as the bare ICMPv6 message for a kernel raw ICMPv6 socket, or
/// as a whole Ethernet + IPv6 frame (hop limit 255, to ff02::1 / 33:33:00:00:00:01, source = the VIP like
/// keepalived) with the checksum computed, for AF_PACKET sends from a VMAC.
/// </summary>
public static class NeighborAdvertisement
{
    public const byte IcmpType = 136;
    /// <summary>4 bytes ICMPv6 header + 4 bytes flags/reserved + 16 target + 8 option.</summary>
    public const int MessageLength = 32;
    public const int FrameLength = Ethernet.HeaderLength + Ipv6Header.Length + MessageLength;

    public const byte FlagRouter = 0x80;
    public const byte FlagSolicited = 0x40;
    public const byte FlagOverride = 0x20;
    private const byte OptionTargetLinkLayerAddress = 2;

    /// <summary>ff02::1, all nodes.</summary>
    public static ReadOnlySpan<byte> AllNodes => [0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01];

    /// <summary>
    /// Writes the ICMPv6 message. The checksum needs the IPv6 addresses: pass them, or leave both empty for a
    /// raw ICMPv6 socket, where the kernel always computes it (the field is then zero).
    /// </summary>
    public static int WriteMessage(Span<byte> buffer, ReadOnlySpan<byte> target, ReadOnlySpan<byte> linkLayerAddress,
        bool router, ReadOnlySpan<byte> checksumSource = default, ReadOnlySpan<byte> checksumDestination = default)
    {
        if (target.Length != VrrpWire.Ipv6AddressLength || linkLayerAddress.Length != VirtualMac.Length)
        {
            throw new ArgumentException("A neighbour advert needs a 16-byte target and a 6-byte MAC.");
        }

        Span<byte> message = buffer[..MessageLength];
        message.Clear();
        message[0] = IcmpType;
        message[4] = (byte)(FlagOverride | (router ? FlagRouter : 0));
        target.CopyTo(message[8..]);
        message[24] = OptionTargetLinkLayerAddress;
        message[25] = 1; // option length in units of 8 bytes
        linkLayerAddress.CopyTo(message[26..]);
        if (!checksumSource.IsEmpty || !checksumDestination.IsEmpty)
        {
            ulong sum = InternetChecksum.AddIpv6PseudoHeader(0, checksumSource, checksumDestination, VrrpWire.ProtocolIcmpv6, MessageLength);
            BinaryPrimitives.WriteUInt16BigEndian(message[2..], InternetChecksum.Finish(InternetChecksum.Add(sum, message)));
        }

        return MessageLength;
    }

    /// <summary>
    /// Writes a complete Ethernet frame. <paramref name="ipSource"/> defaults to the target (keepalived sends
    /// the NA from the VIP itself).
    /// </summary>
    public static int WriteFrame(Span<byte> buffer, ReadOnlySpan<byte> sourceMac, ReadOnlySpan<byte> target, bool router,
        ReadOnlySpan<byte> ipSource = default)
    {
        ReadOnlySpan<byte> source = ipSource.IsEmpty ? target : ipSource;
        Ethernet.WriteHeader(buffer, Ethernet.AllNodesMulticast, sourceMac, Ethernet.EtherTypeIpv6);
        Ipv6Header.Write(buffer[Ethernet.HeaderLength..], source, AllNodes, MessageLength, VrrpWire.ProtocolIcmpv6,
            VrrpWire.RequiredHopLimit);
        WriteMessage(buffer[(Ethernet.HeaderLength + Ipv6Header.Length)..], target, sourceMac, router, source, AllNodes);
        return FrameLength;
    }

    /// <summary>
    /// Parses an NA message. When <paramref name="source"/>/<paramref name="destination"/> are given the checksum
    /// must be valid. False for anything that is not a well-formed NA with a target link-layer address option.
    /// </summary>
    public static bool TryParseMessage(ReadOnlySpan<byte> message, out NeighborAdvertFields advert,
        ReadOnlySpan<byte> source = default, ReadOnlySpan<byte> destination = default)
    {
        advert = default;
        if (message.Length < MessageLength || message[0] != IcmpType || message[1] != 0)
        {
            return false;
        }

        if (source.Length == VrrpWire.Ipv6AddressLength && destination.Length == VrrpWire.Ipv6AddressLength)
        {
            ulong sum = InternetChecksum.AddIpv6PseudoHeader(0, source, destination, VrrpWire.ProtocolIcmpv6, (uint)message.Length);
            if (!InternetChecksum.IsValid(InternetChecksum.Add(sum, message)))
            {
                return false;
            }
        }

        // Walk the options for a target link-layer address (type 2, 8 bytes for Ethernet).
        for (int offset = 24; offset + 8 <= message.Length;)
        {
            int length = message[offset + 1] * 8;
            if (length == 0 || offset + length > message.Length)
            {
                return false;
            }

            if (message[offset] == OptionTargetLinkLayerAddress && length == 8)
            {
                advert = new NeighborAdvertFields(message[4], message.Slice(8, 16), message.Slice(offset + 2, VirtualMac.Length),
                    BinaryPrimitives.ReadUInt16BigEndian(message[2..]));
                return true;
            }

            offset += length;
        }

        return false;
    }

    /// <summary>Parses an Ethernet + IPv6 + NA frame and verifies its checksum.</summary>
    public static bool TryParseFrame(ReadOnlySpan<byte> frame, out NeighborAdvertFrame parsed)
    {
        parsed = default;
        if (frame.Length < FrameLength || Ethernet.ReadEtherType(frame) != Ethernet.EtherTypeIpv6)
        {
            return false;
        }

        ReadOnlySpan<byte> ip = frame[Ethernet.HeaderLength..];
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        if ((ip[0] >> 4) != 6 || ip[6] != VrrpWire.ProtocolIcmpv6 || Ipv6Header.Length + payloadLength > ip.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> source = ip.Slice(8, 16);
        ReadOnlySpan<byte> destination = ip.Slice(24, 16);
        if (!TryParseMessage(ip.Slice(Ipv6Header.Length, payloadLength), out NeighborAdvertFields fields, source, destination))
        {
            return false;
        }

        parsed = new NeighborAdvertFrame(frame[..6], frame.Slice(6, 6), ip[7], source, destination, fields);
        return true;
    }
}

/// <summary>The NA message fields, viewed in place.</summary>
public readonly ref struct NeighborAdvertFields(byte flags, ReadOnlySpan<byte> target, ReadOnlySpan<byte> targetLinkLayerAddress, ushort checksum)
{
    public byte Flags { get; } = flags;
    public bool Router => (Flags & NeighborAdvertisement.FlagRouter) != 0;
    public bool Solicited => (Flags & NeighborAdvertisement.FlagSolicited) != 0;
    public bool Override => (Flags & NeighborAdvertisement.FlagOverride) != 0;
    public ReadOnlySpan<byte> Target { get; } = target;
    public ReadOnlySpan<byte> TargetLinkLayerAddress { get; } = targetLinkLayerAddress;
    public ushort Checksum { get; } = checksum;
}

/// <summary>An Ethernet + IPv6 NA frame, viewed in place.</summary>
public readonly ref struct NeighborAdvertFrame(
    ReadOnlySpan<byte> destinationMac, ReadOnlySpan<byte> sourceMac, byte hopLimit,
    ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, NeighborAdvertFields advert)
{
    public ReadOnlySpan<byte> DestinationMac { get; } = destinationMac;
    public ReadOnlySpan<byte> SourceMac { get; } = sourceMac;
    public byte HopLimit { get; } = hopLimit;
    public ReadOnlySpan<byte> Source { get; } = source;
    public ReadOnlySpan<byte> Destination { get; } = destination;
    public NeighborAdvertFields Advert { get; } = advert;
}
