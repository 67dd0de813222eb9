using System.Net;
using System.Net.Sockets;
using HaDaemon.Linux.Results;
using HaDaemon.Linux.Vmac;
using HaDaemon.TestSupport;

namespace HaDaemon.Linux.Tests;

public sealed class VmacManagerTests
{
    private static string Sysctl(NetworkNamespace ns, string path) => ns.Exec("cat", "/proc/sys/net/" + path).Trim();

    [NetnsFact("tcpdump", "tshark")]
    public async Task Ipv4_vmac_is_a_private_macvlan_with_keepalived_sysctls_and_sends_garps_from_the_virtual_mac()
    {
        using var lab = LinuxLab.Create("vm4");
        var vmacs = lab.Net(0).Vmacs;
        var ns = lab.Ns(0);

        var vmac = vmacs.Create(new VmacSpec(NetworkLab.Interface, 51, AddressFamily.InterNetwork)).Unwrap();

        Assert.Equal("vrrp.51", vmac.Name);
        Assert.True(vmac.AdminUp);
        var details = ns.Ip("-d", "link", "show", "vrrp.51");
        Assert.Contains("vrrp.51@eth0", details);
        Assert.Contains("link/ether 00:00:5e:00:01:33", details);
        Assert.Contains("macvlan mode private", details);
        Assert.Equal(["1", "1", "0", "1", "1"], new[] { "arp_ignore", "accept_local", "rp_filter", "promote_secondaries" }
            .Select(k => Sysctl(ns, "ipv4/conf/vrrp.51/" + k)).Append(Sysctl(ns, "ipv6/conf/vrrp.51/disable_ipv6")));
        Assert.Equal(["1", "1"], new[] { Sysctl(ns, "ipv4/conf/eth0/arp_ignore"), Sysctl(ns, "ipv4/conf/eth0/arp_filter") });
        Assert.Equal(vmac.Index, vmacs.Create(new VmacSpec(NetworkLab.Interface, 51, AddressFamily.InterNetwork)).Unwrap().Index);

        using (var announcer = lab.Net(0).CreateAnnouncer().Unwrap())
        using (var capture = PacketCapture.Start(lab.Ns(1), NetworkLab.Interface, "arp"))
        {
            Assert.True((await announcer.AnnounceAsync("vrrp.51", [IPAddress.Parse("192.0.2.51")])).IsSuccess);
            Assert.Equal(["00:00:5e:00:01:33", "00:00:5e:00:01:33", "192.0.2.51"],
                Assert.Single(capture.Fields("arp", "eth.src", "arp.src.hw_mac", "arp.dst.proto_ipv4")));
        }

        Assert.Equal(ChangeOutcome.Applied, vmacs.Remove("vrrp.51").Outcome);
        Assert.False(ns.TryIp("link", "show", "vrrp.51").Ok);
        Assert.Equal(["0", "0"], new[] { Sysctl(ns, "ipv4/conf/eth0/arp_ignore"), Sysctl(ns, "ipv4/conf/eth0/arp_filter") });
        Assert.Equal(ChangeOutcome.AlreadyInState, vmacs.Remove("vrrp.51").Outcome);
    }

    [NetnsFact("tcpdump", "tshark")]
    public void Adverts_between_two_vmacs_leave_from_the_virtual_mac_with_the_base_address_and_arrive_on_the_vmac()
    {
        using var lab = LinuxLab.Create("vma");
        var spec = new VmacSpec(NetworkLab.Interface, 51, AddressFamily.InterNetwork);
        var vmacs = new[] { lab.Net(0).Vmacs.Create(spec).Unwrap(), lab.Net(1).Vmacs.Create(spec).Unwrap() };
        // The VMAC has no IPv4 address of its own: the source comes from the base interface, as keepalived's.
        var binding = new Adverts.AdvertBinding("vrrp.51", AddressFamily.InterNetwork) { SourceInterface = NetworkLab.Interface };
        using var transportA = lab.Net(0).CreateAdvertTransport();
        using var transportB = lab.Net(1).CreateAdvertTransport();
        using var inbox = new AdvertInbox();
        using var sender = transportA.Attach(binding, 51, _ => { }).Unwrap();
        using var receiver = transportB.Attach(binding, 51, inbox.Handler).Unwrap();
        Assert.Equal(IPAddress.Parse(lab.Lab.Ipv4(0)), sender.Source);
        Assert.Equal(vmacs[0].Index, sender.InterfaceIndex);

        using var capture = PacketCapture.Start(lab.Ns(1), NetworkLab.Interface, "ip proto 112");
        var advert = new Core.Packets.VrrpAdvert
        {
            Version = Core.Packets.VrrpVersion.V3, VirtualRouterId = 51, Priority = 150, AdvertInterval = 100,
            Addresses = [IPAddress.Parse("192.0.2.51")],
        };
        var buffer = new byte[Core.Packets.VrrpEncoder.MessageLength(advert)];
        Core.Packets.VrrpEncoder.EncodeMessage(advert, buffer, Core.Packets.ChecksumMode.PseudoHeader, sender.Source, Adverts.AdvertBinding.Ipv4Group);
        Assert.True(sender.Send(buffer, Adverts.AdvertBinding.Ipv4Group).IsSuccess);

        var datagram = inbox.Next();
        Assert.Equal(("vrrp.51", vmacs[1].Index, sender.Source), (datagram.Interface, datagram.InterfaceIndex, datagram.Source));
        Assert.Equal(["00:00:5e:00:01:33", lab.Lab.Ipv4(0)], Assert.Single(capture.Fields("vrrp", "eth.src", "ip.src")));
    }

    [NetnsFact]
    public void A_configured_mac_replaces_the_virtual_one_and_a_mismatching_vmac_is_made_again()
    {
        using var lab = LinuxLab.Create("vmm");
        var vmacs = lab.Net(0).Vmacs;
        var first = vmacs.Create(new VmacSpec(NetworkLab.Interface, 9, AddressFamily.InterNetwork) { Name = "vm9" }).Unwrap();

        var custom = System.Net.NetworkInformation.PhysicalAddress.Parse("02-11-22-33-44-55");
        var second = vmacs.Create(new VmacSpec(NetworkLab.Interface, 9, AddressFamily.InterNetwork) { Name = "vm9", Mac = custom }).Unwrap();

        Assert.Equal(custom, second.Mac);
        Assert.NotEqual(first.Index, second.Index);
        Assert.Contains("link/ether 02:11:22:33:44:55", lab.Ns(0).Ip("link", "show", "vm9"));
        Assert.True(vmacs.Remove("vm9").IsSuccess);
    }

    [NetnsFact]
    public void Ipv6_vmac_carries_the_parents_link_local_and_generates_none_of_its_own()
    {
        using var lab = LinuxLab.Create("vm6");
        var ns = lab.Ns(0);
        var parentLinkLocal = lab.Net(0).Interfaces.Ipv6LinkLocal(NetworkLab.Interface).Unwrap();

        var vmac = lab.Net(0).Vmacs.Create(new VmacSpec(NetworkLab.Interface, 7, AddressFamily.InterNetworkV6) { Name = "vh7" }).Unwrap();

        Assert.Equal("00:00:5e:00:02:07", string.Join(':', vmac.Mac.GetAddressBytes().Select(b => b.ToString("x2"))));
        Assert.Contains("addrgenmode none", ns.Ip("-d", "link", "show", "vh7"));
        var linkLocals = lab.Net(0).Interfaces.ListAddresses(vmac.Index).Unwrap().Where(a => a.Address.IsIPv6LinkLocal).ToList();
        Assert.Equal(new IPAddress(parentLinkLocal.GetAddressBytes()), Assert.Single(linkLocals).Address);
        Assert.True(lab.Net(0).Vmacs.Remove("vh7").IsSuccess);
    }

    [NetnsFact]
    public void Refuses_to_delete_a_real_interface_and_reports_a_missing_parent()
    {
        using var lab = LinuxLab.Create("vmx");
        var vmacs = lab.Net(0).Vmacs;

        Assert.Equal(PlatformErrorKind.InvalidRequest, vmacs.Remove(NetworkLab.Interface).Error?.Kind);
        Assert.True(lab.Ns(0).TryIp("link", "show", NetworkLab.Interface).Ok);
        Assert.Equal(PlatformErrorKind.InterfaceNotFound, vmacs.Create(new VmacSpec("nosuch0", 1, AddressFamily.InterNetwork)).Error?.Kind);
        Assert.Equal(PlatformErrorKind.InvalidRequest,
            vmacs.Create(new VmacSpec(NetworkLab.Interface, 1, AddressFamily.InterNetwork) { Name = NetworkLab.Interface }).Error?.Kind);
        Assert.DoesNotContain("macvlan", lab.Ns(0).Ip("-d", "link"));
    }
}
