using System.Net;
using System.Net.Sockets;
using HaDaemon.Core.Packets;
using HaDaemon.Linux.Adverts;
using HaDaemon.TestSupport;

namespace HaDaemon.Linux.Tests;

/// <summary>
/// auth_type AH bindings: the caller-built IPv4 packet leaves unchanged (id, TTL, TOS and so the ICV intact), arrives
/// on the protocol-51 socket with the VRID found past the AH header, and a plain advert for the same VRID still reaches
/// the instance (through the protocol-112 socket) so that it can be rejected and counted.
/// </summary>
public sealed class AuthenticationHeaderTransportTests
{
    private const byte Vrid = 51;
    private static readonly byte[] Key = VrrpEncoder.PasswordAuthData("secret12");

    private static VrrpAdvert Advert(VrrpAuthType auth) => new()
    {
        Version = VrrpVersion.V2,
        VirtualRouterId = Vrid,
        Priority = 200,
        AdvertInterval = 1,
        Addresses = [IPAddress.Parse("10.0.0.100")],
        AuthType = auth,
        AuthData = auth == VrrpAuthType.Password ? Key : new byte[8],
    };

    [NetnsTheory("tcpdump", "tshark")]
    [InlineData(true)]
    [InlineData(false)]
    public void AH_packets_cross_the_wire_unchanged_and_verify(bool multicast)
    {
        using var lab = LinuxLab.Create("ah");
        using var transportA = lab.Net(0).CreateAdvertTransport();
        using var transportB = lab.Net(1).CreateAdvertTransport();
        using var inbox = new AdvertInbox();
        var binding = new AdvertBinding(NetworkLab.Interface, AddressFamily.InterNetwork)
        {
            JoinMulticast = multicast,
            AuthenticationHeader = true,
        };
        using var sender = transportA.Attach(binding, Vrid, _ => { }).Unwrap();
        using var receiver = transportB.Attach(binding, Vrid, inbox.Handler).Unwrap();
        using var capture = PacketCapture.Start(lab.Ns(1), NetworkLab.Interface, "ip proto 51");
        var destination = multicast ? AdvertBinding.Ipv4Group : IPAddress.Parse(lab.Lab.Ipv4(1));
        var ttl = multicast ? (byte)255 : (byte)64;

        var buffer = new byte[128];
        var length = VrrpEncoder.EncodeIpv4AuthenticatedPacket(Advert(VrrpAuthType.AuthenticationHeader), buffer,
            sender.Source.GetAddressBytes(), destination.GetAddressBytes(), identification: 4242, sequence: 7, Key,
            unicast: !multicast, ttl);
        Assert.True(sender.SendPacket(buffer.AsSpan(0, length), destination).IsSuccess);
        // The VRRP message alone is not what an AH port sends.
        Assert.False(sender.Send(buffer.AsSpan(44, length - 44), destination).IsSuccess);

        var datagram = inbox.Next();
        Assert.Equal(Vrid, datagram.VirtualRouterId);
        Assert.Equal(buffer[..length], datagram.Packet.ToArray());
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(datagram.Packet.Span, multicast, out var view));
        Assert.True(view.HasAuthenticationHeader);
        Assert.Equal(AdvertRejection.None, AuthenticationHeader.Verify(datagram.Packet.Span, Key, zeroTtl: !multicast));
        Assert.Equal(7u, AuthenticationHeader.SequenceOf(datagram.Packet.Span));

        var wire = Assert.Single(capture.Fields("ah", "ip.id", "ip.ttl", "ip.dsfield", "ah.sequence", "vrrp.virt_rtr_id"));
        Assert.Equal(["0x1092", ttl.ToString(), "0xc0", "7", Vrid.ToString()], wire);
    }

    [NetnsFact]
    public void A_plain_advert_for_the_vrid_still_reaches_an_AH_binding()
    {
        using var lab = LinuxLab.Create("ahp");
        using var transportA = lab.Net(0).CreateAdvertTransport();
        using var transportB = lab.Net(1).CreateAdvertTransport();
        using var inbox = new AdvertInbox();
        var plain = new AdvertBinding(NetworkLab.Interface, AddressFamily.InterNetwork);
        using var sender = transportA.Attach(plain, Vrid, _ => { }).Unwrap();
        using var receiver = transportB.Attach(plain with { AuthenticationHeader = true }, Vrid, inbox.Handler).Unwrap();

        var advert = Advert(VrrpAuthType.Password);
        var buffer = new byte[VrrpEncoder.MessageLength(advert)];
        VrrpEncoder.EncodeMessage(advert, buffer, ChecksumMode.VrrpOnly, sender.Source, AdvertBinding.Ipv4Group);
        Assert.True(sender.Send(buffer, AdvertBinding.Ipv4Group).IsSuccess);

        var datagram = inbox.Next();
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(datagram.Packet.Span, true, out var view));
        Assert.False(view.HasAuthenticationHeader);
    }
}
