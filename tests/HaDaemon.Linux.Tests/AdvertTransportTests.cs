using System.Net;
using System.Net.Sockets;
using HaDaemon.Core.Packets;
using HaDaemon.Linux.Adverts;
using HaDaemon.Linux.Results;
using HaDaemon.TestSupport;

namespace HaDaemon.Linux.Tests;

/// <summary>Adverts sent by one namespace, received and decoded by the other, and judged by tshark on the wire.</summary>
public sealed class AdvertTransportTests
{
    private const byte Vrid = 51;

    private static VrrpAdvert Advert(VrrpVersion version, params string[] vips) => new()
    {
        Version = version,
        VirtualRouterId = Vrid,
        Priority = 200,
        AdvertInterval = version == VrrpVersion.V2 ? (ushort)1 : (ushort)100,
        Addresses = vips.Select(IPAddress.Parse).ToArray(),
        AuthType = version == VrrpVersion.V2 ? VrrpAuthType.Password : VrrpAuthType.None,
        AuthData = version == VrrpVersion.V2 ? VrrpEncoder.PasswordAuthData("secret12") : ReadOnlyMemory<byte>.Empty,
    };

    public static TheoryData<VrrpVersion, ChecksumMode, bool> Ipv4Cases => new()
    {
        { VrrpVersion.V2, ChecksumMode.VrrpOnly, true },
        { VrrpVersion.V3, ChecksumMode.PseudoHeader, true },
        { VrrpVersion.V3, ChecksumMode.VrrpOnly, true },
        { VrrpVersion.V2, ChecksumMode.VrrpOnly, false },
        { VrrpVersion.V3, ChecksumMode.PseudoHeader, false },
        { VrrpVersion.V3, ChecksumMode.VrrpOnly, false },
    };

    [NetnsTheory("tcpdump", "tshark")]
    [MemberData(nameof(Ipv4Cases))]
    public void Ipv4_adverts_cross_the_wire_with_ttl_255_tos_c0_and_a_good_checksum(VrrpVersion version, ChecksumMode mode, bool multicast)
    {
        using var lab = LinuxLab.Create("v4");
        using var transportA = lab.Net(0).CreateAdvertTransport();
        using var transportB = lab.Net(1).CreateAdvertTransport();
        using var inbox = new AdvertInbox();
        var binding = new AdvertBinding(NetworkLab.Interface, AddressFamily.InterNetwork) { JoinMulticast = multicast };
        using var sender = transportA.Attach(binding, Vrid, _ => { }).Unwrap();
        using var receiver = transportB.Attach(binding, Vrid, inbox.Handler).Unwrap();
        using var capture = PacketCapture.Start(lab.Ns(1), NetworkLab.Interface, "ip proto 112");
        var destination = multicast ? AdvertBinding.Ipv4Group : IPAddress.Parse(lab.Lab.Ipv4(1));
        var advert = Advert(version, "10.0.0.100", "10.0.0.101");
        Assert.Equal(IPAddress.Parse(lab.Lab.Ipv4(0)), sender.Source);

        var buffer = new byte[VrrpEncoder.MessageLength(advert)];
        VrrpEncoder.EncodeMessage(advert, buffer, mode, sender.Source, destination);
        Assert.True(sender.Send(buffer, destination).IsSuccess);

        var datagram = inbox.Next();
        Assert.Equal(sender.Source, datagram.Source);
        Assert.Equal(destination, datagram.Destination);
        Assert.Equal(255, datagram.HopLimit);
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(datagram.Packet.Span, multicast, out var view));
        Assert.Equal(mode, view.Checksum);
        var decoded = view.ToAdvert();
        Assert.Equal(advert.Addresses, decoded.Addresses);
        Assert.Equal((advert.Version, advert.Priority, advert.AdvertInterval), (decoded.Version, decoded.Priority, decoded.AdvertInterval));


        string[] preferences = mode == ChecksumMode.VrrpOnly && version == VrrpVersion.V3 ? ["vrrp.v3_checksum_as_in_v2:TRUE"] : [];
        var wire = Assert.Single(capture.Fields("vrrp", preferences, "ip.ttl", "ip.dsfield", "vrrp.checksum.status", "vrrp.version", "vrrp.virt_rtr_id", "ip.dst"));
        Assert.Equal(["255", "0xc0", "1", ((int)version).ToString(), Vrid.ToString(), destination.ToString()], wire);
    }

    [NetnsTheory("tcpdump", "tshark")]
    [InlineData(true)]
    [InlineData(false)]
    public void Ipv6_adverts_leave_from_the_link_local_with_hop_limit_255_and_traffic_class_c0(bool multicast)
    {
        using var lab = LinuxLab.Create("v6");
        using var transportA = lab.Net(0).CreateAdvertTransport();
        using var transportB = lab.Net(1).CreateAdvertTransport();
        using var inbox = new AdvertInbox();
        var binding = new AdvertBinding(NetworkLab.Interface, AddressFamily.InterNetworkV6) { JoinMulticast = multicast };
        using var sender = transportA.Attach(binding, Vrid, _ => { }).Unwrap();
        using var receiver = transportB.Attach(binding, Vrid, inbox.Handler).Unwrap();
        using var capture = PacketCapture.Start(lab.Ns(1), NetworkLab.Interface, "ip6 proto 112");
        var destination = multicast ? AdvertBinding.Ipv6Group : lab.Net(1).Interfaces.Ipv6LinkLocal(NetworkLab.Interface).Unwrap();
        var advert = Advert(VrrpVersion.V3, "fe80::100", "2001:db8::100");
        Assert.True(sender.Source.IsIPv6LinkLocal);

        var buffer = new byte[VrrpEncoder.MessageLength(advert)];
        VrrpEncoder.EncodeMessage(advert, buffer, ChecksumMode.KernelVerifiedIpv6);
        Assert.True(sender.Send(buffer, destination, unicastHopLimit: 255).IsSuccess);

        var datagram = inbox.Next();
        Assert.Equal(new IPAddress(sender.Source.GetAddressBytes()), new IPAddress(datagram.Source.GetAddressBytes()));
        Assert.Equal(new IPAddress(destination.GetAddressBytes()), datagram.Destination);
        Assert.Equal(255, datagram.HopLimit);
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv6(datagram.Packet.Span, datagram.Source.GetAddressBytes(),
            datagram.Destination.GetAddressBytes(), datagram.HopLimit, multicast, checksumVerifiedByKernel: false, out var view));
        Assert.Equal(advert.Addresses, view.ToAdvert().Addresses);

        var wire = Assert.Single(capture.Fields("vrrp", "ipv6.hlim", "ipv6.tclass", "vrrp.checksum.status", "vrrp.version"));
        Assert.Equal(["255", "0x000000c0", "1", "3"], wire);
    }

    [NetnsFact]
    public void One_socket_serves_several_vrids_and_delivers_each_advert_to_its_own_instance()
    {
        using var lab = LinuxLab.Create("demux");
        using var transportA = lab.Net(0).CreateAdvertTransport();
        using var transportB = lab.Net(1).CreateAdvertTransport();
        using var inbox1 = new AdvertInbox();
        using var inbox2 = new AdvertInbox();
        var binding = new AdvertBinding(NetworkLab.Interface, AddressFamily.InterNetwork);
        using var sender1 = transportA.Attach(binding, 1, _ => { }).Unwrap();
        using var sender2 = transportA.Attach(binding, 2, _ => { }).Unwrap();
        using var receiver1 = transportB.Attach(binding, 1, inbox1.Handler).Unwrap();
        using var receiver2 = transportB.Attach(binding, 2, inbox2.Handler).Unwrap();

        foreach (var (link, vrid) in new[] { (sender1, (byte)1), (sender2, (byte)2) })
        {
            var advert = Advert(VrrpVersion.V3, "10.0.0.1") with { VirtualRouterId = vrid };
            var buffer = new byte[VrrpEncoder.MessageLength(advert)];
            VrrpEncoder.EncodeMessage(advert, buffer, ChecksumMode.PseudoHeader, link.Source, AdvertBinding.Ipv4Group);
            Assert.True(link.Send(buffer, AdvertBinding.Ipv4Group).IsSuccess);
        }

        Assert.Equal(1, inbox1.Next().VirtualRouterId);
        Assert.Equal(2, inbox2.Next().VirtualRouterId);
        Assert.False(inbox1.TryNext(200, out _));
        Assert.False(inbox2.TryNext(200, out _));
        // The sender does not hear itself (multicast loopback off).
        using var own = new AdvertInbox();
        using var listener = transportA.Attach(binding, 1, own.Handler).Unwrap();
        var again = Advert(VrrpVersion.V3, "10.0.0.1") with { VirtualRouterId = 1 };
        var bytes = new byte[VrrpEncoder.MessageLength(again)];
        VrrpEncoder.EncodeMessage(again, bytes, ChecksumMode.PseudoHeader, sender1.Source, AdvertBinding.Ipv4Group);
        sender1.Send(bytes, AdvertBinding.Ipv4Group);
        Assert.Equal(1, inbox1.Next().VirtualRouterId);
        Assert.False(own.TryNext(300, out _));
    }

    [NetnsTheory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public void Unicast_uses_the_configured_source_and_unicast_ttl(AddressFamily family)
    {
        using var lab = LinuxLab.Create("uttl");
        var v4 = family == AddressFamily.InterNetwork;
        var source = IPAddress.Parse(v4 ? lab.Lab.Ipv4(0).Replace(".0.1", ".0.11", StringComparison.Ordinal) : lab.Lab.Ipv6(0) + "1");
        lab.Ns(0).Ip("addr", "add", source + (v4 ? "/24" : "/64"), "dev", NetworkLab.Interface, v4 ? "noprefixroute" : "nodad");
        using var transportA = lab.Net(0).CreateAdvertTransport();
        using var transportB = lab.Net(1).CreateAdvertTransport();
        using var inbox = new AdvertInbox();
        var binding = new AdvertBinding(NetworkLab.Interface, family) { JoinMulticast = false };
        using var sender = transportA.Attach(binding with { SourceAddress = source }, Vrid, _ => { }).Unwrap();
        using var receiver = transportB.Attach(binding, Vrid, inbox.Handler).Unwrap();
        var peer = IPAddress.Parse(v4 ? lab.Lab.Ipv4(1) : lab.Lab.Ipv6(1));
        var advert = Advert(VrrpVersion.V3, v4 ? "10.0.0.1" : "2001:db8::1");
        var buffer = new byte[VrrpEncoder.MessageLength(advert)];
        VrrpEncoder.EncodeMessage(advert, buffer, v4 ? ChecksumMode.PseudoHeader : ChecksumMode.KernelVerifiedIpv6, source, peer);

        Assert.True(sender.Send(buffer, peer, unicastHopLimit: 10).IsSuccess);
        Assert.True(sender.Send(buffer, peer).IsSuccess);

        var first = inbox.Next();
        Assert.Equal(source, first.Source);
        Assert.Equal(peer, first.Destination);
        Assert.Equal(10, first.HopLimit);
        // Without unicast_ttl: 255 for IPv4 (keepalived's default), the kernel default (64) for IPv6.
        Assert.Equal(v4 ? 255 : 64, inbox.Next().HopLimit);
    }

    [NetnsFact]
    public void A_throwing_receive_handler_is_reported_and_the_socket_keeps_serving()
    {
        using var lab = LinuxLab.Create("thr");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var transportA = lab.Net(0).CreateAdvertTransport();
        using var transportB = lab.Net(1).CreateAdvertTransport(errors.Enqueue);
        using var inbox = new AdvertInbox();
        var binding = new AdvertBinding(NetworkLab.Interface, AddressFamily.InterNetwork);
        using var sender = transportA.Attach(binding, Vrid, _ => { }).Unwrap();
        using var faulty = transportB.Attach(binding, Vrid, _ => throw new InvalidOperationException("instance bug")).Unwrap();
        using var healthy = transportB.Attach(binding, Vrid, inbox.Handler).Unwrap();
        var advert = Advert(VrrpVersion.V3, "10.0.0.1");
        var buffer = new byte[VrrpEncoder.MessageLength(advert)];
        VrrpEncoder.EncodeMessage(advert, buffer, ChecksumMode.PseudoHeader, sender.Source, AdvertBinding.Ipv4Group);

        sender.Send(buffer, AdvertBinding.Ipv4Group);
        sender.Send(buffer, AdvertBinding.Ipv4Group);

        inbox.Next();
        inbox.Next();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("instance bug", e.Message));
    }

    [NetnsFact]
    public void Sending_on_a_down_link_and_attaching_to_a_missing_interface_give_typed_errors()
    {
        using var lab = LinuxLab.Create("down");
        using var transport = lab.Net(0).CreateAdvertTransport();
        var binding = new AdvertBinding(NetworkLab.Interface, AddressFamily.InterNetwork);
        using var link = transport.Attach(binding, Vrid, _ => { }).Unwrap();
        lab.Ns(0).Ip("link", "set", NetworkLab.Interface, "down");

        var advert = Advert(VrrpVersion.V3, "10.0.0.1");
        var buffer = new byte[VrrpEncoder.MessageLength(advert)];
        VrrpEncoder.EncodeMessage(advert, buffer, ChecksumMode.PseudoHeader, link.Source, AdvertBinding.Ipv4Group);
        var sent = link.Send(buffer, AdvertBinding.Ipv4Group);
        Assert.False(sent.IsSuccess);
        Assert.Equal(PlatformErrorKind.Kernel, sent.Error!.Kind);
        Assert.Contains(NetworkLab.Interface, sent.Error.Message);

        var missing = transport.Attach(binding with { Interface = "nosuch0" }, Vrid, _ => { });
        Assert.Equal(PlatformErrorKind.InterfaceNotFound, missing.Error?.Kind);
        var noLinkLocal = transport.Attach(binding with { Family = AddressFamily.InterNetworkV6 }, Vrid, _ => { });
        Assert.Equal(PlatformErrorKind.NoSourceAddress, noLinkLocal.Error?.Kind);
        var mixed = transport.Attach(binding with { SourceAddress = IPAddress.Parse("fe80::1") }, Vrid, _ => { });
        Assert.Equal(PlatformErrorKind.InvalidRequest, mixed.Error?.Kind);
    }
}
