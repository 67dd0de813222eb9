using System.Buffers.Binary;

namespace HaDaemon.Core.Packets;

/// <summary>
/// Gratuitous ARP as keepalived's vrrp_arp.c sends it on Ethernet: to ff:ff:ff:ff:ff:ff from the interface
/// (or VMAC) address, an ARP request (op 1) with sender = target protocol address = the VIP, and the target
/// hardware address set to the broadcast address (keepalived copies hw_addr_bcast there, not zeros).
/// </summary>
public static class GratuitousArp
{
    /// <summary>14-byte Ethernet header + 28-byte ARP packet, before the NIC pads it to 60.</summary>
    public const int FrameLength = Ethernet.HeaderLength + ArpLength;
    private const int ArpLength = 28;
    private const ushort HardwareEthernet = 1;
    public const ushort OperationRequest = 1;
    public const ushort OperationReply = 2;

    public static int WriteFrame(Span<byte> buffer, ReadOnlySpan<byte> senderMac, ReadOnlySpan<byte> virtualAddress)
    {
        if (virtualAddress.Length != VrrpWire.Ipv4AddressLength)
        {
            throw new ArgumentException("Gratuitous ARP announces an IPv4 address.", nameof(virtualAddress));
        }

        Ethernet.WriteHeader(buffer, Ethernet.Broadcast, senderMac, Ethernet.EtherTypeArp);
        Span<byte> arp = buffer.Slice(Ethernet.HeaderLength, ArpLength);
        BinaryPrimitives.WriteUInt16BigEndian(arp, HardwareEthernet);
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], Ethernet.EtherTypeIpv4);
        arp[4] = VirtualMac.Length;
        arp[5] = VrrpWire.Ipv4AddressLength;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], OperationRequest);
        senderMac.CopyTo(arp[8..]);
        virtualAddress.CopyTo(arp[14..]);
        Ethernet.Broadcast.CopyTo(arp[18..]);
        virtualAddress.CopyTo(arp[24..]);
        return FrameLength;
    }

    /// <summary>Parses an Ethernet/IPv4 ARP frame (trailing padding allowed); false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out ArpFrame arp)
    {
        arp = default;
        if (frame.Length < FrameLength || Ethernet.ReadEtherType(frame) != Ethernet.EtherTypeArp)
        {
            return false;
        }

        ReadOnlySpan<byte> body = frame.Slice(Ethernet.HeaderLength, ArpLength);
        if (BinaryPrimitives.ReadUInt16BigEndian(body) != HardwareEthernet
            || BinaryPrimitives.ReadUInt16BigEndian(body[2..]) != Ethernet.EtherTypeIpv4
            || body[4] != VirtualMac.Length || body[5] != VrrpWire.Ipv4AddressLength)
        {
            return false;
        }

        arp = new ArpFrame(frame[..6], frame.Slice(6, 6), BinaryPrimitives.ReadUInt16BigEndian(body[6..]),
            body.Slice(8, 6), body.Slice(14, 4), body.Slice(18, 6), body.Slice(24, 4));
        return true;
    }
}

/// <summary>The fields of a parsed Ethernet ARP frame, viewed in place.</summary>
public readonly ref struct ArpFrame(
    ReadOnlySpan<byte> destinationMac, ReadOnlySpan<byte> sourceMac, ushort operation,
    ReadOnlySpan<byte> senderHardware, ReadOnlySpan<byte> senderProtocol,
    ReadOnlySpan<byte> targetHardware, ReadOnlySpan<byte> targetProtocol)
{
    public ReadOnlySpan<byte> DestinationMac { get; } = destinationMac;
    public ReadOnlySpan<byte> SourceMac { get; } = sourceMac;
    public ushort Operation { get; } = operation;
    public ReadOnlySpan<byte> SenderHardware { get; } = senderHardware;
    public ReadOnlySpan<byte> SenderProtocol { get; } = senderProtocol;
    public ReadOnlySpan<byte> TargetHardware { get; } = targetHardware;
    public ReadOnlySpan<byte> TargetProtocol { get; } = targetProtocol;

    /// <summary>An announcement of the sender's own address: sender and target protocol addresses agree.</summary>
    public bool IsGratuitous => SenderProtocol.SequenceEqual(TargetProtocol);
}
