using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HaDaemon.Core.Packets;

/// <summary>
/// Writes VRRP advertisements into caller buffers without allocating. The VRRP message alone is what a kernel
/// raw socket needs for IPv6 (and, with the IPv4 header prepended, for IP_HDRINCL on IPv4); the checksum is
/// computed according to <see cref="ChecksumMode"/> and the addresses that will be in the IP header.
/// Invalid arguments (our own configuration, not network input) throw <see cref="ArgumentException"/>.
/// </summary>
public static class VrrpEncoder
{
    /// <summary>Bytes <see cref="EncodeMessage(VrrpAdvert, Span{byte}, ChecksumMode, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> writes.</summary>
    public static int MessageLength(VrrpAdvert advert) =>
        VrrpWire.MessageLength(advert.Version, IsIpv6(advert, ReadOnlySpan<byte>.Empty), advert.Addresses.Count);

    /// <summary>
    /// Encodes the VRRP message. <paramref name="source"/>/<paramref name="destination"/> are the IP addresses of
    /// the carrying packet (4 or 16 bytes); they are needed for VRRPv3 pseudo-header checksums only and may be
    /// empty otherwise. For IPv6, <see cref="ChecksumMode.KernelVerifiedIpv6"/> leaves the checksum zero for the
    /// kernel to fill (IPV6_CHECKSUM); any other mode computes the RFC 2460 pseudo-header checksum.
    /// </summary>
    public static int EncodeMessage(VrrpAdvert advert, Span<byte> buffer, ChecksumMode mode,
        ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(advert);
        bool ipv6 = IsIpv6(advert, source);
        int count = advert.Addresses.Count;
        if (count > byte.MaxValue)
        {
            throw new ArgumentException("A VRRP advert carries at most 255 addresses.", nameof(advert));
        }

        int addressLength = ipv6 ? VrrpWire.Ipv6AddressLength : VrrpWire.Ipv4AddressLength;
        int length = VrrpWire.MessageLength(advert.Version, ipv6, count);
        if (buffer.Length < length)
        {
            throw new ArgumentException($"The buffer holds {buffer.Length} bytes; the advert needs {length}.", nameof(buffer));
        }

        Span<byte> message = buffer[..length];
        WriteFixedHeader(advert, message);
        for (int i = 0; i < count; i++)
        {
            IPAddress address = advert.Addresses[i];
            if (address.AddressFamily != (ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork)
                || !address.TryWriteBytes(message.Slice(VrrpWire.HeaderLength + (i * addressLength), addressLength), out _))
            {
                throw new ArgumentException("All advertised addresses must be of the packet's address family.", nameof(advert));
            }
        }

        if (advert.Version == VrrpVersion.V2)
        {
            Span<byte> auth = message[(VrrpWire.HeaderLength + (count * addressLength))..];
            VrrpWire.WriteAuthField(advert.AuthData.Span, auth);
        }

        ushort checksum = ComputeChecksum(message, advert.Version, ipv6, mode, source, destination);
        BinaryPrimitives.WriteUInt16BigEndian(message[6..], checksum);
        return length;
    }

    /// <summary>Convenience overload taking <see cref="IPAddress"/> values (still allocation-free).</summary>
    public static int EncodeMessage(VrrpAdvert advert, Span<byte> buffer, ChecksumMode mode = ChecksumMode.VrrpOnly,
        IPAddress? source = null, IPAddress? destination = null)
    {
        Span<byte> src = stackalloc byte[16];
        Span<byte> dst = stackalloc byte[16];
        return EncodeMessage(advert, buffer, mode, AddressBytes(source, src), AddressBytes(destination, dst));
    }

    /// <summary>
    /// Encodes IPv4 header + VRRP message, as sent on an IP_HDRINCL socket or put on the simulated wire.
    /// Returns the IP total length.
    /// </summary>
    public static int EncodeIpv4Packet(VrrpAdvert advert, Span<byte> buffer, ChecksumMode mode,
        ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ushort identification,
        byte ttl = VrrpWire.RequiredHopLimit)
    {
        if (source.Length != VrrpWire.Ipv4AddressLength)
        {
            throw new ArgumentException("An IPv4 packet needs a 4-byte source.", nameof(source));
        }

        int messageLength = EncodeMessage(advert, buffer[Ipv4Header.Length..], mode, source, destination);
        int total = Ipv4Header.Length + messageLength;
        Ipv4Header.Write(buffer, source, destination, (ushort)total, identification, ttl);
        return total;
    }

    /// <summary>
    /// Encodes a keepalived auth_type AH advert: IPv4 header (protocol 51, TOS 0xC0, no DF), AH with SPI = source and
    /// <paramref name="sequence"/>, the VRRPv2 message, then the HMAC-MD5-96 ICV keyed with <paramref name="key"/> (the
    /// 8-byte auth field). The ICV covers <paramref name="identification"/>, so it must never be 0 (the kernel replaces
    /// a zero id on IP_HDRINCL sockets). <paramref name="unicast"/>: keepalived leaves the TTL out of a unicast
    /// instance's ICV. Returns the IP total length.
    /// </summary>
    public static int EncodeIpv4AuthenticatedPacket(VrrpAdvert advert, Span<byte> buffer, ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> destination, ushort identification, uint sequence, ReadOnlySpan<byte> key, bool unicast,
        byte ttl = VrrpWire.RequiredHopLimit)
    {
        ArgumentNullException.ThrowIfNull(advert);
        if (advert.Version != VrrpVersion.V2 || source.Length != VrrpWire.Ipv4AddressLength)
        {
            throw new ArgumentException("AH authentication is VRRPv2 over IPv4 only.", nameof(advert));
        }

        if (identification == 0)
        {
            throw new ArgumentException("The kernel replaces IP id 0, which would void the ICV.", nameof(identification));
        }

        const int vrrpOffset = Ipv4Header.Length + AuthenticationHeader.Length;
        int messageLength = EncodeMessage(advert, buffer[vrrpOffset..], ChecksumMode.VrrpOnly, source, destination);
        int total = vrrpOffset + messageLength;
        Ipv4Header.Write(buffer, source, destination, (ushort)total, identification, ttl, VrrpWire.ProtocolAuthenticationHeader);
        AuthenticationHeader.Write(buffer[Ipv4Header.Length..], source, sequence);
        AuthenticationHeader.Sign(buffer[..total], key, zeroTtl: unicast);
        return total;
    }

    /// <summary>
    /// Encodes IPv6 header (traffic class 0xC0 like keepalived) + VRRP message with the pseudo-header checksum
    /// computed, for AF_PACKET sends, the simulator and replay tests. Returns the packet length.
    /// </summary>
    public static int EncodeIpv6Packet(VrrpAdvert advert, Span<byte> buffer, ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> destination, byte hopLimit = VrrpWire.RequiredHopLimit)
    {
        if (source.Length != VrrpWire.Ipv6AddressLength)
        {
            throw new ArgumentException("An IPv6 packet needs a 16-byte source.", nameof(source));
        }

        int messageLength = EncodeMessage(advert, buffer[Ipv6Header.Length..], ChecksumMode.PseudoHeader, source, destination);
        Ipv6Header.Write(buffer, source, destination, (ushort)messageLength, VrrpWire.ProtocolVrrp, hopLimit,
            VrrpWire.TypeOfService);
        return Ipv6Header.Length + messageLength;
    }

    /// <summary>
    /// The 8 bytes of v2 authentication data for a PASS password: its bytes NUL-padded or truncated to 8,
    /// as keepalived does ("secret123" is sent as "secret12").
    /// </summary>
    public static byte[] PasswordAuthData(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var data = new byte[VrrpWire.V2AuthDataLength];
        // keepalived copies the config bytes as they are; UTF-8 is what the config file holds.
        VrrpWire.WriteAuthField(System.Text.Encoding.UTF8.GetBytes(password), data);
        return data;
    }

    /// <summary>
    /// The checksum to place in bytes 6-7 of <paramref name="message"/> (whose own checksum field is ignored).
    /// The decoder uses the same function to find which mode a received packet was built with.
    /// </summary>
    public static ushort ComputeChecksum(ReadOnlySpan<byte> message, VrrpVersion version, bool ipv6, ChecksumMode mode,
        ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        ulong sum = 0;
        if (ipv6)
        {
            if (mode == ChecksumMode.KernelVerifiedIpv6)
            {
                return 0;
            }

            RequireAddresses(source, destination, VrrpWire.Ipv6AddressLength);
            sum = InternetChecksum.AddIpv6PseudoHeader(sum, source, destination, VrrpWire.ProtocolVrrp, (uint)message.Length);
        }
        else if (version == VrrpVersion.V3 && mode != ChecksumMode.VrrpOnly)
        {
            ReadOnlySpan<byte> pseudoDestination = mode == ChecksumMode.OldUnicastPseudoHeader ? VrrpWire.Ipv4Group : destination;
            RequireAddresses(source, pseudoDestination, VrrpWire.Ipv4AddressLength);
            sum = InternetChecksum.AddIpv4PseudoHeader(sum, source, pseudoDestination, VrrpWire.ProtocolVrrp, (ushort)message.Length);
        }

        // Sum the message with a zero checksum field without copying it: bytes 0-5, then 8 onwards.
        sum = InternetChecksum.Add(sum, message[..6]);
        sum = InternetChecksum.Add(sum, message[8..]);
        return InternetChecksum.Finish(sum);
    }

    private static void WriteFixedHeader(VrrpAdvert advert, Span<byte> message)
    {
        message[1] = advert.VirtualRouterId;
        message[2] = advert.Priority;
        message[3] = (byte)advert.Addresses.Count;
        switch (advert.Version)
        {
            case VrrpVersion.V2:
                if (advert.AdvertInterval > byte.MaxValue)
                {
                    throw new ArgumentException("A VRRPv2 interval is at most 255 s.", nameof(advert));
                }

                message[0] = (2 << 4) | VrrpWire.TypeAdvertisement;
                message[4] = (byte)advert.AuthType;
                message[5] = (byte)advert.AdvertInterval;
                break;
            case VrrpVersion.V3:
                if (advert.AdvertInterval > VrrpWire.V3MaxInterval)
                {
                    throw new ArgumentException("A VRRPv3 interval is at most 4095 cs.", nameof(advert));
                }

                message[0] = (3 << 4) | VrrpWire.TypeAdvertisement;
                // The 4 reserved bits above the 12-bit interval stay zero.
                BinaryPrimitives.WriteUInt16BigEndian(message[4..], advert.AdvertInterval);
                break;
            default:
                throw new ArgumentException($"Unknown VRRP version {advert.Version}.", nameof(advert));
        }
    }

    private static bool IsIpv6(VrrpAdvert advert, ReadOnlySpan<byte> source)
    {
        bool ipv6 = advert.Addresses.Count > 0
            ? advert.Addresses[0].AddressFamily == AddressFamily.InterNetworkV6
            : source.Length == VrrpWire.Ipv6AddressLength;
        if (ipv6 && advert.Version == VrrpVersion.V2)
        {
            throw new ArgumentException("VRRPv2 is IPv4 only.", nameof(advert));
        }

        return ipv6;
    }

    private static ReadOnlySpan<byte> AddressBytes(IPAddress? address, Span<byte> scratch) =>
        address is not null && address.TryWriteBytes(scratch, out int written) ? scratch[..written] : ReadOnlySpan<byte>.Empty;

    private static void RequireAddresses(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int length)
    {
        if (source.Length != length || destination.Length != length)
        {
            throw new ArgumentException($"This checksum needs {length}-byte source and destination addresses.");
        }
    }
}
