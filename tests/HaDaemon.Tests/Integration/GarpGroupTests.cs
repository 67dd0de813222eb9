using System.Globalization;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>garp_group with a real daemon: the group's GARP spacing, not vrrp_garp_interval, paces a new master's burst.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class GarpGroupTests
{
    [NetnsFact("tcpdump", "tshark")]
    public void A_garp_group_interval_paces_the_gratuitous_arps_of_its_interface_instead_of_the_global_one()
    {
        using var lab = VrrpLab.Create("hgg");
        var vips = $"{lab.Vip(100)}/24\n{lab.Vip(101)}/24\n{lab.Vip(102)}/24";
        // Global spacing 0.05 s, the group's 0.4 s: gaps of at least 0.4 s can only come from the group.
        lab.WriteConfig(0, """
            global_defs {
                vrrp_garp_interval 0.05
            }
            garp_group {
                garp_interval 0.4
                interface eth0
            }
            """ + lab.Instance(150, vips: vips, extra: "garp_master_repeat 1\n    garp_master_delay 0"));
        using var capture = PacketCapture.Start(lab.Network[1], NetworkLab.Interface, "arp");
        lab.Start(0).WaitForState("VI_1", "MASTER", TimeSpan.FromSeconds(30));
        Thread.Sleep(1500); // three GARPs at 0.4 s spacing: 0.8 s after the first

        var times = capture.Fields("arp.src.proto_ipv4 == 10.0.0.0/8", "frame.time_epoch")
            .Select(f => double.Parse(f[0], CultureInfo.InvariantCulture)).ToList();
        Assert.True(times.Count == 3, $"{times.Count} GARPs, expected one per VIP");
        // A lower bound only (the spacing is a minimum); 5 ms slack for timestamping.
        Assert.All(times.Zip(times.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= 0.395, $"GARP gap {gap:F3}s"));
    }
}
