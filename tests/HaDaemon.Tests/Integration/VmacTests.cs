using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>use_vmac with two real hadaemon processes: the VIP, the adverts and the GARPs all use 00:00:5e:00:01:VRID.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class VmacTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Vmac = "vrrp.51";
    private const string VirtualMac = "00:00:5e:00:01:33";

    /// <summary>garp_master_delay 1: the delayed GARP burst comes one second after MASTER instead of five.</summary>
    private static VrrpLab ElectWithVmac(string tag, string vmacOptions = "use_vmac")
    {
        var lab = VrrpLab.Create(tag);
        try
        {
            lab.WriteConfig(0, lab.Instance(150, extra: vmacOptions + "\n    garp_master_delay 1"));
            lab.WriteConfig(1, lab.Instance(100, extra: vmacOptions + "\n    garp_master_delay 1"));
            lab.StartMasterThenBackup(Patience);
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    private static bool HasAddressOn(VrrpLab lab, int node, string link, string address) =>
        lab.Network[node].TryIp("-4", "addr", "show", "dev", link) is { Ok: true } shown
        && shown.Output.Contains($"inet {address}/", StringComparison.Ordinal);

    private static string Sysctl(NetworkNamespace ns, string path) => ns.Exec("cat", "/proc/sys/net/" + path).Trim();

    [NetnsFact("tcpdump", "tshark")]
    public void Master_holds_the_vip_on_the_vmac_sends_from_the_virtual_mac_and_the_new_master_garps_from_it_too()
    {
        using var lab = ElectWithVmac("hvm");

        // Both nodes made the macvlan at start, whatever their state; only the master has the VIP, and on the VMAC.
        foreach (var node in new[] { 0, 1 })
        {
            var link = lab.Network[node].Ip("-d", "link", "show", Vmac);
            Assert.Contains($"{Vmac}@eth0", link);
            Assert.Contains($"link/ether {VirtualMac}", link);
            Assert.Contains("macvlan mode private", link);
        }
        Assert.True(HasAddressOn(lab, 0, Vmac, lab.Vip(100)));
        Assert.False(lab.HasAddress(0, lab.Vip(100)));
        Assert.False(HasAddressOn(lab, 1, Vmac, lab.Vip(100)));
        Assert.Equal("1", Sysctl(lab.Network[0], "ipv4/conf/eth0/arp_ignore"));

        using (var adverts = PacketCapture.Start(lab.Network[1], NetworkLab.Interface, "ip proto 112"))
        {
            Thread.Sleep(500);
            var seen = adverts.Fields("vrrp", "eth.src", "ip.src", "vrrp.prio");
            Assert.NotEmpty(seen);
            Assert.All(seen, a => Assert.Equal([VirtualMac, lab.Network.Ipv4(0), "150"], a));
        }

        lab[0].Signal("TERM");
        Assert.Equal(0, lab[0].WaitForExit(TimeSpan.FromSeconds(10)));
        // keepalived deletes its VMACs at exit and puts the base interface's ARP settings back.
        Assert.False(lab.Network[0].TryIp("link", "show", Vmac).Ok);
        Assert.Equal("0", Sysctl(lab.Network[0], "ipv4/conf/eth0/arp_ignore"));

        // Node 0 is gone: whatever its eth0 hears now came from node 1.
        using var capture = PacketCapture.Start(lab.Network[0], NetworkLab.Interface, "arp or ip proto 112");
        lab[1].WaitForState("VI_1", "MASTER", Patience);
        Assert.True(HasAddressOn(lab, 1, Vmac, lab.Vip(100)));
        // The delayed burst (garp_master_delay 1) is sent after the capture surely started.
        Thread.Sleep(2000);
        var garps = capture.Fields("arp", "eth.src", "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.proto_ipv4");
        Assert.NotEmpty(garps);
        Assert.All(garps, g => Assert.Equal([VirtualMac, VirtualMac, lab.Vip(100), lab.Vip(100)], g));
        var fromNew = capture.Fields("vrrp", "eth.src", "ip.src");
        Assert.NotEmpty(fromNew);
        Assert.All(fromNew, a => Assert.Equal([VirtualMac, lab.Network.Ipv4(1)], a));

        lab[1].Signal("TERM");
        Assert.Equal(0, lab[1].WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.False(lab.Network[1].TryIp("link", "show", Vmac).Ok);
    }

    [NetnsFact("tcpdump", "tshark")]
    public void An_ipv6_instance_uses_the_ipv6_virtual_mac_for_adverts_and_unsolicited_nas()
    {
        using var lab = VrrpLab.Create("hv6");
        var vip = $"fd{lab.Network.Subnet:x2}::100/64";
        const string V6Mac = "00:00:5e:00:02:33";
        lab.WriteConfig(0, lab.Instance(150, vips: vip, extra: "use_vmac\n    garp_master_delay 1"));
        lab.WriteConfig(1, lab.Instance(100, vips: vip, extra: "use_vmac\n    garp_master_delay 1"));
        lab.StartMasterThenBackup(Patience);

        var link = lab.Network[0].Ip("-d", "link", "show", Vmac);
        Assert.Contains($"link/ether {V6Mac}", link);
        Assert.Contains($"inet6 fd{lab.Network.Subnet:x2}::100/64", lab.Network[0].Ip("-6", "addr", "show", "dev", Vmac));
        // The VMAC sends from the base interface's link-local, which it carries; it generates none of its own.
        var baseLinkLocal = lab.Network[0].Ip("-6", "-o", "addr", "show", "dev", NetworkLab.Interface, "scope", "link").Split("inet6 ")[1].Split('/')[0];

        using var capture = PacketCapture.Start(lab.Network[1], NetworkLab.Interface, "ip6 proto 112 or icmp6");
        lab[0].Signal("TERM");
        Assert.Equal(0, lab[0].WaitForExit(TimeSpan.FromSeconds(10)));
        lab[1].WaitForState("VI_1", "MASTER", Patience);
        Thread.Sleep(1500); // the delayed NA burst
        var adverts = capture.Fields("vrrp", "eth.src", "ipv6.src", "vrrp.prio");
        Assert.Contains([V6Mac, baseLinkLocal, "0"], adverts);
        Assert.All(adverts, a => Assert.Equal(V6Mac, a[0]));
        var nas = capture.Fields($"icmpv6.type == 136 && icmpv6.nd.na.target_address == fd{lab.Network.Subnet:x2}::100", "eth.src", "icmpv6.opt.linkaddr");
        Assert.NotEmpty(nas);
        Assert.All(nas, n => Assert.Equal([V6Mac, V6Mac], n));
        Assert.False(lab.Network[0].TryIp("link", "show", Vmac).Ok);
    }

    [NetnsFact]
    public void A_vmac_left_by_kill_9_is_taken_over_at_restart_and_deleted_at_the_next_stop()
    {
        using var lab = ElectWithVmac("hvk");
        lab[0].Kill();
        lab[1].WaitForState("VI_1", "MASTER", Patience);
        // kill -9 leaves the macvlan (and the VIP on it) behind, as with keepalived.
        Assert.True(HasAddressOn(lab, 0, Vmac, lab.Vip(100)));

        var restarted = lab.Start(0);
        restarted.WaitFor("Removed leftover VIP", Patience);
        restarted.WaitForState("VI_1", "MASTER", Patience);
        Assert.True(HasAddressOn(lab, 0, Vmac, lab.Vip(100)));
        Assert.Single(lab.Network[0].Ip("-o", "link", "show", "type", "macvlan").Split('\n', StringSplitOptions.RemoveEmptyEntries));

        restarted.Signal("TERM");
        Assert.Equal(0, restarted.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.False(lab.Network[0].TryIp("link", "show", Vmac).Ok);
    }

    [NetnsFact]
    public void The_vmac_going_down_faults_the_master_and_a_deleted_vmac_is_created_again()
    {
        using var lab = ElectWithVmac("hvd");

        lab.FaultAndPreemptBack(Vmac, Patience);
        Assert.True(HasAddressOn(lab, 0, Vmac, lab.Vip(100)));

        lab.Network[0].Ip("link", "del", Vmac);
        lab[0].WaitFor("VMAC vrrp.51 was deleted; creating it again", Patience);
        lab[0].WaitForState("VI_1", "MASTER", Patience, occurrences: 3);
        Assert.Contains($"link/ether {VirtualMac}", lab.Network[0].Ip("link", "show", Vmac));
        Assert.True(HasAddressOn(lab, 0, Vmac, lab.Vip(100)));
    }

    [NetnsFact("tcpdump", "tshark")]
    public void Vmac_xmit_base_sends_adverts_from_the_interface_mac_while_the_vip_sits_on_the_vmac()
    {
        using var lab = ElectWithVmac("hvx", "use_vmac\n    vmac_xmit_base");
        var baseMac = lab.Network[0].Ip("link", "show", NetworkLab.Interface).Split("link/ether ")[1][..17];

        Assert.True(HasAddressOn(lab, 0, Vmac, lab.Vip(100)));
        using var capture = PacketCapture.Start(lab.Network[1], NetworkLab.Interface, "ip proto 112");
        Thread.Sleep(500);
        var seen = capture.Fields("vrrp", "eth.src", "ip.src");
        Assert.NotEmpty(seen);
        Assert.All(seen, a => Assert.Equal([baseMac, lab.Network.Ipv4(0)], a));
    }

    [NetnsFact("tcpdump", "tshark")]
    public void A_per_address_vmac_carries_its_vip_and_is_refreshed_by_garp_extra_if()
    {
        using var lab = VrrpLab.Create("hva");
        // No instance VMAC: adverts leave eth0 with its own MAC; the VIP line asks for a VMAC of its own.
        // garp_master_delay 0: no delayed burst, so every GARP after the election comes from garp_extra_if.
        var vip = lab.Vip(100) + "/24 dev eth0 use_vmac";
        const string extra = "garp_extra_if 1\n    garp_master_delay 0";
        lab.WriteConfig(0, lab.Instance(150, vips: vip, extra: extra));
        lab.WriteConfig(1, lab.Instance(100, vips: vip, extra: extra));
        lab.StartMasterThenBackup(Patience);

        Assert.True(HasAddressOn(lab, 0, Vmac, lab.Vip(100)));
        using var capture = PacketCapture.Start(lab.Network[1], NetworkLab.Interface, "arp or ip proto 112");
        Thread.Sleep(2600);
        var garps = capture.Fields("arp", "eth.src", "arp.src.proto_ipv4");
        Assert.True(garps.Count >= 2, $"{garps.Count} GARPs in 2.6 s with garp_extra_if 1");
        Assert.All(garps, g => Assert.Equal([VirtualMac, lab.Vip(100)], g));
        Assert.DoesNotContain(capture.Fields("vrrp", "eth.src"), a => a[0] == VirtualMac);
    }

    [NetnsFact]
    public void A_reload_that_drops_use_vmac_moves_the_vip_back_and_deletes_the_vmac()
    {
        using var lab = ElectWithVmac("hvr");

        lab.WriteConfig(0, lab.Instance(150));
        lab[0].Signal("HUP");
        lab[0].WaitFor("Reloaded", Patience);
        var deadline = DateTime.UtcNow + Patience;
        while (lab.Network[0].TryIp("link", "show", Vmac).Ok && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
        Assert.False(lab.Network[0].TryIp("link", "show", Vmac).Ok);
        lab[0].WaitForState("VI_1", "MASTER", Patience, occurrences: 2);
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
    }
}
