using System.Net;
using HaDaemon.Tests.Interop;
using HaDaemon.Tests.Status;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>
/// A hadaemon master with <c>auth_type AH</c> in a namespace, fed hand-made higher-priority adverts from another one:
/// a PASS advert (no AH), AH adverts with the wrong key and with a replayed sequence number must all be dropped and
/// counted on /metrics (keepalived's authtype_mismatch and auth_failure), and it stays master; a valid AH advert with
/// a newer sequence number then makes it BACKUP — the protocol-51 receive path end to end.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class AuthenticationHeaderEndpointTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string Config(VrrpLab lab) => $$"""
        global_defs {
            hadaemon_status_listen 127.0.0.1:9165
        }
        {{lab.Instance(150, version: 2, advertInt: "1", extra: """
            authentication {
                auth_type AH
                auth_pass secret12
            }
            """)}}
        """;

    private static IReadOnlyDictionary<string, PrometheusTextParser.Family> Scrape(NetworkNamespace ns) =>
        PrometheusTextParser.Parse(ProcessRunner.Run("ip",
            ["netns", "exec", ns.Name, "curl", "-s", "--max-time", "10", "http://127.0.0.1:9165/metrics"]).Output);

    private static double Counter(IReadOnlyDictionary<string, PrometheusTextParser.Family> m, string family) =>
        m.TryGetValue(family, out var f) ? f.Samples.Where(s => s.Label("iname") == "VI_1").Sum(s => s.Value) : 0;

    private static double Rejections(IReadOnlyDictionary<string, PrometheusTextParser.Family> m, string reason) =>
        m.TryGetValue("hadaemon_advert_rejections_total", out var f)
            ? f.Samples.Where(s => s.Label("iname") == "VI_1" && s.Label("reason") == reason).Sum(s => s.Value)
            : 0;

    [NetnsFact("curl")]
    public void Bad_adverts_are_dropped_and_counted_and_a_valid_one_is_obeyed()
    {
        using var lab = VrrpLab.Create("hah");
        lab.WriteConfig(0, Config(lab));
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", Patience);
        daemon.WaitFor("Status endpoint listening on 127.0.0.1:9165", Patience);
        var before = Scrape(lab.Network[0]);
        var vip = IPAddress.Parse(lab.Vip(100));

        using var injector = new AdvertInjector(lab.Network[1], lab.Network.Ipv4(1));
        injector.SendV2(51, 200, vip, "secret12");
        injector.SendV2Authenticated(51, 200, vip, "wrongkey", sequence: 1_000_000);
        // The master has numbered its own adverts from 1: sequence 1 is a replay.
        injector.SendV2Authenticated(51, 200, vip, "secret12", sequence: 1);

        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyDictionary<string, PrometheusTextParser.Family> after;
        do
        {
            Thread.Sleep(200);
            after = Scrape(lab.Network[0]);
        }
        while (DateTime.UtcNow < deadline && (Counter(after, "keepalived_authentication_mismatch_total") == 0
            || Counter(after, "keepalived_authentication_failure_total") < 2));
        Assert.Equal(Counter(before, "keepalived_authentication_mismatch_total") + 1, Counter(after, "keepalived_authentication_mismatch_total"));
        Assert.Equal(Counter(before, "keepalived_authentication_failure_total") + 2, Counter(after, "keepalived_authentication_failure_total"));
        Assert.Equal(1, Rejections(after, "auth-header-mismatch"));
        Assert.Equal(1, Rejections(after, "auth-header-icv-mismatch"));
        Assert.Equal(1, Rejections(after, "auth-header-replay"));
        Assert.True(lab.HasAddress(0, lab.Vip(100)), "the master gave up its VIP for a rejected advert\n" + daemon.Log);

        // A correctly keyed, newer, higher-priority advert stream: the master must yield.
        for (uint sequence = 1_000_001; sequence < 1_000_006; sequence++)
        {
            injector.SendV2Authenticated(51, 200, vip, "secret12", sequence);
            Thread.Sleep(300);
        }
        daemon.WaitForState("VI_1", "BACKUP", Patience, occurrences: 2);
        Assert.False(lab.HasAddress(0, lab.Vip(100)));
    }
}
