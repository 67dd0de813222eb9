using System.Net;
using HaDaemon.Config.Loading;
using HaDaemon.Config.Environment;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using HaDaemon.Mapping;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Mapping;

public class EngineSettingsMapperTests
{
    private static readonly FixedInterfaceCatalog LabInterfaces = new(["lo", "eth0", "eth1", "eth2", "eth3", "eth0.1"]);

    private static readonly FakeInterfaceAddresses LabAddresses = new FakeInterfaceAddresses()
        .Add("eth0", "192.168.200.1", "fe80::1%2").Add("eth1", "10.0.1.1", "fe80::2%3")
        .Add("eth2", "10.0.2.1").Add("eth3", "10.0.3.1").Add("eth0.1", "10.1.0.1");

    private static LoadResult Load(string text) =>
        ConfigLoader.LoadText(text, "/test/keepalived.conf", new LoadOptions { Interfaces = LabInterfaces });

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepoPaths.Corpus).Where(f => Path.GetFileName(f).Contains("conf", StringComparison.Ordinal)))
        {
            data.Add(Path.GetFileName(f));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Every_runnable_corpus_config_gives_settings_the_engine_accepts(string file)
    {
        var result = ConfigLoader.Load(Path.Combine(RepoPaths.Corpus, file), new LoadOptions { Interfaces = LabInterfaces });
        if (!result.CanRun)
        {
            return; // keepalived's VRRP process would refuse it too; the daemon exits before mapping.
        }
        var settings = EngineSettingsMapper.Map(result.Config!, LabAddresses);
        Assert.Empty(settings.Validate());
        var router = new VrrpRouter(settings);
        router.Start(Instant.Zero);
        Assert.Equal(result.Config!.Instances.Count, router.Instances.Count);
    }

    [Fact]
    public void An_instance_maps_field_by_field()
    {
        var result = Load("""
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority 150
                advert_int 2
                nopreempt
                authentication {
                    auth_type PASS
                    auth_pass secret123
                }
                virtual_ipaddress {
                    192.168.200.16/24
                    192.168.200.17/24 no_track
                }
                virtual_ipaddress_excluded {
                    10.9.9.9
                }
            }
            """);
        Assert.True(result.CanRun, string.Join("\n", result.Diagnostics));
        var s = Assert.Single(EngineSettingsMapper.Map(result.Config!, LabAddresses).Instances);
        Assert.Equal("VI_1", s.Name);
        Assert.Equal(51, s.VirtualRouterId);
        Assert.Equal(150, s.Priority);
        Assert.Equal(VrrpVersion.V2, s.Version);
        Assert.Equal(Duration.FromSeconds(2L), s.AdvertInterval);
        Assert.Equal(InitialState.Backup, s.InitialState);
        Assert.False(s.Preempt);
        Assert.Equal(VrrpAuthType.Password, s.AuthType);
        Assert.Equal("secret12", s.AuthPassword);
        Assert.Equal(["192.168.200.16", "192.168.200.17"], s.VirtualAddresses.Select(a => a.ToString()));
        Assert.Equal(["10.9.9.9"], s.ExcludedAddresses.Select(a => a.ToString()));
        Assert.Equal(["192.168.200.17"], s.NoTrackAddresses.Select(a => a.ToString()));
        Assert.Equal(IPAddress.Parse("192.168.200.1"), s.PrimaryAddress);
    }

    [Fact]
    public void IPv6_instances_send_from_the_link_local_address_without_scope()
    {
        var result = Load("""
            vrrp_instance V6 {
                interface eth0
                virtual_router_id 52
                priority 100
                advert_int 0.25
                virtual_ipaddress {
                    fe80::100/64
                    2001:db8::100/64
                }
            }
            """);
        Assert.True(result.CanRun, string.Join("\n", result.Diagnostics));
        var s = Assert.Single(EngineSettingsMapper.Map(result.Config!, LabAddresses).Instances);
        Assert.Equal(VrrpVersion.V3, s.Version);
        Assert.Equal(Duration.FromCentiseconds(25), s.AdvertInterval);
        Assert.Equal(IPAddress.Parse("fe80::1"), s.PrimaryAddress);
        Assert.Equal(0, s.PrimaryAddress!.ScopeId);
    }

    [Fact]
    public void A_leftover_VIP_on_the_interface_is_never_chosen_as_source()
    {
        var addresses = new FakeInterfaceAddresses().Add("eth0", "192.168.200.16", "192.168.200.1");
        var result = Load("""
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                    192.168.200.16/24
                }
            }
            """);
        var s = Assert.Single(EngineSettingsMapper.Map(result.Config!, addresses).Instances);
        Assert.Equal(IPAddress.Parse("192.168.200.1"), s.PrimaryAddress);
    }

    [Fact]
    public void Configured_source_and_unicast_peers_are_kept()
    {
        var result = Load("""
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                unicast_src_ip 192.168.200.9
                unicast_peer {
                    192.168.200.2
                    192.168.200.3
                }
                virtual_ipaddress {
                    192.168.200.16/24
                }
            }
            """);
        var s = Assert.Single(EngineSettingsMapper.Map(result.Config!, LabAddresses).Instances);
        Assert.Equal(IPAddress.Parse("192.168.200.9"), s.PrimaryAddress);
        Assert.Equal(["192.168.200.2", "192.168.200.3"], s.UnicastPeers.Select(p => p.Address.ToString()));
        Assert.True(s.IsUnicast);
    }

    [Fact]
    public void Startup_delays_and_config_faults_map_to_the_engine()
    {
        var result = Load("""
            global_defs {
                vrrp_startup_delay 2.5
                vrrp_delay_after_boot 90
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                unicast_fault_no_peer
                virtual_ipaddress {
                    192.168.200.16/24
                }
            }
            """);
        var settings = EngineSettingsMapper.Map(result.Config!, LabAddresses);
        Assert.Equal((Duration.FromSeconds(2.5), Duration.FromSeconds(90L)), (settings.StartupDelay, settings.DelayAfterBoot));
        var s = Assert.Single(settings.Instances);
        Assert.Equal("unicast configured without peers (unicast_fault_no_peer)", Assert.Single(s.ConfigFaults));
        Assert.False(s.IsUnicast);

        var router = new VrrpRouter(settings);
        router.Start(Instant.Zero, Duration.FromSeconds(60L));
        Assert.Equal(Duration.FromSeconds(30L), router.StartupDelay);
        Assert.Equal(VrrpState.Fault, router.GetStatus("VI_1")!.State);
    }

    [Fact]
    public void Without_the_keywords_nothing_is_delayed_or_faulted()
    {
        var result = Load("""
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                unicast_src_ip 192.168.200.9
                virtual_ipaddress {
                    192.168.200.16/24
                }
            }
            """);
        var settings = EngineSettingsMapper.Map(result.Config!, LabAddresses);
        Assert.Equal((Duration.Zero, Duration.Zero), (settings.StartupDelay, settings.DelayAfterBoot));
        Assert.Empty(Assert.Single(settings.Instances).ConfigFaults);
    }

    [Theory]
    [InlineData(0.5, VrrpVersion.V2, 1.0)]
    [InlineData(3.0, VrrpVersion.V2, 3.0)]
    [InlineData(0.01, VrrpVersion.V3, 0.01)]
    [InlineData(0.254, VrrpVersion.V3, 0.25)]
    [InlineData(100.0, VrrpVersion.V3, 40.95)]
    public void Advert_intervals_round_to_the_wire_unit(double seconds, VrrpVersion version, double expected) =>
        Assert.Equal(Duration.FromSeconds(expected), EngineSettingsMapper.WireInterval(TimeSpan.FromSeconds(seconds), version));
}
