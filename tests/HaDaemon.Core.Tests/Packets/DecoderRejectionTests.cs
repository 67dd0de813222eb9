using HaDaemon.Core.Packets;
using static HaDaemon.Core.Tests.Packets.PacketBytes;

namespace HaDaemon.Core.Tests.Packets;

/// <summary>Each packet-level rejection is produced by exactly the defect it names, and checks run in keepalived's order.</summary>
public class DecoderRejectionTests
{
    private const string Src = "192.168.200.1";
    private const string Group = "224.0.0.18";
    private static readonly byte[] V2Message = Encode(V2(10, 100, 1, VrrpAuthType.Password, "pw", "10.0.0.1", "10.0.0.2"));
    private static readonly byte[] V3Message = Encode(V3(10, 100, 100, "10.0.0.1"), ChecksumMode.PseudoHeader, Src, Group);

    private static AdvertRejection Decode4(byte[] packet, bool multicast = true) =>
        VrrpDecoder.DecodeIpv4(packet, multicast, out _);

    [Fact]
    public void Valid_packets_are_accepted()
    {
        Assert.Equal(AdvertRejection.None, Decode4(Ipv4(V2Message, Src, Group)));
        Assert.Equal(AdvertRejection.None, Decode4(Ipv4(V3Message, Src, Group)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    [InlineData(20)]
    [InlineData(27)]
    public void Truncated_below_the_vrrp_header_is_TooShort(int length)
    {
        byte[] packet = Ipv4(V3Message, Src, Group)[..length];
        Assert.Equal(AdvertRejection.TooShort, Decode4(packet));
    }

    [Fact]
    public void Ipv4_header_longer_than_the_buffer_is_TooShort()
    {
        byte[] packet = Ipv4(V3Message, Src, Group)[..22];
        packet[0] = 0x46; // IHL 6 = 24 bytes
        Assert.Equal(AdvertRejection.TooShort, Decode4(packet));
    }

    [Fact]
    public void Ah_packet_without_room_for_ah_and_vrrp_header_is_TooShort()
    {
        byte[] packet = FixIpChecksum(Ipv4(new byte[20], Src, Group, protocol: VrrpWire.ProtocolAuthenticationHeader));
        Assert.Equal(AdvertRejection.TooShort, Decode4(packet));
    }

    [Fact]
    public void Ipv6_payload_shorter_than_the_vrrp_header_is_TooShort()
    {
        Assert.Equal(AdvertRejection.TooShort, VrrpDecoder.DecodeIpv6(new byte[7], Ip("fe80::1"), Ip("ff02::12"), 255, true, true, out _));
    }

    [Theory]
    [InlineData(0x65)] // version 6
    [InlineData(0x44)] // IHL 4
    public void Bad_version_or_ihl_is_IpHeaderInvalid(byte firstByte)
    {
        byte[] packet = Ipv4(V3Message, Src, Group);
        packet[0] = firstByte;
        Assert.Equal(AdvertRejection.IpHeaderInvalid, Decode4(FixIpChecksum(packet)));
    }

    [Fact]
    public void Bad_ip_header_checksum_is_IpHeaderInvalid()
    {
        byte[] packet = Ipv4(V3Message, Src, Group);
        packet[11] ^= 0x01;
        Assert.Equal(AdvertRejection.IpHeaderInvalid, Decode4(packet));
    }

    [Fact]
    public void Ipv6_addresses_of_the_wrong_size_are_IpHeaderInvalid()
    {
        Assert.Equal(AdvertRejection.IpHeaderInvalid, VrrpDecoder.DecodeIpv6(new byte[24], Ip("10.0.0.1"), Ip("ff02::12"), 255, true, true, out _));
    }

    [Fact]
    public void Other_ip_protocols_are_NotVrrpProtocol()
    {
        Assert.Equal(AdvertRejection.NotVrrpProtocol, Decode4(Ipv4(V3Message, Src, Group, protocol: 17)));
    }

    [Fact]
    public void Ah_carrying_another_protocol_is_NotVrrpProtocol()
    {
        byte[] ah = new byte[VrrpWire.AuthenticationHeaderLength];
        ah[0] = 6; // TCP
        Assert.Equal(AdvertRejection.NotVrrpProtocol,
            Decode4(Ipv4([.. ah, .. V2Message], Src, Group, protocol: VrrpWire.ProtocolAuthenticationHeader)));
    }

    [Fact]
    public void Ah_carrying_vrrp_is_decoded_and_flagged()
    {
        byte[] ah = new byte[VrrpWire.AuthenticationHeaderLength];
        ah[0] = VrrpWire.ProtocolVrrp;
        byte[] packet = Ipv4([.. ah, .. V2Message], Src, Group, protocol: VrrpWire.ProtocolAuthenticationHeader);
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(packet, true, out VrrpPacketView view));
        Assert.True(view.HasAuthenticationHeader);
        Assert.Equal(10, view.VirtualRouterId);
    }

    [Fact]
    public void Count_claiming_more_addresses_than_present_is_LengthMismatch()
    {
        byte[] message = (byte[])V3Message.Clone();
        message[3] = 2;
        Assert.Equal(AdvertRejection.LengthMismatch, Decode4(Ipv4(message, Src, Group)));
    }

    [Fact]
    public void Trailing_bytes_that_are_not_ethernet_padding_are_LengthMismatch()
    {
        byte[] packet = Ipv4([.. V3Message, 0, 0, 0], Src, Group); // 3 extra: not ≡ 2 (mod 4)
        Assert.Equal(AdvertRejection.LengthMismatch, Decode4(packet));
    }

    [Fact]
    public void Ethernet_padding_up_to_46_bytes_is_tolerated()
    {
        byte[] packet = [.. Ipv4(V3Message, Src, Group), .. new byte[14]]; // 32 → 46
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(packet, true, out VrrpPacketView view));
        Assert.Equal(12, view.Message.Length);
    }

    [Fact]
    public void Ip_total_length_disagreeing_with_the_buffer_is_LengthMismatch()
    {
        byte[] packet = Ipv4(V3Message, Src, Group);
        packet[3] += 1;
        Assert.Equal(AdvertRejection.LengthMismatch, Decode4(FixIpChecksum(packet)));
    }

    [Fact]
    public void Ttl_below_255_on_a_multicast_instance_is_TtlNot255_but_passes_for_unicast()
    {
        byte[] packet = Ipv4(V3Message, Src, Group, ttl: 254);
        Assert.Equal(AdvertRejection.TtlNot255, Decode4(packet, multicast: true));
        Assert.Equal(AdvertRejection.None, Decode4(packet, multicast: false));
    }

    [Fact]
    public void Ipv6_hop_limit_below_255_on_a_multicast_instance_is_TtlNot255()
    {
        byte[] message = Encode(V3(5, 100, 100, "fe80::5"), ChecksumMode.PseudoHeader, "fe80::1", "ff02::12");
        Assert.Equal(AdvertRejection.TtlNot255, VrrpDecoder.DecodeIpv6(message, Ip("fe80::1"), Ip("ff02::12"), 64, true, false, out _));
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv6(message, Ip("fe80::1"), Ip("ff02::12"), 64, false, false, out _));
    }

    [Theory]
    [InlineData(0x11)]
    [InlineData(0x41)]
    [InlineData(0xF1)]
    public void Unknown_version_nibble_is_BadVersion(byte versionType)
    {
        byte[] message = (byte[])V3Message.Clone();
        message[0] = versionType;
        Assert.Equal(AdvertRejection.BadVersion, Decode4(Ipv4(message, Src, Group)));
    }

    [Fact]
    public void Vrrpv2_over_ipv6_is_BadVersion()
    {
        byte[] message = Encode(V3(5, 100, 100, "fe80::5"), ChecksumMode.PseudoHeader, "fe80::1", "ff02::12");
        message[0] = 0x21;
        Assert.Equal(AdvertRejection.BadVersion, VrrpDecoder.DecodeIpv6(message, Ip("fe80::1"), Ip("ff02::12"), 255, true, true, out _));
    }

    [Fact]
    public void Type_other_than_advertisement_is_BadType()
    {
        byte[] message = FixVrrpChecksum((byte[])V2Message.Clone());
        message[0] = 0x22;
        Assert.Equal(AdvertRejection.BadType, Decode4(Ipv4(FixVrrpChecksum(message), Src, Group)));
    }

    [Fact]
    public void Corrupted_v2_message_is_BadChecksum()
    {
        byte[] message = (byte[])V2Message.Clone();
        message[2] ^= 0x10;
        Assert.Equal(AdvertRejection.BadChecksum, Decode4(Ipv4(message, Src, Group)));
    }

    [Fact]
    public void V3_ipv4_checksum_matching_no_mode_is_BadChecksum()
    {
        byte[] message = (byte[])V3Message.Clone();
        message[7] ^= 0x55;
        Assert.Equal(AdvertRejection.BadChecksum, Decode4(Ipv4(message, Src, Group)));
    }

    [Fact]
    public void Ipv6_checksum_is_verified_unless_the_kernel_did()
    {
        byte[] message = Encode(V3(5, 100, 100, "fe80::5"), ChecksumMode.PseudoHeader, "fe80::1", "ff02::12");
        message[7] ^= 1;
        Assert.Equal(AdvertRejection.BadChecksum, VrrpDecoder.DecodeIpv6(message, Ip("fe80::1"), Ip("ff02::12"), 255, true, false, out _));
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv6(message, Ip("fe80::1"), Ip("ff02::12"), 255, true, true, out VrrpPacketView view));
        Assert.Equal(ChecksumMode.KernelVerifiedIpv6, view.Checksum);
    }

    [Fact]
    public void Checks_run_in_keepalived_order()
    {
        // length before TTL
        byte[] shortCount = (byte[])V3Message.Clone();
        shortCount[3] = 3;
        Assert.Equal(AdvertRejection.LengthMismatch, Decode4(Ipv4(shortCount, Src, Group, ttl: 1)));

        // TTL before version
        byte[] badVersion = (byte[])V3Message.Clone();
        badVersion[0] = 0x41;
        Assert.Equal(AdvertRejection.TtlNot255, Decode4(Ipv4(badVersion, Src, Group, ttl: 1)));

        // version before type, type before checksum (neither message has a valid checksum any more)
        byte[] badBoth = (byte[])V3Message.Clone();
        badBoth[0] = 0x42;
        Assert.Equal(AdvertRejection.BadVersion, Decode4(Ipv4(badBoth, Src, Group)));
        byte[] badType = (byte[])V3Message.Clone();
        badType[0] = 0x32;
        Assert.Equal(AdvertRejection.BadType, Decode4(Ipv4(badType, Src, Group)));
    }

    [Fact]
    public void A_rejected_packet_still_exposes_its_vrid_for_per_instance_counting()
    {
        byte[] message = (byte[])V3Message.Clone();
        message[7] ^= 0x55;
        Assert.Equal(AdvertRejection.BadChecksum, VrrpDecoder.DecodeIpv4(Ipv4(message, Src, Group), true, out VrrpPacketView view));
        Assert.True(view.HasHeader);
        Assert.Equal(10, view.VirtualRouterId);
    }
}
