using System.Buffers.Binary;
using System.Security.Cryptography;

namespace HaDaemon.Core.Packets;

/// <summary>
/// keepalived's VRRPv2 <c>auth_type AH</c> (vrrp.c vrrp_build_ipsecah / vrrp_update_pkt / vrrp_in_chk_ipsecah): an
/// RFC 2402 AH header between the IPv4 header and the VRRP message, without any IPsec SA. Layout: next header 112,
/// payload length 4 (32-bit words minus 2), reserved 0, SPI = the sender's IPv4 source address, a sequence number,
/// then a 96-bit ICV: HMAC-MD5 keyed with the 8-byte NUL-padded auth_pass over the whole IP packet with the ICV
/// field zeroed and the mutable IPv4 fields zeroed — TOS, flags/fragment offset, header checksum and, for unicast
/// instances only, the TTL (multicast keeps TTL 255 inside the ICV). The identification and total length are
/// covered, which is why the sender must build the IP header itself (IP_HDRINCL).
/// Pure functions over caller buffers; the sequence number rules are <see cref="AuthenticationSequence"/>'s.
/// </summary>
public static class AuthenticationHeader
{
    public const int Length = VrrpWire.AuthenticationHeaderLength;
    public const int IcvLength = 12;
    /// <summary>keepalived's IPSEC_AH_PLEN: (12 fixed + 12 ICV bytes) / 4 − 2.</summary>
    public const byte PayloadLengthWords = 4;

    private const int SpiOffset = 4;
    private const int SequenceOffset = 8;
    private const int IcvOffset = 12;
    private const int StackLimit = 2048;

    /// <summary>Writes the AH header (ICV zeroed) at the start of <paramref name="ah"/>.</summary>
    public static void Write(Span<byte> ah, ReadOnlySpan<byte> source, uint sequence)
    {
        if (source.Length != VrrpWire.Ipv4AddressLength)
        {
            throw new ArgumentException("The SPI is the 4-byte IPv4 source address.", nameof(source));
        }

        ah = ah[..Length];
        ah.Clear();
        ah[0] = VrrpWire.ProtocolVrrp;
        ah[1] = PayloadLengthWords;
        source.CopyTo(ah[SpiOffset..]);
        BinaryPrimitives.WriteUInt32BigEndian(ah[SequenceOffset..], sequence);
    }

    /// <summary>
    /// Computes the ICV of a whole IPv4 packet (header, AH, VRRP) into <paramref name="icv"/> (12 bytes).
    /// <paramref name="key"/>: the 8-byte auth field (<see cref="VrrpEncoder.PasswordAuthData"/>);
    /// <paramref name="zeroTtl"/>: the instance is a unicast one (keepalived then treats the TTL as mutable).
    /// The packet itself is not modified.
    /// </summary>
    public static void ComputeIcv(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> key, bool zeroTtl, Span<byte> icv)
    {
        int headerLength = HeaderLengthOf(packet);
        // Valid adverts are at most 60 + 24 + 8 + 255 × 4 + 8 bytes: the heap copy is for hostile lengths only.
        byte[]? large = packet.Length > StackLimit ? new byte[packet.Length] : null;
        Span<byte> copy = large ?? stackalloc byte[StackLimit];
        copy = copy[..packet.Length];
        packet.CopyTo(copy);
        copy[1] = 0;
        copy[6] = 0;
        copy[7] = 0;
        copy[10] = 0;
        copy[11] = 0;
        if (zeroTtl)
        {
            copy[8] = 0;
        }

        copy.Slice(headerLength + IcvOffset, IcvLength).Clear();
        Span<byte> digest = stackalloc byte[HMACMD5.HashSizeInBytes];
#pragma warning disable CA5351 // HMAC-MD5-96 is what keepalived's AH puts on the wire; interoperability needs exactly it.
        HMACMD5.HashData(key, copy, digest);
#pragma warning restore CA5351
        digest[..IcvLength].CopyTo(icv);
    }

    /// <summary>Writes the ICV into a packet whose IPv4 header, AH (ICV zeroed or not) and VRRP message are complete.</summary>
    public static void Sign(Span<byte> packet, ReadOnlySpan<byte> key, bool zeroTtl)
    {
        int headerLength = HeaderLengthOf(packet);
        Span<byte> icv = stackalloc byte[IcvLength];
        ComputeIcv(packet, key, zeroTtl, icv);
        icv.CopyTo(packet.Slice(headerLength + IcvOffset, IcvLength));
    }

    /// <summary>
    /// keepalived's first two receive checks on an AH advert: the ICV (constant-time comparison), then SPI = source.
    /// Either failing is <see cref="AdvertRejection.AuthHeaderIcvMismatch"/> (keepalived's auth_failure).
    /// </summary>
    public static AdvertRejection Verify(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> key, bool zeroTtl)
    {
        if (!TryGetHeader(packet, out int headerLength))
        {
            return AdvertRejection.AuthHeaderIcvMismatch;
        }

        Span<byte> icv = stackalloc byte[IcvLength];
        ComputeIcv(packet, key, zeroTtl, icv);
        ReadOnlySpan<byte> ah = packet.Slice(headerLength, Length);
        if (!CryptographicOperations.FixedTimeEquals(icv, ah.Slice(IcvOffset, IcvLength)))
        {
            return AdvertRejection.AuthHeaderIcvMismatch;
        }

        return ah.Slice(SpiOffset, 4).SequenceEqual(packet.Slice(12, 4)) ? AdvertRejection.None : AdvertRejection.AuthHeaderIcvMismatch;
    }

    /// <summary>The AH sequence number of an IPv4 packet carrying AH; 0 when there is none.</summary>
    public static uint SequenceOf(ReadOnlySpan<byte> packet) =>
        TryGetHeader(packet, out int headerLength)
            ? BinaryPrimitives.ReadUInt32BigEndian(packet[(headerLength + SequenceOffset)..])
            : 0;

    /// <summary>The AH SPI of an IPv4 packet carrying AH; 0 when there is none.</summary>
    public static uint SpiOf(ReadOnlySpan<byte> packet) =>
        TryGetHeader(packet, out int headerLength)
            ? BinaryPrimitives.ReadUInt32BigEndian(packet[(headerLength + SpiOffset)..])
            : 0;

    private static bool TryGetHeader(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = packet.Length >= VrrpWire.Ipv4HeaderLength ? (packet[0] & 0x0F) * 4 : 0;
        return headerLength >= VrrpWire.Ipv4HeaderLength && packet.Length >= headerLength + Length
            && packet[9] == VrrpWire.ProtocolAuthenticationHeader;
    }

    private static int HeaderLengthOf(ReadOnlySpan<byte> packet) =>
        TryGetHeader(packet, out int headerLength)
            ? headerLength
            : throw new ArgumentException("Not an IPv4 packet carrying an AH header.", nameof(packet));
}
