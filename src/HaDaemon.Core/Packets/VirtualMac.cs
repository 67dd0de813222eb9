namespace HaDaemon.Core.Packets;

/// <summary>RFC 3768 §7.3 / RFC 5798 §7.3 virtual router MAC: 00:00:5e:00:01:VRID (IPv4), 00:00:5e:00:02:VRID (IPv6).</summary>
public static class VirtualMac
{
    public const int Length = 6;

    public static void Write(Span<byte> destination, byte virtualRouterId, bool ipv6)
    {
        destination = destination[..Length];
        destination[0] = 0x00;
        destination[1] = 0x00;
        destination[2] = 0x5E;
        destination[3] = 0x00;
        destination[4] = ipv6 ? (byte)0x02 : (byte)0x01;
        destination[5] = virtualRouterId;
    }

    public static byte[] Create(byte virtualRouterId, bool ipv6)
    {
        var mac = new byte[Length];
        Write(mac, virtualRouterId, ipv6);
        return mac;
    }

    /// <summary>True when <paramref name="mac"/> is a VRRP virtual MAC; gives its VRID and family.</summary>
    public static bool TryParse(ReadOnlySpan<byte> mac, out byte virtualRouterId, out bool ipv6)
    {
        virtualRouterId = 0;
        ipv6 = false;
        if (mac.Length != Length || mac[0] != 0 || mac[1] != 0 || mac[2] != 0x5E || mac[3] != 0 || mac[4] is not (1 or 2))
        {
            return false;
        }

        ipv6 = mac[4] == 2;
        virtualRouterId = mac[5];
        return true;
    }
}
