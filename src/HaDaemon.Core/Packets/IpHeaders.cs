using System.Buffers.Binary;

namespace HaDaemon.Core.Packets;

/// <summary>
/// IPv4 header as keepalived builds it for IP_HDRINCL sends (keepalived.md §4.1): version 4, IHL 5, TOS 0xC0,
/// the caller's identification, no DF, the caller's TTL (255 unless unicast_ttl), protocol 112, header checksum.
/// </summary>
public static class Ipv4Header
{
    public const int Length = VrrpWire.Ipv4HeaderLength;

    /// <summary>Writes a 20-byte header into <paramref name="buffer"/> and returns 20.</summary>
    public static int Write(Span<byte> buffer, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination,
        ushort totalLength, ushort identification, byte ttl = VrrpWire.RequiredHopLimit,
        byte protocol = VrrpWire.ProtocolVrrp, byte typeOfService = VrrpWire.TypeOfService)
    {
        RequireAddress(source, nameof(source));
        RequireAddress(destination, nameof(destination));
        Span<byte> header = buffer[..Length];
        header[0] = 0x45;
        header[1] = typeOfService;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], totalLength);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], identification);
        header[6] = 0; // flags + fragment offset: keepalived sets neither DF nor MF
        header[7] = 0;
        header[8] = ttl;
        header[9] = protocol;
        header[10] = 0;
        header[11] = 0;
        source.CopyTo(header[12..]);
        destination.CopyTo(header[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], InternetChecksum.Compute(header));
        return Length;
    }

    private static void RequireAddress(ReadOnlySpan<byte> address, string name)
    {
        if (address.Length != VrrpWire.Ipv4AddressLength)
        {
            throw new ArgumentException("An IPv4 address is 4 bytes.", name);
        }
    }
}

/// <summary>
/// IPv6 header for frames we build ourselves (AF_PACKET sends, the simulator, replay tests); on a normal raw
/// socket the kernel writes it.
/// </summary>
public static class Ipv6Header
{
    public const int Length = VrrpWire.Ipv6HeaderLength;

    /// <summary>Writes a 40-byte header (flow label 0) and returns 40.</summary>
    public static int Write(Span<byte> buffer, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination,
        ushort payloadLength, byte nextHeader, byte hopLimit, byte trafficClass = 0)
    {
        if (source.Length != VrrpWire.Ipv6AddressLength || destination.Length != VrrpWire.Ipv6AddressLength)
        {
            throw new ArgumentException("IPv6 addresses are 16 bytes.");
        }

        Span<byte> header = buffer[..Length];
        // version (4 bits) | traffic class (8 bits) | flow label (20 bits, zero)
        BinaryPrimitives.WriteUInt32BigEndian(header, (6u << 28) | ((uint)trafficClass << 20));
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], payloadLength);
        header[6] = nextHeader;
        header[7] = hopLimit;
        source.CopyTo(header[8..]);
        destination.CopyTo(header[24..]);
        return Length;
    }
}
