namespace HaDaemon.Linux.Adverts;

/// <summary>IP-level socket option numbers .NET has no (working) name for on raw sockets.</summary>
internal static class SocketOptions
{
    public const int SOL_SOCKET = 1;
    public const int SO_BINDTODEVICE = 25;
    public const int SOL_IP = 0;
    public const int IP_TOS = 1;
    public const int IP_TTL = 2;
    public const int IP_MTU_DISCOVER = 10;
    public const int IP_PMTUDISC_DONT = 0;
    public const int IP_FREEBIND = 15;
    public const int IP_MULTICAST_ALL = 49;
    public const int IP_HDRINCL = 3;
    public const int SOL_IPV6 = 41;

    public const int IPPROTO_VRRP = 112;
    /// <summary>IPsec AH, which keepalived's auth_type AH puts between the IPv4 header and the VRRP message.</summary>
    public const int IPPROTO_AH = 51;
    /// <summary>A raw socket that only sends packets with a caller-built IPv4 header (IP_HDRINCL implied) and receives none.</summary>
    public const int IPPROTO_RAW = 255;
    public const int IPV6_CHECKSUM = 7;
    public const int IPV6_UNICAST_HOPS = 16;
    public const int IPV6_MULTICAST_HOPS = 18;
    public const int IPV6_MULTICAST_LOOP = 19;
    public const int IPV6_RECVPKTINFO = 49;
    public const int IPV6_PKTINFO = 50;
    public const int IPV6_RECVHOPLIMIT = 51;
    public const int IPV6_HOPLIMIT = 52;
    public const int IPV6_TCLASS = 67;
    public const int IPV6_FREEBIND = 78;

    /// <summary>DSCP CS6 "network control", as keepalived sets on adverts.</summary>
    public const int VrrpTrafficClass = 0xC0;

    /// <summary>Where the VRRP checksum sits: the kernel fills and verifies it for IPv6 (RFC 2460 pseudo-header).</summary>
    public const int VrrpChecksumOffset = 6;

    public static byte[] Int(int value) => BitConverter.GetBytes(value);

    public static byte[] DeviceName(string name) => System.Text.Encoding.ASCII.GetBytes(name + "\0");
}
