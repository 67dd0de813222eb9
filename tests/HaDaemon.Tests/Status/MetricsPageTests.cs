using System.Text;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Time;
using HaDaemon.Scripts;
using HaDaemon.Status;

namespace HaDaemon.Tests.Status;

public sealed class MetricsPageTests
{
    private static readonly string[] Common = ["iname", "intf", "vrid"];

    /// <summary>keepalived-exporter's families (collector.go fillMetrics): name → (type, label names).</summary>
    public static TheoryData<string, string, string> ExporterFamilies() => new()
    {
        { "keepalived_up", "gauge", "" },
        { "keepalived_vrrp_state", "gauge", "iname,intf,vrid,ip_address" },
        { "keepalived_vrrp_excluded_state", "gauge", "iname,intf,vrid,ip_address" },
        { "keepalived_gratuitous_arp_delay_total", "counter", "iname,intf,vrid" },
        { "keepalived_advertisements_received_total", "counter", "iname,intf,vrid" },
        { "keepalived_advertisements_sent_total", "counter", "iname,intf,vrid" },
        { "keepalived_become_master_total", "counter", "iname,intf,vrid" },
        { "keepalived_release_master_total", "counter", "iname,intf,vrid" },
        { "keepalived_packet_length_errors_total", "counter", "iname,intf,vrid" },
        { "keepalived_advertisements_interval_errors_total", "counter", "iname,intf,vrid" },
        { "keepalived_ip_ttl_errors_total", "counter", "iname,intf,vrid" },
        { "keepalived_invalid_type_received_total", "counter", "iname,intf,vrid" },
        { "keepalived_address_list_errors_total", "counter", "iname,intf,vrid" },
        { "keepalived_authentication_invalid_total", "counter", "iname,intf,vrid" },
        { "keepalived_authentication_mismatch_total", "counter", "iname,intf,vrid" },
        { "keepalived_authentication_failure_total", "counter", "iname,intf,vrid" },
        { "keepalived_priority_zero_received_total", "counter", "iname,intf,vrid" },
        { "keepalived_priority_zero_sent_total", "counter", "iname,intf,vrid" },
        { "keepalived_script_status", "gauge", "name" },
        { "keepalived_script_state", "gauge", "name" },
    };

    private static IReadOnlyDictionary<string, PrometheusTextParser.Family> Scrape(StatusScenario s, Func<string, TrackScriptState>? scripts = null) =>
        PrometheusTextParser.Parse(Encoding.UTF8.GetString(MetricsPage.Render(s.Collect(scripts))));

    private static StatusScenario BothMasters()
    {
        var s = new StatusScenario();
        s.Router.ScriptResult(s.Now, "chk_web", true);
        s.Drain();
        s.RunUntil(Instant.Zero + Duration.FromSeconds(5L));
        return s;
    }

    [Theory]
    [MemberData(nameof(ExporterFamilies))]
    public void Every_keepalived_exporter_family_is_present_with_its_type_and_labels(string name, string type, string labels)
    {
        var families = Scrape(BothMasters());
        Assert.True(families.TryGetValue(name, out var family), $"{name} missing");
        Assert.Equal(type, family.Type);
        Assert.NotEmpty(family.Samples);
        var expected = labels.Length == 0 ? [] : labels.Split(',');
        Assert.All(family.Samples, sample => Assert.Equal(expected.Order(StringComparer.Ordinal), sample.Labels.Keys.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void State_gauges_have_one_series_per_vip_with_exporter_values()
    {
        var families = Scrape(BothMasters());
        var state = families["keepalived_vrrp_state"].Samples;
        Assert.Equal(
            ["VI_DB eth1 52 10.0.1.100/24 2", "VI_WEB eth0 51 192.168.200.10/24 2", "VI_WEB eth1 51 192.168.200.11/32 2"],
            state.Select(x => $"{x.Label("iname")} {x.Label("intf")} {x.Label("vrid")} {x.Label("ip_address")} {x.Value}").Order(StringComparer.Ordinal));
        var excluded = Assert.Single(families["keepalived_vrrp_excluded_state"].Samples);
        Assert.Equal(("192.168.200.20/32", 2.0), (excluded.Label("ip_address"), excluded.Value));
        Assert.Equal(5, families["keepalived_gratuitous_arp_delay_total"].Samples.First(x => x.Label("iname") == "VI_WEB").Value);
    }

    [Fact]
    public void An_instance_without_vips_is_reported_with_an_empty_ip_address()
    {
        var s = new StatusScenario(StatusScenario.Config.Replace("10.0.1.100/24", "", StringComparison.Ordinal));
        var state = Scrape(s)["keepalived_vrrp_state"].Samples.Single(x => x.Label("iname") == "VI_DB");
        Assert.Equal(("eth1", "", 1.0), (state.Label("intf"), state.Label("ip_address"), state.Value));
    }

    [Fact]
    public void Counters_follow_the_engine()
    {
        var s = BothMasters();
        s.Advert("192.168.200.2", 51, 100);                      // lower priority: another master while we are master
        s.Advert("192.168.200.2", 51, 100, password: "wrong");   // authentication failure
        s.Router.RecordRejectedAdvert("eth0", 51, System.Net.Sockets.AddressFamily.InterNetwork,
            System.Net.IPAddress.Parse("192.168.200.2"), Core.Packets.AdvertRejection.TtlNot255);
        s.Router.RecordRejectedAdvert("eth0", 51, System.Net.Sockets.AddressFamily.InterNetwork,
            System.Net.IPAddress.Parse("192.168.200.2"), Core.Packets.AdvertRejection.BadChecksum);
        var families = Scrape(s);
        double Value(string family, string instance = "VI_WEB") => families[family].Samples.Single(x => x.Label("iname") == instance).Value;

        Assert.Equal(1, Value("keepalived_become_master_total"));
        Assert.Equal(1, Value("keepalived_advertisements_received_total"));
        Assert.Equal(1, Value("keepalived_authentication_failure_total"));
        Assert.Equal(1, Value("keepalived_ip_ttl_errors_total"));
        Assert.True(Value("keepalived_advertisements_sent_total") >= 3);
        Assert.Equal(1, Value("hadaemon_split_brain"));
        Assert.Equal(0, Value("hadaemon_split_brain", "VI_DB"));
        Assert.Equal(1, Value("hadaemon_other_master_adverts_total"));
        var rejections = families["hadaemon_advert_rejections_total"].Samples.Where(x => x.Label("iname") == "VI_WEB")
            .ToDictionary(x => x.Label("reason"), x => x.Value);
        Assert.Equal(1, rejections["bad-checksum"]);
        Assert.Equal(1, rejections["ttl-not255"]);
        Assert.Equal(1, rejections["auth-password-mismatch"]);
        var peer = Assert.Single(families["hadaemon_peer_checksum_mode"].Samples);
        Assert.Equal(("192.168.200.2", "vrrp-only"), (peer.Label("peer"), peer.Label("mode")));
    }

    [Fact]
    public void Split_brain_clears_after_a_master_down_interval_of_silence()
    {
        var s = BothMasters();
        s.Advert("192.168.200.2", 51, 100);
        s.RunUntil(s.Now + Duration.FromSeconds(4L));
        Assert.False(s.Collect().Instances.Single(i => i.Name == "VI_WEB").SplitBrain);
    }

    [Fact]
    public void Script_gauges_use_the_exporters_numbering()
    {
        var s = new StatusScenario();
        var before = Scrape(s, _ => TrackScriptState.Running);
        Assert.Equal((0.0, 1.0), (before["keepalived_script_status"].Samples.Single().Value, before["keepalived_script_state"].Samples.Single().Value));
        s.Router.ScriptResult(s.Now, "chk_web", true);
        s.Drain();
        var after = Scrape(s);
        Assert.Equal((1.0, 0.0), (after["keepalived_script_status"].Samples.Single().Value, after["keepalived_script_state"].Samples.Single().Value));
        Assert.Equal("chk_web", after["keepalived_script_status"].Samples.Single().Label("name"));
    }

    [Fact]
    public void Histograms_are_well_formed_and_count_what_was_observed()
    {
        var s = BothMasters();
        var families = Scrape(s);
        var lateness = families["hadaemon_advert_send_lateness_seconds"];
        Assert.Equal("histogram", lateness.Type);
        var count = lateness.Samples.Single(x => x.Name.EndsWith("_count", StringComparison.Ordinal)).Value;
        Assert.True(count >= 2);
        var transitions = families["hadaemon_transition_duration_seconds"].Samples
            .Where(x => x.Name.EndsWith("_count", StringComparison.Ordinal)).ToDictionary(x => x.Label("to"), x => x.Value);
        Assert.Equal(2, transitions["MASTER"]);
        Assert.Equal(2, transitions["BACKUP"]);
    }

    [Fact]
    public void Label_values_are_escaped()
    {
        using var text = new PrometheusText();
        text.Family("x", "gauge", "help with \\ and\nnewline");
        text.Sample("x", 1.5, PrometheusText.Labels("name", "a\"b\\c\nd"));
        var family = PrometheusTextParser.Parse(text.ToString())["x"];
        Assert.Equal("help with \\ and\nnewline", family.Help);
        Assert.Equal(("a\"b\\c\nd", 1.5), (family.Samples.Single().Label("name"), family.Samples.Single().Value));
    }

    [Fact]
    public void The_parser_rejects_what_the_format_forbids()
    {
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("x 1"));
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\nx{a=\"b\"} 2\n"));
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("x{a=b} 1\n"));
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("x 1\nx 2\n"));
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"));
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("x{a=\"\\q\"} 1\n"));
    }

    [Fact]
    public void A_thousand_instances_render_into_a_parseable_page()
    {
        var config = new StringBuilder("global_defs {\n router_id big\n}\n");
        for (var n = 0; n < 1000; n++)
        {
            config.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"vrrp_instance VI_{n} {{\n interface eth{n / 255}\n virtual_router_id {n % 255 + 1}\n priority 100\n virtual_ipaddress {{\n 10.{100 + n / 250}.{n % 250}.1/32\n }}\n}}\n");
        }
        var s = new StatusScenario(config.ToString());
        var families = Scrape(s);
        Assert.Equal(1000, families["keepalived_vrrp_state"].Samples.Count);
        Assert.Equal(1000, families["keepalived_advertisements_sent_total"].Samples.Count);
    }
}
