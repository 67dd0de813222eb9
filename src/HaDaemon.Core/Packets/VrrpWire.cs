namespace HaDaemon.Core.Packets;

/// <summary>Numbers fixed by RFC 3768 / 5798 / 9568 and by keepalived's on-wire behaviour (keepalived.md §4).</summary>
public static class VrrpWire
{
    public const byte ProtocolVrrp = 112;
    /// <summary>IPsec AH: keepalived's VRRPv2 auth_type AH wraps the advert in it.</summary>
    public const byte ProtocolAuthenticationHeader = 51;
    public const byte ProtocolIcmpv6 = 58;

    /// <summary>TTL / hop limit every advert is sent with and (multicast) must arrive with.</summary>
    public const byte RequiredHopLimit = 255;
    /// <summary>keepalived's IPv4 TOS: internetwork control.</summary>
    public const byte TypeOfService = 0xC0;

    public const int HeaderLength = 8;
    public const int V2AuthDataLength = 8;
    public const int Ipv4AddressLength = 4;
    public const int Ipv6AddressLength = 16;
    public const int Ipv4HeaderLength = 20;
    public const int Ipv6HeaderLength = 40;
    /// <summary>RFC 2402 AH as keepalived builds it: 12 fixed bytes + 96-bit HMAC-MD5.</summary>
    public const int AuthenticationHeaderLength = 24;

    /// <summary>Priority of the address owner; 0 means the master is stopping.</summary>
    public const byte OwnerPriority = 255;

    /// <summary>The only VRRP packet type (RFC 3768 §5.3.2, RFC 5798 §5.2.2).</summary>
    public const byte TypeAdvertisement = 1;
    /// <summary>VRRPv3's Max Adver Int is 12 bits of centiseconds (max 40.95 s).</summary>
    public const ushort V3MaxInterval = 0x0FFF;

    /// <summary>224.0.0.18, the IPv4 VRRP group.</summary>
    public static ReadOnlySpan<byte> Ipv4Group => [224, 0, 0, 18];
    /// <summary>ff02::12, the IPv6 VRRP group.</summary>
    public static ReadOnlySpan<byte> Ipv6Group => [0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12];

    /// <summary>Length of the VRRP message (no IP header) for a version, address family and address count.</summary>
    public static int MessageLength(VrrpVersion version, bool ipv6, int addressCount)
    {
        int length = HeaderLength + (addressCount * (ipv6 ? Ipv6AddressLength : Ipv4AddressLength));
        return version == VrrpVersion.V2 ? length + V2AuthDataLength : length;
    }

    public static bool IsMulticast(ReadOnlySpan<byte> address) => address.Length switch
    {
        4 => (address[0] & 0xF0) == 0xE0,
        16 => address[0] == 0xFF,
        _ => false,
    };

    /// <summary>
    /// Fills the 8-byte v2 authentication field: the data NUL-padded or truncated, as keepalived stores
    /// auth_pass ("secret123" goes out as "secret12").
    /// </summary>
    public static void WriteAuthField(ReadOnlySpan<byte> data, Span<byte> field)
    {
        field = field[..V2AuthDataLength];
        field.Clear();
        data[..Math.Min(data.Length, field.Length)].CopyTo(field);
    }
}
