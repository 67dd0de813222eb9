using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Loading;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Time;
using HaDaemon.Mapping;
using HaDaemon.Runtime;
using HaDaemon.Scripts;
using HaDaemon.Status;

namespace HaDaemon.Benchmarks;

/// <summary>
/// What one scrape costs inside the daemon with <see cref="Instances"/> MASTER instances (1 VIP each, 250 VRIDs per
/// interface): <see cref="Collect"/> runs on the event loop (the only part that delays VRRP work), the renderers run
/// on the endpoint's thread. The HTTP round trip is measured separately (StatusHttpBenchmarks).
/// </summary>
[MemoryDiagnoser]
public class StatusBenchmarks
{
    private RuntimeConfig _config = null!;
    private VrrpRouter _router = null!;
    private StatusLedger _ledger = null!;
    private StatusSnapshot _snapshot = null!;
    private DaemonInfo _daemon = null!;
    private Instant _now;

    [Params(1, 1000)]
    public int Instances { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var interfaces = Enumerable.Range(0, 4).Select(n => $"eth{n}").ToArray();
        var text = new StringBuilder();
        for (var n = 0; n < Instances; n++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"vrrp_instance VI_{n} {{\n interface eth{n / 250}\n virtual_router_id {n % 250 + 1}\n priority 100\n advert_int 1\n virtual_ipaddress {{\n 10.{100 + n / 250}.{n % 250}.1/24\n }}\n}}\n");
        }
        var loaded = ConfigLoader.LoadText(text.ToString(), "/bench.conf", new LoadOptions { Interfaces = new FixedInterfaceCatalog(["lo", .. interfaces]) });
        _config = RuntimeConfig.Build(loaded.Config ?? throw new InvalidOperationException("bench config does not load"), new BenchAddresses());
        _router = new VrrpRouter(_config.Settings);
        _ledger = new StatusLedger();
        for (var n = 0; n < 4; n++)
        {
            _ledger.Interface($"eth{n}", n + 2);
        }
        _router.Start(Instant.Zero);
        while (_router.NextDeadline <= Instant.Zero + Duration.FromSeconds(5L))
        {
            _now = _router.NextDeadline;
            _router.HandleTimeout(_now);
            foreach (var c in _router.DrainCommands())
            {
                if (c is StateChanged s)
                {
                    _ledger.Transition(s, null, _now);
                    _ledger.ObserveTransitionDuration(s.To, 0.0003);
                }
                else if (c is AcquireAddresses a)
                {
                    foreach (var spec in _config.Instances[a.Instance].Addresses)
                    {
                        _ledger.AddressAdded(spec.Interface[^1] - '0' + 2, spec.Address);
                    }
                }
            }
        }
        _daemon = new DaemonInfo("bench", 1, "/bench.conf", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(5));
        _snapshot = Collect();
    }

    [Benchmark]
    public StatusSnapshot Collect() =>
        StatusCollector.Collect(_config, _router, _ledger, _ => TrackScriptState.Idle, _daemon, _now);

    [Benchmark]
    public byte[] RenderMetrics() => MetricsPage.Render(_snapshot);

    [Benchmark]
    public byte[] RenderStatus() => StatusPage.Render(_snapshot);

    private sealed class BenchAddresses : IInterfaceAddresses
    {
        public IReadOnlyList<IPAddress> Addresses(string interfaceName, AddressFamily family) =>
            family == AddressFamily.InterNetwork ? [IPAddress.Parse($"192.168.{interfaceName[^1] - '0'}.1")] : [];
    }
}
