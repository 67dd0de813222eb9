using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using HaDaemon.Core.Packets;
using HaDaemon.Linux.Announcements;
using HaDaemon.Linux.Results;
using HaDaemon.TestSupport;

namespace HaDaemon.Linux.Tests;

public sealed class AnnouncerTests
{
    private static string Mac(PhysicalAddress mac) => string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    [NetnsFact("tcpdump", "tshark")]
    public async Task Gratuitous_arp_is_a_broadcast_request_with_sender_and_target_the_vip()
    {
        using var lab = LinuxLab.Create("garp");
        using var announcer = lab.Net(0).CreateAnnouncer().Unwrap();
        using var capture = PacketCapture.Start(lab.Ns(1), NetworkLab.Interface, "arp");
        var ownMac = lab.Net(0).Interfaces.Find(NetworkLab.Interface).Unwrap().Mac;
        var vmac = new PhysicalAddress(VirtualMac.Create(51, ipv6: false));

        Assert.True((await announcer.AnnounceAsync(NetworkLab.Interface, [IPAddress.Parse("192.0.2.100")])).IsSuccess);
        Assert.True((await announcer.AnnounceAsync(NetworkLab.Interface, [IPAddress.Parse("192.0.2.101")], vmac)).IsSuccess);

        var frames = capture.Fields("arp", "eth.src", "eth.dst", "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "arp.dst.hw_mac");
        Assert.Equal(2, frames.Count);
        Assert.Equal([Mac(ownMac), "ff:ff:ff:ff:ff:ff", "1", Mac(ownMac), "192.0.2.100", "192.0.2.100", "ff:ff:ff:ff:ff:ff"], frames[0]);
        Assert.Equal(["00:00:5e:00:01:33", "ff:ff:ff:ff:ff:ff", "1", "00:00:5e:00:01:33", "192.0.2.101", "192.0.2.101", "ff:ff:ff:ff:ff:ff"], frames[1]);
    }

    [NetnsTheory("tcpdump", "tshark")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unsolicited_na_goes_to_all_nodes_with_override_and_router_iff_forwarding(bool forwarding)
    {
        using var lab = LinuxLab.Create("una");
        if (forwarding)
        {
            lab.Ns(0).Exec("sysctl", "-qw", $"net.ipv6.conf.{NetworkLab.Interface}.forwarding=1");
        }
        using var announcer = lab.Net(0).CreateAnnouncer().Unwrap();
        using var capture = PacketCapture.Start(lab.Ns(1), NetworkLab.Interface, "icmp6 and ip6[40] == 136");
        var vmac = new PhysicalAddress(VirtualMac.Create(7, ipv6: true));

        Assert.True((await announcer.AnnounceAsync(NetworkLab.Interface, [IPAddress.Parse("2001:db8::7")], vmac)).IsSuccess);

        var frame = Assert.Single(capture.Fields("icmpv6.type == 136", "eth.src", "eth.dst", "ipv6.src", "ipv6.dst", "ipv6.hlim",
            "icmpv6.nd.na.flag.r", "icmpv6.nd.na.flag.o", "icmpv6.nd.na.target_address", "icmpv6.opt.linkaddr", "icmpv6.checksum.status"));
        Assert.Equal(["00:00:5e:00:02:07", "33:33:00:00:00:01", "2001:db8::7", "ff02::1", "255",
            forwarding ? "1" : "0", "1", "2001:db8::7", "00:00:5e:00:02:07", "1"], frame);
    }

    [NetnsFact("tcpdump", "tshark")]
    public async Task Announcements_on_one_interface_keep_the_configured_spacing()
    {
        using var lab = LinuxLab.Create("gap");
        var spacing = new AnnouncementSpacing(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(60));
        using var announcer = lab.Net(0).CreateAnnouncer(_ => spacing).Unwrap();
        using var capture = PacketCapture.Start(lab.Ns(1), NetworkLab.Interface, "arp or (icmp6 and ip6[40] == 136)");

        var result = await announcer.AnnounceAsync(NetworkLab.Interface,
            new[] { "192.0.2.1", "2001:db8::1", "192.0.2.2", "2001:db8::2", "192.0.2.3" }.Select(IPAddress.Parse).ToList());
        Assert.True(result.IsSuccess);

        var arpTimes = capture.Fields("arp", "frame.time_epoch").Select(f => double.Parse(f[0], CultureInfo.InvariantCulture)).ToList();
        var naTimes = capture.Fields("icmpv6.type == 136", "frame.time_epoch").Select(f => double.Parse(f[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, arpTimes.Count);
        Assert.Equal(2, naTimes.Count);
        // A lower bound only (the spacing is a minimum); 5 ms slack for timestamping.
        Assert.All(arpTimes.Zip(arpTimes.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= 0.095, $"GARP gap {gap:F3}s"));
        Assert.True(naTimes[1] - naTimes[0] >= 0.055, $"NA gap {naTimes[1] - naTimes[0]:F3}s");
    }

    [NetnsFact]
    public async Task Announcing_on_a_missing_or_down_interface_gives_a_typed_error()
    {
        using var lab = LinuxLab.Create("anerr");
        using var announcer = lab.Net(0).CreateAnnouncer().Unwrap();

        var missing = await announcer.AnnounceAsync("nosuch0", [IPAddress.Parse("192.0.2.1")]);
        Assert.Equal(PlatformErrorKind.InterfaceNotFound, missing.Error?.Kind);

        lab.Ns(0).Ip("link", "set", NetworkLab.Interface, "down");
        var down = await announcer.AnnounceAsync(NetworkLab.Interface, [IPAddress.Parse("192.0.2.1")]);
        Assert.Equal(PlatformErrorKind.Kernel, down.Error?.Kind);
        Assert.Contains("gratuitous ARP", down.Error!.Message);
    }
}
