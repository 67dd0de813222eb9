using System.Net;
using HaDaemon.Core.Packets;
using static HaDaemon.Core.Tests.Packets.PacketBytes;

namespace HaDaemon.Core.Tests.Packets;

/// <summary>Bytes captured from keepalived 2.2.7 (keepalived.md §4.2, §4.3) decode and re-encode exactly.</summary>
public class GoldenCaptureTests
{
    private static readonly byte[] V2Pass = Hex("21 33 c8 01 01 01 1f 92 c0 a8 c8 10 73 65 63 72 65 74 31 32");
    private static readonly byte[] V3Multicast = Hex("31 34 ff 01 00 32 dd a2 c0 a8 c8 12");
    private static readonly byte[] V3Unicast = Hex("31 3c 96 01 00 64 9d a6 c0 a8 c8 3c");

    [Fact]
    public void V2_password_capture_decodes_to_documented_fields()
    {
        byte[] packet = Ipv4(V2Pass, "192.168.200.1", "224.0.0.18");
        Assert.Equal(40, packet.Length); // the documented IP total length

        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(packet, expectMulticast: true, out VrrpPacketView view));
        Assert.Equal(VrrpVersion.V2, view.Version);
        Assert.Equal(0x33, view.VirtualRouterId);
        Assert.Equal(200, view.Priority);
        Assert.Equal(1, view.AddressCount);
        Assert.Equal(VrrpAuthType.Password, view.AuthType);
        Assert.Equal(1, view.AdvertInterval);
        Assert.Equal(0x1f92, view.WireChecksum);
        Assert.Equal(ChecksumMode.VrrpOnly, view.Checksum);
        Assert.Equal("secret12"u8.ToArray(), view.AuthData.ToArray());
        Assert.Equal(IPAddress.Parse("192.168.200.16"), new IPAddress(view.GetAddress(0)));
    }

    [Fact]
    public void V2_password_capture_reencodes_byte_for_byte()
    {
        VrrpAdvert advert = V2(0x33, 200, 1, VrrpAuthType.Password, "secret12", "192.168.200.16");
        var buffer = new byte[64];
        int length = VrrpEncoder.EncodeMessage(advert, buffer);
        Assert.Equal(V2Pass, buffer[..length]);
    }

    [Fact]
    public void V3_multicast_capture_matches_the_actual_destination_pseudo_header()
    {
        byte[] packet = Ipv4(V3Multicast, "192.168.200.1", "224.0.0.18");
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(packet, expectMulticast: true, out VrrpPacketView view));
        Assert.Equal(VrrpVersion.V3, view.Version);
        Assert.Equal(0x34, view.VirtualRouterId);
        Assert.Equal(255, view.Priority);
        Assert.Equal(50, view.AdvertInterval); // advert_int 0.5
        Assert.Equal(ChecksumMode.PseudoHeader, view.Checksum);
        Assert.Equal(IPAddress.Parse("192.168.200.18"), new IPAddress(view.GetAddress(0)));

        VrrpAdvert advert = view.ToAdvert();
        var buffer = new byte[64];
        int length = VrrpEncoder.EncodeMessage(advert, buffer, ChecksumMode.PseudoHeader,
            IPAddress.Parse("192.168.200.1"), IPAddress.Parse("224.0.0.18"));
        Assert.Equal(V3Multicast, buffer[..length]);
    }

    [Fact]
    public void V3_multicast_capture_without_pseudo_header_would_carry_0x46dc()
    {
        VrrpAdvert advert = V3(0x34, 255, 50, "192.168.200.18");
        var buffer = new byte[64];
        VrrpEncoder.EncodeMessage(advert, buffer, ChecksumMode.VrrpOnly);
        Assert.Equal(0x46, buffer[6]);
        Assert.Equal(0xdc, buffer[7]);
    }

    [Fact]
    public void V3_unicast_capture_was_sent_from_192_168_200_1_with_the_peer_in_the_pseudo_header()
    {
        // The doc gives only the destination; the checksum pins the source (the only 192.168/16 match).
        byte[] packet = Ipv4(V3Unicast, "192.168.200.1", "192.168.200.2");
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(packet, expectMulticast: false, out VrrpPacketView view));
        Assert.Equal(0x3c, view.VirtualRouterId);
        Assert.Equal(150, view.Priority);
        Assert.Equal(100, view.AdvertInterval);
        Assert.Equal(ChecksumMode.PseudoHeader, view.Checksum);
        Assert.Equal(IPAddress.Parse("192.168.200.60"), new IPAddress(view.GetAddress(0)));

        var buffer = new byte[64];
        int length = VrrpEncoder.EncodeMessage(view.ToAdvert(), buffer, ChecksumMode.PseudoHeader,
            IPAddress.Parse("192.168.200.1"), IPAddress.Parse("192.168.200.2"));
        Assert.Equal(V3Unicast, buffer[..length]);
    }

    [Fact]
    public void Full_ipv4_packet_encoding_reproduces_keepalived_header_and_message()
    {
        VrrpAdvert advert = V2(0x33, 200, 1, VrrpAuthType.Password, "secret12", "192.168.200.16");
        var buffer = new byte[64];
        int length = VrrpEncoder.EncodeIpv4Packet(advert, buffer, ChecksumMode.VrrpOnly, Ip("192.168.200.1"), Ip("224.0.0.18"), 1);
        Assert.Equal(Ipv4(V2Pass, "192.168.200.1", "224.0.0.18"), buffer[..length]);
        Assert.Equal(0x45, buffer[0]);
        Assert.Equal(0xC0, buffer[1]);
        Assert.Equal(255, buffer[8]);
        Assert.Equal(112, buffer[9]);
        Assert.Equal(0, buffer[6] & 0x40); // no DF
        Assert.Equal(0, InternetChecksum.Compute(buffer.AsSpan(0, 20)));
    }
}
