using System.Net;
using System.Net.Sockets;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Loading;
using HaDaemon.Mapping;
using HaDaemon.Runtime;
using ConfigFamily = HaDaemon.Config.Model.AddressFamily;
using VmacSpec = HaDaemon.Linux.Vmac.VmacSpec;

namespace HaDaemon.Tests.Mapping;

public class VmacLayoutTests
{
    private static readonly FixedInterfaceCatalog LabInterfaces = new(["lo", "eth0", "eth1"]);

    private static readonly FakeInterfaceAddresses LabAddresses = new FakeInterfaceAddresses()
        .Add("eth0", "192.168.200.1", "fe80::1%2").Add("eth1", "10.0.1.1", "fe80::2%3");

    private static RuntimeConfig Build(string text, string global = "")
    {
        var result = ConfigLoader.LoadText($"global_defs {{\n{global}\n}}\n" + text, "/test/keepalived.conf",
            new LoadOptions { Interfaces = LabInterfaces });
        Assert.True(result.CanRun, string.Join("\n", result.Diagnostics));
        return RuntimeConfig.Build(result.Config!, LabAddresses);
    }

    private static string Instance(string name, int vrid, string extra, string vips, string family = "") => $$"""
        vrrp_instance {{name}} {
            interface eth0
            virtual_router_id {{vrid}}
            priority 100
            advert_int 1
            {{family}}
            {{extra}}
            virtual_ipaddress {
                {{vips}}
            }
        }
        """;

    private static string Mac(VmacSpec s) =>
        string.Join(':', (s.Mac?.GetAddressBytes() ?? Core.Packets.VirtualMac.Create(s.VirtualRouterId, s.Family == AddressFamily.InterNetworkV6))
            .Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Use_vmac_puts_adverts_and_vips_on_vrrp_vrid_with_the_base_address_as_source_and_tracks_it()
    {
        var config = Build(Instance("VI_1", 51, "use_vmac", "192.168.200.100/24\n192.168.200.101/24 dev eth1"));
        var plan = config.Instances["VI_1"];

        var vmac = Assert.Single(plan.Vmacs);
        Assert.Equal(("eth0", "vrrp.51", AddressFamily.InterNetwork, "00:00:5e:00:01:33"), (vmac.BaseInterface, vmac.EffectiveName, vmac.Family, Mac(vmac)));
        Assert.False(vmac.KeepIpv6);
        Assert.Equal("vrrp.51", plan.Binding.Interface);
        Assert.Equal("eth0", plan.Binding.SourceInterface);
        Assert.Equal("eth0", plan.EngineInterface);
        // Same-family lines on the instance interface go on the VMAC; a line naming another device stays there.
        Assert.Equal(["vrrp.51", "eth1"], plan.Addresses.Select(a => a.Interface));

        var engine = Assert.Single(config.Settings.Instances);
        Assert.Equal("eth0", engine.Interface);
        Assert.Equal(IPAddress.Parse("192.168.200.1"), engine.PrimaryAddress);
        Assert.Equal(["vrrp.51", "eth1"], engine.TrackedAddressInterfaces.ToArray());
    }

    [Fact]
    public void Vmac_xmit_base_keeps_adverts_on_the_base_interface_and_vips_on_the_vmac()
    {
        var plan = Build(Instance("VI_1", 51, "use_vmac\nvmac_xmit_base", "192.168.200.100/24")).Instances["VI_1"];

        Assert.Equal("eth0", plan.Binding.Interface);
        Assert.Null(plan.Binding.SourceInterface);
        Assert.Equal("vrrp.51", Assert.Single(plan.Addresses).Interface);
        Assert.Equal("vrrp.51", Assert.Single(plan.Vmacs).EffectiveName);
    }

    [Fact]
    public void Without_use_vmac_nothing_changes()
    {
        var config = Build(Instance("VI_1", 51, "", "192.168.200.100/24"));
        var plan = config.Instances["VI_1"];

        Assert.Empty(plan.Vmacs);
        Assert.Equal("eth0", plan.Binding.Interface);
        Assert.Null(plan.Binding.SourceInterface);
        Assert.Equal("eth0", Assert.Single(plan.Addresses).Interface);
        Assert.Empty(Assert.Single(config.Settings.Instances).TrackedAddressInterfaces);
    }

    [Fact]
    public void Ipv4_and_ipv6_instances_with_the_same_vrid_get_vrrp_and_vrrp6_names_and_the_ipv6_mac()
    {
        var config = Build(Instance("V4", 51, "use_vmac", "192.168.200.100/24")
            + Instance("V6", 51, "use_vmac", "fe80::100/64\n2001:db8::100/64"));

        Assert.Equal("vrrp.51", Assert.Single(config.Instances["V4"].Vmacs).EffectiveName);
        var v6 = Assert.Single(config.Instances["V6"].Vmacs);
        Assert.Equal(("vrrp6.51", AddressFamily.InterNetworkV6, "00:00:5e:00:02:33"), (v6.EffectiveName, v6.Family, Mac(v6)));
        // An IPv6 VMAC carries a link-local of its own to send from: no separate source interface.
        Assert.Equal("vrrp6.51", config.Instances["V6"].Binding.Interface);
        Assert.Null(config.Instances["V6"].Binding.SourceInterface);
    }

    [Fact]
    public void A_named_vmac_with_its_own_mac_and_vmac_prefix_are_honoured()
    {
        var config = Build(Instance("A", 7, "use_vmac vh7 02:11:22:33:44:55", "192.168.200.7/24")
            + Instance("B", 8, "use_vmac", "192.168.200.8/24"), "vmac_prefix vm");

        var a = Assert.Single(config.Instances["A"].Vmacs);
        Assert.Equal(("vh7", "02:11:22:33:44:55"), (a.EffectiveName, Mac(a)));
        Assert.Equal("vm.8", Assert.Single(config.Instances["B"].Vmacs).EffectiveName);
    }

    [Fact]
    public void Dont_track_primary_leaves_the_vmac_untracked_as_the_interface()
    {
        var config = Build(Instance("VI_1", 51, "use_vmac\ndont_track_primary", "192.168.200.100/24"));

        Assert.Empty(Assert.Single(config.Settings.Instances).TrackedAddressInterfaces);
    }

    [Fact]
    public void Per_address_use_vmac_makes_a_vmac_on_that_lines_device_even_without_instance_use_vmac()
    {
        var config = Build(Instance("VI_1", 51, "", "192.168.200.100/24\n10.0.1.100/24 dev eth1 use_vmac"), "vmac_addr_prefix va");
        var plan = config.Instances["VI_1"];

        var vmac = Assert.Single(plan.Vmacs);
        Assert.Equal(("eth1", "va.51", "00:00:5e:00:01:33"), (vmac.BaseInterface, vmac.EffectiveName, Mac(vmac)));
        Assert.Equal(["eth0", "va.51"], plan.Addresses.Select(a => a.Interface));
        Assert.Equal("eth0", plan.Binding.Interface);
        Assert.Equal(["va.51"], Assert.Single(config.Settings.Instances).TrackedAddressInterfaces.ToArray());
    }

    [Fact]
    public void An_ipv4_vmac_keeps_ipv6_for_ipv6_evips_which_stay_on_the_base_interface()
    {
        var plan = Build(Instance("VI_1", 51, "use_vmac\nvirtual_ipaddress_excluded {\n2001:db8::5/64\n}", "192.168.200.100/24"))
            .Instances["VI_1"];

        Assert.True(Assert.Single(plan.Vmacs).KeepIpv6);
        Assert.Equal(["vrrp.51", "eth0"], plan.Addresses.Select(a => a.Interface));
    }

    [Fact]
    public void Free_names_follow_create_vmac_name_and_fit_in_fifteen_characters()
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { "vrrp.5", "vrrp6.5" };
        Assert.Equal("vrrp1.5", VmacLayout.FreeName("vrrp", 5, ConfigFamily.IPv6, taken));
        Assert.Equal("vrrp2.5", VmacLayout.FreeName("vrrp", 5, ConfigFamily.IPv4, taken));
        Assert.Equal("vrrp3.5", VmacLayout.FreeName("vrrp", 5, ConfigFamily.IPv4, taken));
        var longName = VmacLayout.FreeName("averyverylongprefix", 255, ConfigFamily.IPv4, new HashSet<string>());
        Assert.Equal("averyverylo.255", longName);
        Assert.True(longName.Length <= 15);
    }

    [Fact]
    public void Names_held_by_other_kinds_of_interface_are_skipped_and_a_configured_one_is_ignored()
    {
        var text = Instance("A", 51, "use_vmac", "192.168.200.51/24") + Instance("B", 52, "use_vmac eth1", "192.168.200.52/24");
        var model = ConfigLoader.LoadText(text, "/test/keepalived.conf", new LoadOptions { Interfaces = LabInterfaces }).Config!;

        var layout = VmacLayout.Build(model, name => name is "vrrp.51" or "eth1");

        Assert.Equal("vrrp1.51", layout["A"].Instance!.EffectiveName);
        Assert.Equal("vrrp.52", layout["B"].Instance!.EffectiveName);
    }

    /// <summary>"interface address" per target, "; "-separated; "off" when no timer runs.</summary>
    private static string ExtraGarpTargets(string extra, string vips)
    {
        var plan = Build(Instance("VI_1", 51, extra, vips)).Instances["VI_1"];
        return plan.ExtraGarps is { } e ? string.Join("; ", e.Targets.Select(t => $"{t.Interface} {t.Address}")) : "off";
    }

    [Fact]
    public void Garp_extra_if_targets_the_vmacs_that_carry_no_adverts_as_keepalived_decides()
    {
        // Only the VMAC that carries the adverts: nothing extra to refresh.
        Assert.Equal("off", ExtraGarpTargets("use_vmac\ngarp_extra_if 10", "192.168.200.100/24"));
        // xmit_base alone: keepalived switches the timer off too (no address off the instance's own VMAC).
        Assert.Equal("off", ExtraGarpTargets("use_vmac\nvmac_xmit_base\ngarp_extra_if 10", "192.168.200.100/24"));
        Assert.Equal("off", ExtraGarpTargets("", "192.168.200.100/24\n10.0.1.100/24 dev eth1 use_vmac"));
        Assert.Equal("vrrp.51 10.0.1.100",
            ExtraGarpTargets("garp_extra_if 10", "192.168.200.100/24\n10.0.1.100/24 dev eth1 use_vmac\n10.0.1.101/24 dev eth1 use_vmac"));
        // With xmit_base the instance's own VMAC sends no adverts, so once the timer runs it is refreshed as well.
        Assert.Equal("vrrp.51 192.168.200.100; vrrp1.51 10.0.1.100",
            ExtraGarpTargets("use_vmac\nvmac_xmit_base\ngarp_extra_if 10", "192.168.200.100/24\n10.0.1.100/24 dev eth1 use_vmac"));
        // "all": plain interfaces other than the instance's own count too.
        Assert.Equal("eth1 10.0.1.100", ExtraGarpTargets("garp_extra_if all 10", "192.168.200.100/24\n10.0.1.100/24 dev eth1"));
        Assert.Equal("off", ExtraGarpTargets("garp_extra_if 10", "192.168.200.100/24\n10.0.1.100/24 dev eth1"));
    }

    [Fact]
    public void Received_adverts_on_the_vmac_reach_the_engine_under_the_configured_interface()
    {
        var packet = new byte[40];
        var datagram = new Linux.Adverts.AdvertDatagram(AddressFamily.InterNetwork, packet, 20, IPAddress.Parse("192.168.200.2"),
            IPAddress.Parse("224.0.0.18"), 255, 9, "vrrp.51");

        var decoded = DecodedDatagram.Decode(datagram, unicastInstance: false, engineInterface: "eth0");

        Assert.Equal("eth0", Assert.IsType<DecodedDatagram.Rejected>(decoded).Interface);
    }
}
