using HaDaemon.Config.Loading;
using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Model;
using static HaDaemon.Config.Tests.Model.ModelTestHelpers;

namespace HaDaemon.Config.Tests.Model;

/// <summary>Keyword binding: keepalived's report-and-continue error model, one keyword at a time.</summary>
public sealed class BinderTests
{
    private const string Vip = "virtual_ipaddress {\n 192.168.200.16\n}";

    [Fact]
    public void Two_addresses_on_one_line_keep_only_the_first()
    {
        var r = Load(Instance("virtual_ipaddress { 192.168.200.16 192.168.200.17 }"));
        var d = Single(r);
        Assert.Equal("Unknown configuration entry '192.168.200.17' for ip address - ignoring", d.Message);
        Assert.Equal("192.168.200.16", Assert.Single(r.Config!.Instances[0].VirtualIpAddresses).Address);
    }

    [Fact]
    public void Unknown_keyword_suggests_the_nearest_valid_one_at_that_place()
    {
        var r = Load(Instance("priorty 100\n" + Vip));
        var d = Single(r);
        Assert.Equal("Unknown keyword 'priorty'; did you mean 'priority'?", d.Message);
        Assert.Equal("unknown-keyword", d.Code);
        Assert.Equal((4, 1), (d.Location.Line, d.Location.Column));
    }

    [Fact]
    public void Keywords_are_case_sensitive_and_the_suggestion_shows_the_right_case()
    {
        var r = Load("Vrrp_Instance X {\n}");
        Assert.Equal("Unknown keyword 'Vrrp_Instance'; did you mean 'vrrp_instance'?", Single(r).Message);
    }

    [Fact]
    public void Suggestions_only_come_from_keywords_valid_at_that_place()
    {
        // "interval" is a vrrp_script keyword, not an instance keyword: no suggestion of it inside an instance.
        var r = Load(Instance("interval 2\n" + Vip));
        Assert.DoesNotContain("did you mean 'interval'", Single(r).Message);
        var s = Load("vrrp_script chk {\n script \"/usr/bin/true\"\n intervall 2\n}\n" + Instance(Vip));
        Assert.Contains(s.Diagnostics, d => d.Message == "Unknown keyword 'intervall'; did you mean 'interval'?");
    }

    [Fact]
    public void Nonsense_gets_no_suggestion()
    {
        var r = Load(Instance("zzzzzzzzzz 1\n" + Vip));
        Assert.Equal("Unknown keyword 'zzzzzzzzzz'", Single(r).Message);
    }

    [Fact]
    public void Block_keyword_without_brace_is_missing_brace()
    {
        var r = Load("global_defs\nvrrp_instance X\n");
        Assert.Contains(r.Diagnostics, d => d.Code == "missing-brace" && d.Message == "Missing '{' at beginning of configuration block");
    }

    [Fact]
    public void Unsupported_features_are_info_once_each_and_do_not_count()
    {
        var r = Load("virtual_server 10.0.0.1 80 {\n delay_loop 6\n}\nvirtual_server 10.0.0.2 80 {\n}\nbfd_instance b {\n}\n" + Instance(Vip));
        var infos = r.Diagnostics.Where(d => d.Code == "unsupported-feature").ToList();
        Assert.Equal(2, infos.Count);
        Assert.All(infos, d => Assert.Equal(Severity.Info, d.Severity));
        Assert.Equal("'virtual_server': recognised keepalived feature, not supported by HaDaemon, ignored", infos[0].Message);
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
        Assert.Equal(2, r.Config!.IgnoredFeatures.Single(f => f.Keyword == "virtual_server").Occurrences);
    }

    [Fact]
    public void Duplicate_instance_name_is_an_error_and_the_second_block_is_skipped()
    {
        var r = Load(Instance(Vip) + "\n" + Instance("virtual_router_id 99\n" + Vip));
        Assert.Contains(r.Diagnostics, d => d.Message == "vrrp instance VI_1 already defined");
        Assert.Equal(51, Assert.Single(r.Config!.Instances).VirtualRouterId);
    }

    [Theory]
    [InlineData("virtual_router_id 0", "(VI_1): VRID '0' not valid - must be between 1 & 255")]
    [InlineData("priority 256", "(VI_1) Priority not valid! must be between 1 & 255. Using default 100")]
    [InlineData("advert_int abc", "(VI_1) Advert interval (abc) not valid! Must be > 0 - ignoring")]
    [InlineData("state BACKUP\nstate MASTER\nstate BACKUP", "(VI_1) state previously set as MASTER - ignoring BACKUP")]
    [InlineData("mcast_dst_ip 10.0.0.1", "(VI_1) mcast_dst_ip 10.0.0.1 not multicast. Skipping...")]
    [InlineData("down_timer_adverts 0", "(VI_1): Invalid down_timer_adverts [1:100] '0'")]
    [InlineData("track_script {\n nope\n}", "(VI_1) track script nope not found, ignoring...")]
    [InlineData("track_interface {\n eth1 weight 254\n}", "(VI_1) weight for eth1 cannot be +/-254. Setting to +/-253")]
    [InlineData("authentication {\n auth_type MD5\n}", "(VI_1) unknown authentication type 'MD5'")]
    [InlineData("virtual_ipaddress {\n 10.0.0.1 dev eth9\n}", "WARNING - interface eth9 for ip address 10.0.0.1 doesn't exist")]
    [InlineData("virtual_ipaddress {\n 10.0.0.300\n}", "VRRP parsed invalid IP 10.0.0.300. skipping IP...")]
    [InlineData("virtual_ipaddress {\n fe80::1 brd +\n}", "VRRP is trying to assign a broadcast brd to the IPv6 address fe80::1 !!?? WTF... skipping VIP...")]
    public void Bad_values_are_reported_with_keepalived_text(string body, string message)
    {
        var r = Load(Instance(body + "\n" + Vip.Replace("192.168.200.16", "192.168.200.99", StringComparison.Ordinal)));
        Assert.Contains(r.Diagnostics, d => d.Message == message);
        Assert.All(r.Diagnostics, d => Assert.True(d.Location.Line >= 1 && d.Location.Column >= 1, d.ToString()));
    }

    [Fact]
    public void Per_address_options_are_parsed()
    {
        var r = Load(Instance("virtual_ipaddress {\n 10.1.1.1/24 brd + dev eth1 scope link label eth1:1 no_track\n 10.2.2.2 peer 10.2.2.3 home -nodad noprefixroute\n 10.3.3.3/29 brd -\n}"));
        var v = r.Config!.Instances[0].VirtualIpAddresses;
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
        Assert.Equal(("10.1.1.255", "eth1", "link", "eth1:1", true), (v[0].Broadcast, v[0].Device, v[0].Scope, v[0].Label, v[0].NoTrack));
        Assert.Equal(("10.2.2.3", true, true, true), (v[1].Peer, v[1].Home, v[1].NoDad, v[1].NoPrefixRoute));
        Assert.Equal("10.3.3.0", v[2].Broadcast);
    }

    [Fact]
    public void Notify_scripts_keep_argv_user_and_group()
    {
        var r = Load(Instance(Vip + "\nnotify_master \"/usr/bin/true arg1 'arg two'\" root root\nnotify \"/usr/bin/true\""));
        var n = r.Config!.Instances[0].Notify;
        Assert.Equal(["/usr/bin/true", "arg1", "arg two"], n.Master!.Argv);
        Assert.Equal(("root", "root"), (n.Master.User, n.Master.Group));
        Assert.NotNull(n.Generic);
    }

    [Fact]
    public void Duplicate_notify_script_is_ignored_with_an_error()
    {
        var r = Load(Instance(Vip + "\nnotify_master /usr/bin/true\nnotify_master /bin/sh"));
        Assert.Contains(r.Diagnostics, d => d.Message == "(VI_1) notify_master script already specified - ignoring /bin/sh");
        Assert.Equal("/usr/bin/true", r.Config!.Instances[0].Notify.Master!.Program);
    }

    [Fact]
    public void Vrrp_script_values_and_defaults()
    {
        var r = Load("vrrp_script chk {\n script \"/usr/bin/true\"\n interval 2.5\n weight -20 reverse\n rise 3\n fall 4\n init_fail\n}\n" + Instance(Vip + "\ntrack_script {\n chk\n chk2\n}"));
        var s = Assert.Single(r.Config!.Scripts);
        Assert.Equal((TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(2.5), -20, true, 3, 4, true),
            (s.Interval, s.Timeout, s.Weight, s.WeightReverse, s.Rise, s.Fall, s.InitFail));
        var t = Assert.Single(r.Config.Instances[0].TrackScripts);
        Assert.Equal((-20, true), (t.Weight, t.Reverse));
    }

    [Fact]
    public void Routes_and_rules_use_ip_syntax()
    {
        var r = Load(Instance(Vip + "\nvirtual_routes {\n 10.9.0.0/16 via 192.168.200.254 dev eth0 table 100 metric 5\n default via 192.168.200.1 dev eth0\n}\nvirtual_rules {\n from 10.9.0.0/16 table 100 priority 100\n}"));
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
        var routes = r.Config!.Instances[0].VirtualRoutes;
        Assert.Equal(("10.9.0.0/16", "192.168.200.254", "eth0", 100u, 5u), (routes[0].Destination, routes[0].Via, routes[0].Device, routes[0].Table, routes[0].Metric));
        Assert.Equal("default", routes[1].Destination);
        var rule = Assert.Single(r.Config.Instances[0].VirtualRules);
        Assert.Equal(("10.9.0.0/16", (uint?)100u, 100u, false), (rule.From, rule.Table, rule.Preference, rule.PreferenceAssigned));
    }

    [Fact]
    public void Status_listen_keyword_accepts_endpoints_and_unix_paths()
    {
        var tcp = Load("global_defs {\n hadaemon_status_listen 127.0.0.1:9911\n hadaemon_status_allow_remote\n}\n" + Instance(Vip));
        Assert.Equal(("127.0.0.1", 9911), (tcp.Config!.Global.StatusListen!.Address, tcp.Config.Global.StatusListen.Port));
        Assert.True(tcp.Config.Global.StatusAllowRemote);
        var v6 = Load("global_defs {\n hadaemon_status_listen [::1]:9911\n}\n" + Instance(Vip));
        Assert.Equal("::1", v6.Config!.Global.StatusListen!.Address);
        var unix = Load("global_defs {\n hadaemon_status_listen /run/hadaemon.sock\n}\n" + Instance(Vip));
        Assert.True(unix.Config!.Global.StatusListen!.IsUnixSocket);
        var bad = Load("global_defs {\n hadaemon_status_listen nonsense\n}\n" + Instance(Vip));
        Assert.Equal("invalid-status-listen", Single(bad).Code);
    }

    [Fact]
    public void Status_listen_beyond_loopback_needs_the_allow_keyword()
    {
        var refused = Load("global_defs {\n hadaemon_status_listen 0.0.0.0:9165\n}\n" + Instance(Vip));
        var error = Single(refused);
        Assert.Equal(("status-listen-not-loopback", 2, 2), (error.Code, error.Location.Line, error.Location.Column));
        Assert.Null(refused.Config!.Global.StatusListen);
        var allowed = Load("global_defs {\n hadaemon_status_listen 192.0.2.7:9165\n hadaemon_status_allow_remote\n}\n" + Instance(Vip));
        Assert.DoesNotContain(allowed.Diagnostics, d => d.Severity >= HaDaemon.Config.Diagnostics.Severity.Warning);
        Assert.Equal("192.0.2.7", allowed.Config!.Global.StatusListen!.Address);
        var loopback = Load("global_defs {\n hadaemon_status_listen 127.0.0.53:9165\n}\n" + Instance(Vip));
        Assert.Equal("127.0.0.53", loopback.Config!.Global.StatusListen!.Address);
    }

    [Fact]
    public void Startup_delay_and_delay_after_boot_are_kept_apart()
    {
        var r = Load("global_defs {\n vrrp_startup_delay 5.5\n vrrp_delay_after_boot 120\n}\n" + Instance(Vip));
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
        Assert.Equal(TimeSpan.FromSeconds(5.5), r.Config!.Global.StartupDelay);
        Assert.Equal(TimeSpan.FromSeconds(120), r.Config.Global.DelayAfterBoot);
        var only = Load("global_defs {\n vrrp_delay_after_boot 30\n}\n" + Instance(Vip));
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromSeconds(30)), (only.Config!.Global.StartupDelay, only.Config.Global.DelayAfterBoot));
    }

    [Fact]
    public void Startup_delay_of_a_minute_or_more_is_noted_and_a_bad_value_is_an_error()
    {
        var large = Load("global_defs {\n vrrp_startup_delay 90\n}\n" + Instance(Vip));
        Assert.Contains(large.Diagnostics, d => d is { Severity: Severity.Info, Message: "The vrrp_startup_delay is very large - 90 seconds" });
        Assert.Equal(ConfigTestResult.Ok, large.TestResult);
        var bad = Load("global_defs {\n vrrp_startup_delay 2\n vrrp_startup_delay soon\n}\n" + Instance(Vip));
        var d = Assert.Single(bad.Diagnostics, d => d.Message.Contains("vrrp_startup_delay", StringComparison.Ordinal));
        Assert.Equal(("vrrp_startup_delay 'soon' is invalid", 3, Severity.Error), (d.Message, d.Location.Line, d.Severity));
        Assert.Equal(TimeSpan.FromSeconds(2), bad.Config!.Global.StartupDelay);
    }

    [Fact]
    public void Dynamic_interfaces_accepts_missing_interfaces_with_info()
    {
        var r = Load("global_defs {\n dynamic_interfaces\n}\n" + Instance(Vip).Replace("eth0", "vlan42", StringComparison.Ordinal));
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
        Assert.Equal("vlan42", r.Config!.Instances[0].Interface);
    }

    [Fact]
    public void Missing_interface_makes_the_config_unrunnable_and_is_masked_to_5_by_the_warning()
    {
        var r = Load(Instance(Vip), Options(new FixedInterfaceCatalog(["lo"])));
        Assert.Null(r.Config);
        Assert.False(r.CanRun);
        Assert.Contains(r.Diagnostics, d => d.Severity == Severity.Fatal && d.Message == "Non-existent interface specified in configuration");
        Assert.Equal(ConfigTestResult.Errors, r.TestResult);
    }

    [Fact]
    public void Missing_main_file_is_cannot_run()
    {
        var r = ConfigLoader.Load("/nonexistent/hadaemon-test/keepalived.conf", Options());
        Assert.Equal(ConfigTestResult.CannotRun, r.TestResult);
        Assert.False(r.CanRun);
    }

    [Fact]
    public void Loopback_interface_is_rejected()
    {
        var r = Load(Instance(Vip).Replace("eth0", "lo", StringComparison.Ordinal));
        Assert.Contains(r.Diagnostics, d => d.Message == "(VI_1) cannot use a loopback interface (lo) for vrrp - ignoring");
    }
}

public sealed class NotifyFifoTests
{
    [Fact]
    public void Fifos_keep_user_group_and_script_and_the_same_fifo_twice_drops_the_vrrp_one()
    {
        var r = ModelTestHelpers.Load("global_defs {\n notify_fifo /run/ka.fifo root root\n notify_fifo_script \"/usr/bin/true -x\"\n vrrp_notify_fifo /run/ka.fifo\n}\n" +
            ModelTestHelpers.Instance("virtual_ipaddress {\n 10.0.0.1\n}"));
        var g = r.Config!.Global;
        Assert.Equal(("/run/ka.fifo", "root", "root"), (g.NotifyFifo!.Path, g.NotifyFifo.User, g.NotifyFifo.Group));
        Assert.Equal(["/usr/bin/true", "-x"], g.NotifyFifo.Script!.Argv);
        Assert.Null(g.VrrpNotifyFifo);
        Assert.Contains(r.Diagnostics, d => d.Code == "duplicate-fifo");
    }
}
