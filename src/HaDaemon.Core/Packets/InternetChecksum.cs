using System.Buffers.Binary;

namespace HaDaemon.Core.Packets;

/// <summary>
/// RFC 1071 Internet checksum. The running sum is kept in a 64-bit accumulator of big-endian 32-bit words:
/// since 2^16 ≡ 1 (mod 0xFFFF), summing 32-bit words and folding at the end gives the same one's-complement
/// sum as summing 16-bit words, with half the additions and no carry handling in the loop.
/// </summary>
public static class InternetChecksum
{
    /// <summary>
    /// Adds <paramref name="data"/> to a running sum. Every piece but the last must have an even length
    /// (pseudo-headers and headers do), because an odd piece would shift the byte pairing of the next one.
    /// </summary>
    public static ulong Add(ulong sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        // 2^32 additions of 32-bit words cannot overflow 64 bits; spans are far shorter than 16 GiB.
        for (; i + 4 <= data.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data.Slice(i, 4));
        }

        if (i + 2 <= data.Length)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i, 2));
            i += 2;
        }

        if (i < data.Length)
        {
            // RFC 1071: an odd final byte is padded with a zero byte on the right.
            sum += (uint)data[i] << 8;
        }

        return sum;
    }

    /// <summary>Adds one 16-bit value, e.g. a pseudo-header length or protocol word.</summary>
    public static ulong Add(ulong sum, ushort word) => sum + word;

    /// <summary>Folds the running sum to 16 bits and complements it: the value to put in a checksum field.</summary>
    public static ushort Finish(ulong sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>The checksum of one contiguous buffer (whose checksum field must be zero when computing one).</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));

    /// <summary>
    /// True when data that already contains its checksum field sums to all ones, i.e. the checksum is valid.
    /// </summary>
    public static bool IsValid(ulong sumIncludingChecksumField) => Finish(sumIncludingChecksumField) == 0;

    /// <summary>IPv4 pseudo-header {src, dst, 0, protocol, length} as used by UDP/TCP and keepalived's VRRPv3.</summary>
    public static ulong AddIpv4PseudoHeader(ulong sum, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination,
        byte protocol, ushort length)
    {
        sum = Add(sum, source);
        sum = Add(sum, destination);
        return sum + protocol + length;
    }

    /// <summary>RFC 2460 §8.1 pseudo-header {src, dst, 32-bit upper-layer length, 3 zero bytes, next header}.</summary>
    public static ulong AddIpv6PseudoHeader(ulong sum, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination,
        byte nextHeader, uint length)
    {
        sum = Add(sum, source);
        sum = Add(sum, destination);
        return sum + (length >> 16) + (length & 0xFFFF) + nextHeader;
    }
}
