using System.Net;
using System.Text.Json;
using HaDaemon.Tests.Interop;
using HaDaemon.Tests.Status;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>
/// The status endpoint of a real daemon in a namespace: /metrics parsed by the test's Prometheus text parser, its
/// counters moved by hand-made bad adverts from another namespace, /status read as JSON, and `hadaemon status`.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class StatusEndpointTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string Config(VrrpLab lab, string listen) => $$"""
        global_defs {
            hadaemon_status_listen {{listen}}
        }
        vrrp_script chk_ok {
            script "/bin/true"
            interval 1
        }
        {{lab.Instance(150, version: 2, advertInt: "1", extra: """
            authentication {
                auth_type PASS
                auth_pass secret12
            }
            track_script {
                chk_ok
            }
            virtual_ipaddress_excluded {
                192.0.2.77/32
            }
            """)}}
        """;

    private static string Curl(NetworkNamespace ns, params string[] args) =>
        ProcessRunner.Run("ip", ["netns", "exec", ns.Name, "curl", "-s", "--max-time", "10", .. args]).Output;

    private static IReadOnlyDictionary<string, PrometheusTextParser.Family> Scrape(NetworkNamespace ns) =>
        PrometheusTextParser.Parse(Curl(ns, "http://127.0.0.1:9165/metrics"));

    private static double Counter(IReadOnlyDictionary<string, PrometheusTextParser.Family> m, string family, string? reason = null) =>
        m.TryGetValue(family, out var f)
            ? f.Samples.Where(s => s.Label("iname") == "VI_1" && (reason is null || s.Label("reason") == reason)).Sum(s => s.Value)
            : 0;

    [NetnsFact("curl")]
    public void Metrics_count_bad_adverts_and_status_shows_the_master()
    {
        using var lab = VrrpLab.Create("hsm");
        lab.WriteConfig(0, Config(lab, "127.0.0.1:9165"));
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", Patience);
        daemon.WaitFor("Status endpoint listening on 127.0.0.1:9165", Patience);

        var before = Scrape(lab.Network[0]);
        foreach (var (name, _, labels) in MetricsPageTests.ExporterFamilies().Select(r => ((string)r[0], (string)r[1], (string)r[2])))
        {
            Assert.True(before.ContainsKey(name), $"{name} missing");
            var expected = labels.Length == 0 ? [] : labels.Split(',');
            Assert.All(before[name].Samples, s => Assert.Equal(expected.Order(StringComparer.Ordinal), s.Labels.Keys.Order(StringComparer.Ordinal)));
        }
        var state = Assert.Single(before["keepalived_vrrp_state"].Samples);
        Assert.Equal(("VI_1", "eth0", "51", lab.Vip(100) + "/24", 2.0),
            (state.Label("iname"), state.Label("intf"), state.Label("vrid"), state.Label("ip_address"), state.Value));

        using (var injector = new AdvertInjector(lab.Network[1], lab.Network.Ipv4(1)))
        {
            var vip = IPAddress.Parse(lab.Vip(100));
            injector.SendV2(51, 100, vip, "secret12", ttl: 254);
            injector.SendV2(51, 100, vip, "secret12", corruptChecksum: true);
            injector.SendV2(51, 100, vip, "wrongpw");
        }
        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyDictionary<string, PrometheusTextParser.Family> after;
        do
        {
            Thread.Sleep(200);
            after = Scrape(lab.Network[0]);
        }
        while (DateTime.UtcNow < deadline && (Counter(after, "keepalived_ip_ttl_errors_total") == 0
            || Counter(after, "keepalived_authentication_failure_total") == 0
            || Counter(after, "hadaemon_advert_rejections_total", "bad-checksum") == 0));
        Assert.Equal(Counter(before, "keepalived_ip_ttl_errors_total") + 1, Counter(after, "keepalived_ip_ttl_errors_total"));
        Assert.Equal(Counter(before, "keepalived_authentication_failure_total") + 1, Counter(after, "keepalived_authentication_failure_total"));
        Assert.Equal(1, Counter(after, "hadaemon_advert_rejections_total", "bad-checksum"));
        Assert.True(Counter(after, "keepalived_advertisements_sent_total") >= 1);
        Assert.Equal(1.0, Assert.Single(after["keepalived_script_status"].Samples).Value);
        // The same refusals in keepalived's words, which log-based alert rules match.
        daemon.WaitFor(System.Text.RegularExpressions.Regex.Escape("(VI_1) invalid TTL/HL. Received 254 and expect 255"), Patience);
        daemon.WaitFor(System.Text.RegularExpressions.Regex.Escape("(VI_1) received an invalid passwd!"), Patience);
        daemon.WaitFor(System.Text.RegularExpressions.Regex.Escape("(VI_1) Invalid VRRP checksum"), Patience);
        daemon.WaitFor(System.Text.RegularExpressions.Regex.Escape("VRRP_Script(chk_ok) succeeded"), Patience);

        using var status = JsonDocument.Parse(Curl(lab.Network[0], "http://127.0.0.1:9165/status"));
        var instance = Assert.Single(status.RootElement.GetProperty("instances").EnumerateArray());
        Assert.Equal("MASTER", instance.GetProperty("state").GetString());
        Assert.True(instance.GetProperty("master").GetProperty("self").GetBoolean());
        var vipEntry = Assert.Single(instance.GetProperty("vips").EnumerateArray());
        Assert.Equal((lab.Vip(100) + "/24", true), (vipEntry.GetProperty("address").GetString(), vipEntry.GetProperty("present").GetBoolean()));
        var last = instance.GetProperty("last_transition");
        Assert.Equal(("BACKUP", "MASTER", "master-down-timer-expired"),
            (last.GetProperty("from").GetString(), last.GetProperty("to").GetString(), last.GetProperty("reason").GetString()));
        Assert.True(last.GetProperty("id").GetInt64() > 0);

        // The endpoint refuses what it does not serve.
        Assert.Equal("405", Curl(lab.Network[0], "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "http://127.0.0.1:9165/metrics"));
        Assert.Equal("404", Curl(lab.Network[0], "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:9165/"));
    }

    [NetnsFact]
    public void Status_command_prints_the_table_and_exits_by_health()
    {
        using var lab = VrrpLab.Create("hsc");
        var socket = Path.Combine(lab.WorkDir, "status.sock");
        lab.WriteConfig(0, Config(lab, socket));
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", Patience);
        daemon.WaitFor("Status endpoint listening", Patience);

        var table = ProcessRunner.Run(DaemonProcess.Binary, ["status", "-f", lab.ConfigPath(0)]);
        Assert.True(table.ExitCode == 0, table.Error);
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("INSTANCE", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^VI_1\s+MASTER\s+150\s+self\s+" + Regex(lab.Vip(100)) + "/24$", lines[1]);

        var json = ProcessRunner.Run(DaemonProcess.Binary, ["status", "--listen", socket, "--json"]);
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal("VI_1", doc.RootElement.GetProperty("instances")[0].GetProperty("name").GetString());

        // Link down: the instance faults, and the command says so with exit code 2.
        lab.SetLink(0, "eth0", up: false);
        daemon.WaitForState("VI_1", "FAULT", Patience);
        var fault = ProcessRunner.Run(DaemonProcess.Binary, ["status", "--listen", socket]);
        Assert.Equal(2, fault.ExitCode);
        Assert.Contains("FAULT", fault.Output, StringComparison.Ordinal);

        daemon.Signal("TERM");
        Assert.Equal(0, daemon.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.False(File.Exists(socket));
        var gone = ProcessRunner.Run(DaemonProcess.Binary, ["status", "--listen", socket]);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("cannot reach", gone.Error, StringComparison.Ordinal);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
