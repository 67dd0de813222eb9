using System.Buffers.Binary;

namespace HaDaemon.Core.Packets;

/// <summary>Ethernet II header (no VLAN tag), for frames sent on AF_PACKET sockets.</summary>
public static class Ethernet
{
    public const int HeaderLength = 14;
    public const ushort EtherTypeIpv4 = 0x0800;
    public const ushort EtherTypeArp = 0x0806;
    public const ushort EtherTypeIpv6 = 0x86DD;

    public static ReadOnlySpan<byte> Broadcast => [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
    /// <summary>RFC 2464 §7 mapping of ff02::1 (all nodes).</summary>
    public static ReadOnlySpan<byte> AllNodesMulticast => [0x33, 0x33, 0x00, 0x00, 0x00, 0x01];

    public static int WriteHeader(Span<byte> buffer, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> source, ushort etherType)
    {
        if (destination.Length != VirtualMac.Length || source.Length != VirtualMac.Length)
        {
            throw new ArgumentException("Ethernet addresses are 6 bytes.");
        }

        destination.CopyTo(buffer);
        source.CopyTo(buffer[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[12..], etherType);
        return HeaderLength;
    }

    public static ushort ReadEtherType(ReadOnlySpan<byte> frame) =>
        frame.Length >= HeaderLength ? BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) : (ushort)0;
}
