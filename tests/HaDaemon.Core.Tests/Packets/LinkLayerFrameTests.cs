using HaDaemon.Core.Packets;
using static HaDaemon.Core.Tests.Packets.PacketBytes;

namespace HaDaemon.Core.Tests.Packets;

/// <summary>Byte-exact gratuitous ARP, unsolicited NA and virtual MAC layouts (keepalived vrrp_arp.c / vrrp_ndisc.c).</summary>
public class LinkLayerFrameTests
{
    private static readonly byte[] Mac = Hex("52:54:00:12:34:56");

    [Fact]
    public void Gratuitous_arp_frame_is_byte_exact()
    {
        var frame = new byte[GratuitousArp.FrameLength];
        Assert.Equal(42, GratuitousArp.WriteFrame(frame, Mac, Ip("192.168.200.16")));
        byte[] expected = Hex(
            "ff ff ff ff ff ff  52 54 00 12 34 56  08 06" +   // Ethernet: broadcast, sender MAC, ARP
            "00 01  08 00  06  04  00 01" +                    // htype Ethernet, ptype IPv4, hlen, plen, request
            "52 54 00 12 34 56  c0 a8 c8 10" +                 // sha, spa = VIP
            "ff ff ff ff ff ff  c0 a8 c8 10");                 // tha = broadcast (keepalived), tpa = VIP
        Assert.Equal(expected, frame);

        Assert.True(GratuitousArp.TryParse([.. frame, .. new byte[18]], out ArpFrame arp)); // NIC padding to 60
        Assert.True(arp.IsGratuitous);
        Assert.Equal(GratuitousArp.OperationRequest, arp.Operation);
        Assert.Equal(Mac, arp.SenderHardware.ToArray());
        Assert.Equal(Ip("192.168.200.16"), arp.TargetProtocol.ToArray());
    }

    [Fact]
    public void Arp_parser_rejects_other_frames()
    {
        var frame = new byte[GratuitousArp.FrameLength];
        GratuitousArp.WriteFrame(frame, Mac, Ip("10.0.0.1"));
        Assert.False(GratuitousArp.TryParse(frame.AsSpan(0, 41), out _));
        byte[] ipv4 = (byte[])frame.Clone();
        ipv4[13] = 0x00; // ethertype 0x0800
        Assert.False(GratuitousArp.TryParse(ipv4, out _));
        byte[] otherHardware = (byte[])frame.Clone();
        otherHardware[15] = 6;
        Assert.False(GratuitousArp.TryParse(otherHardware, out _));
    }

    [Fact]
    public void Neighbour_advert_message_is_byte_exact()
    {
        var message = new byte[NeighborAdvertisement.MessageLength];
        Assert.Equal(32, NeighborAdvertisement.WriteMessage(message, Ip("2001:db8::10"), Mac, router: false));
        byte[] expected = Hex(
            "88 00 00 00" +                                   // type 136, code 0, checksum left to the kernel
            "20 00 00 00" +                                   // O=1, S=0, R=0
            "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 10" + // target
            "02 01 52 54 00 12 34 56");                       // option 2 (target LLA), length 1, MAC
        Assert.Equal(expected, message);

        NeighborAdvertisement.WriteMessage(message, Ip("2001:db8::10"), Mac, router: true);
        Assert.Equal(0xA0, message[4]); // R and O
    }

    [Fact]
    public void Neighbour_advert_frame_is_byte_exact_with_valid_checksum()
    {
        byte[] vmac = VirtualMac.Create(7, ipv6: true);
        var frame = new byte[NeighborAdvertisement.FrameLength];
        Assert.Equal(86, NeighborAdvertisement.WriteFrame(frame, vmac, Ip("fe80::7"), router: true));

        Assert.Equal(Hex("33 33 00 00 00 01  00 00 5e 00 02 07  86 dd"), frame[..14]);
        Assert.Equal(Hex("60 00 00 00  00 20  3a  ff"), frame[14..22]); // v6, payload 32, ICMPv6, hop limit 255
        Assert.Equal(Ip("fe80::7"), frame[22..38]);                      // source = the VIP, as keepalived
        Assert.Equal(Ip("ff02::1"), frame[38..54]);
        Assert.Equal(136, frame[54]);
        Assert.Equal(0xA0, frame[58]);
        Assert.Equal(vmac, frame[80..86]);

        ulong sum = InternetChecksum.AddIpv6PseudoHeader(0, Ip("fe80::7"), Ip("ff02::1"), 58, 32);
        Assert.True(InternetChecksum.IsValid(InternetChecksum.Add(sum, frame.AsSpan(54))));

        Assert.True(NeighborAdvertisement.TryParseFrame(frame, out NeighborAdvertFrame parsed));
        Assert.Equal(255, parsed.HopLimit);
        Assert.True(parsed.Advert.Router);
        Assert.True(parsed.Advert.Override);
        Assert.False(parsed.Advert.Solicited);
        Assert.Equal(Ip("fe80::7"), parsed.Advert.Target.ToArray());
        Assert.Equal(vmac, parsed.Advert.TargetLinkLayerAddress.ToArray());
    }

    [Fact]
    public void Neighbour_advert_parser_rejects_a_bad_checksum()
    {
        var frame = new byte[NeighborAdvertisement.FrameLength];
        NeighborAdvertisement.WriteFrame(frame, Mac, Ip("2001:db8::1"), router: false);
        frame[70] ^= 1; // inside the target
        Assert.False(NeighborAdvertisement.TryParseFrame(frame, out _));
    }

    [Fact]
    public void Virtual_macs_follow_rfc_5798()
    {
        Assert.Equal(Hex("00 00 5e 00 01 33"), VirtualMac.Create(0x33, ipv6: false));
        Assert.Equal(Hex("00 00 5e 00 02 ff"), VirtualMac.Create(0xFF, ipv6: true));
        Assert.True(VirtualMac.TryParse(Hex("00 00 5e 00 02 0a"), out byte vrid, out bool ipv6));
        Assert.Equal(10, vrid);
        Assert.True(ipv6);
        Assert.False(VirtualMac.TryParse(Mac, out _, out _));
    }
}
