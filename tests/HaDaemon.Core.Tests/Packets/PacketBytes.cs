using System.Globalization;
using System.Net;
using HaDaemon.Core.Packets;

namespace HaDaemon.Core.Tests.Packets;

/// <summary>Small helpers shared by the packet tests: hex parsing and wrapping VRRP messages in IPv4.</summary>
internal static class PacketBytes
{
    public static byte[] Hex(string text)
    {
        string digits = text.Replace(" ", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);
        var bytes = new byte[digits.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = byte.Parse(digits.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return bytes;
    }

    public static byte[] Ip(string address) => IPAddress.Parse(address).GetAddressBytes();

    /// <summary>A VRRP message behind a valid keepalived-style IPv4 header.</summary>
    public static byte[] Ipv4(byte[] message, string source, string destination, byte ttl = 255, ushort id = 1,
        byte protocol = VrrpWire.ProtocolVrrp)
    {
        var packet = new byte[Ipv4Header.Length + message.Length];
        Ipv4Header.Write(packet, Ip(source), Ip(destination), (ushort)packet.Length, id, ttl, protocol);
        message.CopyTo(packet, Ipv4Header.Length);
        return packet;
    }

    public static VrrpAdvert V2(byte vrid = 51, byte priority = 200, byte interval = 1, VrrpAuthType auth = VrrpAuthType.None,
        string? password = null, params string[] addresses) => new()
    {
        Version = VrrpVersion.V2,
        VirtualRouterId = vrid,
        Priority = priority,
        AdvertInterval = interval,
        AuthType = auth,
        AuthData = password is null ? ReadOnlyMemory<byte>.Empty : VrrpEncoder.PasswordAuthData(password),
        Addresses = addresses.Select(IPAddress.Parse).ToArray(),
    };

    public static VrrpAdvert V3(byte vrid = 52, byte priority = 100, ushort interval = 100, params string[] addresses) => new()
    {
        Version = VrrpVersion.V3,
        VirtualRouterId = vrid,
        Priority = priority,
        AdvertInterval = interval,
        Addresses = addresses.Select(IPAddress.Parse).ToArray(),
    };

    /// <summary>Recomputes the IPv4 header checksum after a test edited the header.</summary>
    public static byte[] FixIpChecksum(byte[] packet)
    {
        int headerLength = (packet[0] & 0x0F) * 4;
        packet[10] = 0;
        packet[11] = 0;
        ushort sum = InternetChecksum.Compute(packet.AsSpan(0, headerLength));
        packet[10] = (byte)(sum >> 8);
        packet[11] = (byte)sum;
        return packet;
    }

    /// <summary>Recomputes a VRRP-only checksum after a test edited the message.</summary>
    public static byte[] FixVrrpChecksum(byte[] message)
    {
        message[6] = 0;
        message[7] = 0;
        ushort sum = InternetChecksum.Compute(message);
        message[6] = (byte)(sum >> 8);
        message[7] = (byte)sum;
        return message;
    }

    public static byte[] Encode(VrrpAdvert advert, ChecksumMode mode = ChecksumMode.VrrpOnly, string? source = null,
        string? destination = null)
    {
        var buffer = new byte[VrrpEncoder.MessageLength(advert)];
        VrrpEncoder.EncodeMessage(advert, buffer, mode, source is null ? null : IPAddress.Parse(source),
            destination is null ? null : IPAddress.Parse(destination));
        return buffer;
    }
}
