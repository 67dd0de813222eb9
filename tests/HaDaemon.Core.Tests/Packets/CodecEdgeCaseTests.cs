using System.Net;
using HaDaemon.Core.Packets;
using static HaDaemon.Core.Tests.Packets.PacketBytes;

namespace HaDaemon.Core.Tests.Packets;

/// <summary>Header options, reserved bits, AH context, IPv6 packets and the encoder's argument checks.</summary>
public class CodecEdgeCaseTests
{
    [Fact]
    public void Ipv4_header_with_options_is_skipped_by_ihl()
    {
        byte[] message = Encode(V3(9, 100, 100, "10.0.0.1"), ChecksumMode.PseudoHeader, "10.0.0.2", "224.0.0.18");
        byte[] plain = Ipv4(message, "10.0.0.2", "224.0.0.18");
        // Insert a 4-byte Router Alert option (94 04 00 00) and fix IHL, total length and header checksum.
        byte[] packet = [.. plain[..20], 0x94, 0x04, 0x00, 0x00, .. message];
        packet[0] = 0x46;
        packet[3] = (byte)packet.Length;
        FixIpChecksum(packet);

        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(packet, true, out VrrpPacketView view));
        Assert.Equal(9, view.VirtualRouterId);
        Assert.Equal(ChecksumMode.PseudoHeader, view.Checksum);
    }

    [Fact]
    public void V3_reserved_bits_are_ignored_when_reading_the_interval()
    {
        byte[] message = Encode(V3(9, 100, 100, "10.0.0.1"));
        message[4] |= 0xF0;
        FixVrrpChecksum(message);
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(Ipv4(message, "10.0.0.2", "224.0.0.18"), true, out VrrpPacketView view));
        Assert.Equal(100, view.AdvertInterval);
    }

    [Fact]
    public void Received_advert_carries_the_ip_context()
    {
        byte[] ah = new byte[VrrpWire.AuthenticationHeaderLength];
        ah[0] = VrrpWire.ProtocolVrrp;
        byte[] message = Encode(V2(4, 90, 2, VrrpAuthType.AuthenticationHeader, null, "10.0.0.1"));
        byte[] packet = Ipv4([.. ah, .. message], "10.0.0.2", "224.0.0.18", ttl: 255, protocol: VrrpWire.ProtocolAuthenticationHeader);
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(packet, true, out VrrpPacketView view));

        ReceivedAdvert received = view.ToReceivedAdvert("eth1");
        Assert.Equal(IPAddress.Parse("10.0.0.2"), received.Source);
        Assert.Equal(IPAddress.Parse("224.0.0.18"), received.Destination);
        Assert.Equal(255, received.HopLimit);
        Assert.Equal("eth1", received.Interface);
        Assert.Equal(ChecksumMode.VrrpOnly, received.Checksum);
        Assert.True(received.ViaAuthenticationHeader);
        Assert.Equal(VrrpAuthType.AuthenticationHeader, received.Advert.AuthType);
        Assert.Equal(2, received.Advert.AdvertInterval);
    }

    [Fact]
    public void Ipv6_packet_encoding_writes_a_kernel_like_header_and_a_valid_checksum()
    {
        VrrpAdvert advert = V3(6, 100, 25, "fe80::6");
        var packet = new byte[80];
        int length = VrrpEncoder.EncodeIpv6Packet(advert, packet, Ip("fe80::1"), Ip("ff02::12"));
        Assert.Equal(40 + 24, length);
        Assert.Equal(Hex("6c 00 00 00  00 18  70  ff"), packet[..8]); // v6, traffic class 0xC0, 24 bytes, proto 112, hop 255

        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv6(packet.AsSpan(40, 24), packet.AsSpan(8, 16), packet.AsSpan(24, 16),
            packet[7], true, false, out VrrpPacketView view));
        Assert.Equal(ChecksumMode.PseudoHeader, view.Checksum);
        Assert.True(view.IsIpv6);
        Assert.True(view.IsMulticastDestination);
    }

    [Fact]
    public void Ipv6_message_for_the_kernel_leaves_the_checksum_to_it()
    {
        var buffer = new byte[24];
        VrrpEncoder.EncodeMessage(V3(6, 100, 25, "fe80::6"), buffer, ChecksumMode.KernelVerifiedIpv6);
        Assert.Equal(0, buffer[6]);
        Assert.Equal(0, buffer[7]);
    }

    [Fact]
    public void Password_is_nul_padded_or_truncated_to_8_bytes()
    {
        Assert.Equal("secret12"u8.ToArray(), VrrpEncoder.PasswordAuthData("secret123"));
        Assert.Equal(new byte[] { (byte)'p', (byte)'w', 0, 0, 0, 0, 0, 0 }, VrrpEncoder.PasswordAuthData("pw"));
    }

    [Fact]
    public void Encoder_rejects_what_the_wire_cannot_carry()
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => VrrpEncoder.EncodeMessage(V2(1, 1, 1, VrrpAuthType.None, null, "fe80::1"), buffer));
        Assert.Throws<ArgumentException>(() => VrrpEncoder.EncodeMessage(V3(1, 1, 4096, "10.0.0.1"), buffer));
        Assert.Throws<ArgumentException>(() => VrrpEncoder.EncodeMessage(V3(1, 1, 100, "10.0.0.1", "fe80::1"), buffer));
        Assert.Throws<ArgumentException>(() => VrrpEncoder.EncodeMessage(V3(1, 1, 100, "10.0.0.1"), buffer.AsSpan(0, 11)));
        Assert.Throws<ArgumentException>(() => VrrpEncoder.EncodeMessage(V3(1, 1, 100, "10.0.0.1"), buffer, ChecksumMode.PseudoHeader));
        VrrpAdvert v2TooSlow = V2(1, 1, 1, VrrpAuthType.None, null, "10.0.0.1") with { AdvertInterval = 256 };
        Assert.Throws<ArgumentException>(() => VrrpEncoder.EncodeMessage(v2TooSlow, buffer));
    }
}
