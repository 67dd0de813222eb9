using HaDaemon.Config.Loading;
using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;
using static HaDaemon.Config.Tests.Model.ModelTestHelpers;

namespace HaDaemon.Config.Tests.Model;

/// <summary>keepalived's vrrp_complete_instance rules (§1.13), one behaviour per test.</summary>
public sealed class NormalisationTests
{
    private static VrrpInstance Only(LoadResult r) => Assert.Single(r.Config!.Instances);

    private const string Vip = "virtual_ipaddress {\n 192.168.200.16\n}";

    [Fact]
    public void Lower_case_state_master_becomes_backup_with_an_error()
    {
        var r = Load(Instance("state master\npriority 100\n" + Vip));
        var d = Single(r);
        Assert.Equal("(VI_1) unknown state 'master', defaulting to BACKUP", d.Message);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal((4, 7), (d.Location.Line, d.Location.Column));
        Assert.Equal(InitialState.Backup, Only(r).InitialState);
        Assert.Equal(ConfigTestResult.Errors, r.TestResult);
    }

    [Fact]
    public void An_address_use_vmac_on_a_use_vmac_instances_own_interface_is_an_error_and_the_address_is_kept()
    {
        var r = Load(Instance("use_vmac\nvirtual_ipaddress {\n 192.168.200.16/24 use_vmac\n 10.0.0.1 dev eth1 use_vmac\n}"));
        var d = Single(r);
        Assert.Equal("(VI_1) use_vmac specified for VIP/eVIP 192.168.200.16/24 and vrrp instance", d.Message);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal(2, Only(r).VirtualIpAddresses.Count);
    }

    [Fact]
    public void Priority_defaults_from_state_and_state_from_priority()
    {
        Assert.Equal(255, Only(Load(Instance("state MASTER\n" + Vip))).Priority);
        Assert.Equal(100, Only(Load(Instance(Vip))).Priority);
        Assert.Equal(InitialState.Master, Only(Load(Instance("priority 255\n" + Vip))).InitialState);
        Assert.Equal(InitialState.Backup, Only(Load(Instance("priority 254\n" + Vip))).InitialState);
    }

    [Fact]
    public void V2_advert_int_half_second_rounds_to_one_second_with_a_warning()
    {
        var r = Load(Instance("advert_int 0.5\n" + Vip));
        var d = Single(r);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal("(VI_1) VRRPv2 advertisement interval 0.500000s must be an integer. rounding", d.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), Only(r).AdvertInterval);
    }

    [Theory]
    [InlineData("0.4", 1000)]
    [InlineData("1.5", 2000)]
    [InlineData("255", 255000)]
    public void V2_advert_int_rounds_to_nearest_second_min_one(string value, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Only(Load(Instance($"advert_int {value}\n" + Vip))).AdvertInterval);

    [Fact]
    public void V3_advert_int_rounds_to_ten_milliseconds()
    {
        var r = Load(Instance("version 3\nadvert_int 0.256\n" + Vip));
        Assert.Equal(TimeSpan.FromMilliseconds(260), Only(r).AdvertInterval);
        Assert.Contains("must be in units of 10ms - rounding", Single(r).Message);
    }

    [Fact]
    public void V3_advert_int_above_40_95_is_clamped()
    {
        var r = Load(Instance("version 3\nadvert_int 100\n" + Vip));
        Assert.Equal(TimeSpan.FromMilliseconds(40950), Only(r).AdvertInterval);
        Assert.Contains("is out of range. Must be less than 40.96s. Setting to 40.95s", Single(r).Message);
    }

    [Fact]
    public void Ipv6_vips_make_the_instance_v3_and_ipv6()
    {
        var r = Load(Instance("virtual_ipaddress {\n fe80::10\n 2001:db8::10/64\n}"));
        var i = Only(r);
        Assert.Equal((AddressFamily.IPv6, 3), (i.Family, i.Version));
        Assert.Equal("ff02::12", i.MulticastGroup);
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
        Assert.Equal(0u, i.VirtualIpAddresses[0].PreferredLifetime);
        Assert.Equal(uint.MaxValue, i.VirtualIpAddresses[1].PreferredLifetime);
    }

    [Fact]
    public void Password_longer_than_eight_bytes_is_truncated_with_an_error()
    {
        var r = Load(Instance("authentication {\n auth_type PASS\n auth_pass secret123\n}\n" + Vip));
        Assert.Equal("Truncating auth_pass to 8 characters", Single(r).Message);
        Assert.Equal("secret12", Only(r).AuthPassword);
        Assert.Equal(AuthenticationType.Pass, Only(r).AuthType);
    }

    [Fact]
    public void Authentication_is_dropped_for_v3()
    {
        var r = Load(Instance("version 3\nauthentication {\n auth_type PASS\n auth_pass x\n}\n" + Vip));
        Assert.Equal("(VI_1) VRRP version 3 does not support authentication. Ignoring.", Single(r).Message);
        Assert.Equal(AuthenticationType.None, Only(r).AuthType);
        Assert.Null(Only(r).AuthPassword);
    }

    [Fact]
    public void Strict_mode_enforces_owner_state_no_auth_and_no_accept()
    {
        var r = Load("global_defs {\n vrrp_strict\n}\n" + Instance("state MASTER\npriority 100\nauthentication {\n auth_type PASS\n auth_pass 1111\n}\naccept\n" + Vip));
        var messages = r.Diagnostics.Where(d => d.Severity >= Severity.Warning).Select(d => d.Message).ToList();
        Assert.Equal(
        [
            "(VI_1) State MASTER must match being address owner",
            "(VI_1) Strict mode does not support authentication. Ignoring.",
            "(VI_1) warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting",
        ], messages);
        var i = Only(r);
        Assert.Equal((InitialState.Backup, AuthenticationType.None, false, true), (i.InitialState, i.AuthType, i.Accept, i.LowerPriorityNoAdvert));
        Assert.Equal(0, i.GarpLowerPriorityRepeat);
    }

    [Fact]
    public void Strict_mode_refuses_unicast_peers()
    {
        var r = Load("global_defs {\n vrrp_strict\n}\n" + Instance("priority 255\nunicast_peer {\n 10.0.0.2\n}\n" + Vip));
        Assert.Contains(r.Diagnostics, d => d.Message == "(VI_1) Unicast peers are not supported in strict mode");
        Assert.False(r.CanRun);
    }

    [Fact]
    public void Nopreempt_with_priority_255_is_reset()
    {
        var r = Load(Instance("priority 255\nnopreempt\n" + Vip));
        Assert.Equal("(VI_1) nopreempt is incompatible with priority 255. resetting nopreempt", Single(r).Message);
        Assert.True(Only(r).Preempt);
    }

    [Fact]
    public void Nopreempt_and_preempt_delay_with_state_master_are_cleared()
    {
        var r = Load(Instance("state MASTER\npriority 100\nnopreempt\npreempt_delay 5\n" + Vip));
        Assert.Contains(r.Diagnostics, d => d.Message == "(VI_1) Warning - nopreempt will not work with initial state MASTER - clearing");
        Assert.Contains(r.Diagnostics, d => d.Message == "(VI_1) Warning - preempt delay will not work with initial state MASTER - clearing");
        Assert.Equal((true, TimeSpan.Zero), (Only(r).Preempt, Only(r).PreemptDelay));
    }

    [Fact]
    public void Unicast_keyword_without_peers_falls_back_to_multicast_with_deprecation_warning()
    {
        var r = Load(Instance("unicast_src_ip 192.168.200.1\n" + Vip));
        Assert.Contains("A unicast keyword has been specified without any unicast peers", Single(r).Message);
        Assert.False(Only(r).Unicast);
        Assert.Equal("224.0.0.18", Only(r).MulticastGroup);
    }

    [Fact]
    public void Unicast_fault_no_peer_starts_in_fault()
    {
        var r = Load(Instance("unicast_fault_no_peer\n" + Vip));
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
        Assert.Single(Only(r).ConfigFaults);
    }

    [Fact]
    public void Unicast_fault_no_peer_with_peers_is_plain_unicast()
    {
        var r = Load(Instance("unicast_fault_no_peer\nunicast_peer {\n 192.168.200.2\n}\n" + Vip));
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity >= Severity.Warning);
        Assert.True(Only(r).Unicast);
        Assert.Empty(Only(r).ConfigFaults);
    }

    [Fact]
    public void Unicast_fault_no_peer_says_why_it_faults_as_keepalived_does()
    {
        var r = Load(Instance("unicast_fault_no_peer\n" + Vip));
        var d = Assert.Single(r.Diagnostics, d => d.Message.Contains("peers", StringComparison.Ordinal));
        Assert.Equal("(VI_1) Cannot use unicast without any peers - going to fault state", d.Message);
        Assert.Equal(Severity.Info, d.Severity);
        Assert.False(Only(r).Unicast);
    }

    [Fact]
    public void Unicast_peers_with_ttl_limits_imply_check_unicast_src()
    {
        var r = Load(Instance("unicast_peer {\n 192.168.200.2 min_ttl 250 max_ttl 255\n 192.168.200.3\n}\n" + Vip));
        var i = Only(r);
        Assert.True(i.Unicast);
        Assert.Null(i.MulticastGroup);
        Assert.True(i.CheckUnicastSource);
        Assert.Equal(new UnicastPeer("192.168.200.2", 250, 255, i.UnicastPeers[0].Location), i.UnicastPeers[0]);
    }

    [Fact]
    public void Duplicate_vrid_on_one_interface_is_a_conflict_that_stops_vrrp()
    {
        var r = Load(Instance(Vip) + "\n" + Instance(Vip, "VI_2"));
        Assert.Contains(r.Diagnostics, d => d.Message == "VI_1 and VI_2 both use VRID 51 with IPv4 on interface eth0");
        Assert.False(r.CanRun);
        Assert.Equal(ConfigTestResult.Errors, r.TestResult);
    }

    [Fact]
    public void Same_vrid_on_different_interfaces_or_families_is_fine()
    {
        var other = Instance(Vip, "VI_2").Replace("interface eth0", "interface eth1", StringComparison.Ordinal);
        Assert.True(Load(Instance(Vip) + "\n" + other).CanRun);
        var v6 = Instance("virtual_ipaddress {\n fe80::1\n}", "VI_2");
        Assert.True(Load(Instance(Vip) + "\n" + v6).CanRun);
    }

    [Fact]
    public void V3_instance_without_vips_stops_vrrp_v2_only_warns()
    {
        var v3 = Load(Instance("version 3"));
        Assert.Contains(v3.Diagnostics, d => d.Message == "(VI_1) No VIP specified; at least one is required");
        Assert.False(v3.CanRun);
        var v2 = Load(Instance(""));
        Assert.Equal("(VI_1) No VIP specified; at least one is sensible", Single(v2).Message);
        Assert.True(v2.CanRun);
    }

    [Fact]
    public void Missing_virtual_router_id_stops_vrrp()
    {
        var r = Load("vrrp_instance X {\n interface eth0\n virtual_ipaddress {\n 10.0.0.1\n }\n}");
        Assert.Contains(r.Diagnostics, d => d.Message == "(X) the virtual router id must be set");
        Assert.False(r.CanRun);
    }

    [Fact]
    public void Sync_group_members_lose_tracking_weights()
    {
        var text = """
            vrrp_sync_group G {
              group {
                VI_1
                VI_2
              }
            }
            """ + "\n" + Instance("track_interface {\n eth1 weight 10\n}\n" + Vip) + "\n" +
            Instance("virtual_ipaddress {\n 10.0.0.2\n}", "VI_2").Replace("51", "52", StringComparison.Ordinal);
        var r = Load(text);
        Assert.Contains(r.Diagnostics, d => d.Message == "(VI_1) ignoring eth1 tracked interface weight due to SYNC group");
        Assert.Equal(0, r.Config!.Instances[0].TrackInterfaces[0].Weight);
        Assert.Equal("G", r.Config.Instances[0].SyncGroup);
    }

    [Fact]
    public void Sync_group_with_one_member_warns_and_unknown_member_is_reported()
    {
        var r = Load("vrrp_sync_group G {\n group {\n VI_1\n NOPE\n }\n}\n" + Instance(Vip));
        var messages = r.Diagnostics.Select(d => d.Message).ToList();
        Assert.Contains("Virtual router NOPE specified in sync group G doesn't exist - ignoring", messages);
        Assert.Contains("Sync group G has only 1 virtual router(s) - this probably isn't what you want", messages);
    }

    [Fact]
    public void Vips_without_dev_take_the_instance_interface()
    {
        var r = Load(Instance("virtual_ipaddress {\n 10.0.0.1/24 dev eth1 label eth1:vip\n 10.0.0.2\n}"));
        var vips = Only(r).VirtualIpAddresses;
        Assert.Equal(("eth1", "eth1:vip", 24), (vips[0].Device, vips[0].Label, vips[0].PrefixLength));
        Assert.Equal("eth0", vips[1].Device);
    }

    [Fact]
    public void Mixed_vip_families_keep_the_first_family()
    {
        var r = Load(Instance("virtual_ipaddress {\n 10.0.0.1\n fe80::1\n}"));
        Assert.Equal("(VI_1): address family must match VRRP instance [fe80::1] - ignoring", Single(r).Message);
        Assert.Single(Only(r).VirtualIpAddresses);
    }

    [Fact]
    public void Excluded_vips_may_mix_families()
    {
        var r = Load(Instance(Vip + "\nvirtual_ipaddress_excluded {\n 2001:db8::1/64\n 10.9.9.9\n}"));
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
        Assert.Equal(2, Only(r).ExcludedIpAddresses.Count);
    }

    [Fact]
    public void Global_defaults_flow_into_instances()
    {
        var r = Load("global_defs {\n vrrp_garp_master_delay 2\n vrrp_garp_master_repeat 3\n vrrp_version 3\n vrrp_mcast_group4 224.0.0.19\n}\n" + Instance(Vip));
        var i = Only(r);
        Assert.Equal((TimeSpan.FromSeconds(2), 3, 3, "224.0.0.19"), (i.GarpMasterDelay, i.GarpMasterRepeat, i.Version, i.MulticastGroup));
        // keepalived: lower-priority GARP settings default to the master ones.
        Assert.Equal((TimeSpan.FromSeconds(2), 3), (i.GarpLowerPriorityDelay, i.GarpLowerPriorityRepeat));
    }
}

public sealed class StrictDefaultsTests
{
    [Fact]
    public void Strict_non_owner_defaults_to_no_accept_silently_owner_accepts()
    {
        var backup = ModelTestHelpers.Load("global_defs {\n vrrp_strict\n}\n" + ModelTestHelpers.Instance("priority 100\nvirtual_ipaddress {\n 10.0.0.1\n}"));
        Assert.Equal(ConfigTestResult.Ok, backup.TestResult);
        Assert.False(Assert.Single(backup.Config!.Instances).Accept);
        var owner = ModelTestHelpers.Load("global_defs {\n vrrp_strict\n}\n" + ModelTestHelpers.Instance("priority 255\nvirtual_ipaddress {\n 10.0.0.1\n}"));
        Assert.True(Assert.Single(owner.Config!.Instances).Accept);
    }
}

public sealed class NewerKeywordTests
{
    [Fact]
    public void No_virtual_ipaddress_allows_a_v3_instance_without_vips()
    {
        var r = ModelTestHelpers.Load(ModelTestHelpers.Instance("version 3\nno_virtual_ipaddress\ntimer_expired_backup 50"));
        Assert.True(r.CanRun, ModelTestHelpers.Messages(r));
        var i = Assert.Single(r.Config!.Instances);
        Assert.Empty(i.VirtualIpAddresses);
        Assert.Equal(50, i.TimerExpiredBackupPriority);
    }
}

public sealed class SyncGroupOwnerTests
{
    [Fact]
    public void Owner_and_non_owner_members_in_one_group_are_reported()
    {
        var text = "vrrp_sync_group G {\n group {\n VI_1\n VI_2\n }\n}\n" +
            ModelTestHelpers.Instance("state MASTER\npriority 255\nvirtual_ipaddress {\n 10.0.0.1\n}") + "\n" +
            ModelTestHelpers.Instance("state BACKUP\nvirtual_ipaddress {\n 10.0.0.2\n}", "VI_2").Replace("51", "52", StringComparison.Ordinal);
        var r = ModelTestHelpers.Load(text);
        Assert.Contains(r.Diagnostics, d => d.Message == "Sync group G has some member(s) as address owner and some not as address owner. This won't work.");
    }

    [Fact]
    public void Instance_smtp_alert_follows_smtp_alert_vrrp_before_smtp_alert()
    {
        var r = ModelTestHelpers.Load("global_defs {\n smtp_alert true\n smtp_alert_vrrp false\n}\n" +
            ModelTestHelpers.Instance("virtual_ipaddress {\n 10.0.0.1\n}"));
        Assert.False(Assert.Single(r.Config!.Instances).SmtpAlert);
    }
}
