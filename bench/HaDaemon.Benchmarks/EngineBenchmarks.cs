using System.Net;
using BenchmarkDotNet.Attributes;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Benchmarks;

/// <summary>
/// Engine cost of the two steady-state events: a backup accepting the master's advert, and a master's advert timer.
/// <see cref="Instances"/> instances share the router (keepalived configs with many VRIDs on one node).
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private static readonly IPAddress Master = IPAddress.Parse("192.168.200.9");
    private static readonly IPAddress Group = IPAddress.Parse("224.0.0.18");

    private VrrpRouter _backup = null!;
    private VrrpRouter _master = null!;
    private ReceivedAdvert _advert = null!;
    private Instant _now;

    [Params(1, 100)]
    public int Instances { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var instances = Enumerable.Range(1, Instances).Select(i => new InstanceSettings
        {
            Name = $"VI_{i}",
            VirtualRouterId = (byte)i,
            Interface = "eth0",
            Priority = 100,
            Version = VrrpVersion.V3,
            AdvertInterval = Duration.FromCentiseconds(10),
            VirtualAddresses = [IPAddress.Parse($"10.0.{i}.1")],
            PrimaryAddress = IPAddress.Parse("192.168.200.1"),
        }).ToArray();
        var settings = new RouterSettings { Instances = [.. instances] };
        _now = Instant.Zero + Duration.FromSeconds(1L);
        _backup = new VrrpRouter(settings);
        _backup.Start(_now);
        _backup.DrainCommands();
        _master = new VrrpRouter(settings);
        _master.Start(_now);
        _master.HandleTimeout(_master.NextDeadline);
        _master.DrainCommands();
        _advert = new ReceivedAdvert(new VrrpAdvert
        {
            Version = VrrpVersion.V3,
            VirtualRouterId = 1,
            Priority = 200,
            AdvertInterval = 10,
            Addresses = [IPAddress.Parse("10.0.1.1")],
        }, Master, Group, 255, "eth0", ChecksumMode.PseudoHeader);
    }

    /// <summary>A backup accepting an advert: checks, timer reset, statistics.</summary>
    [Benchmark]
    public AdvertResult BackupAcceptsAdvert()
    {
        _now += Duration.FromCentiseconds(10);
        return _backup.HandleAdvert(_now, _advert);
    }

    /// <summary>A master's advert timer firing: build and queue one advert, find the next deadline.</summary>
    [Benchmark]
    public Instant MasterAdvertTick()
    {
        var due = _master.NextDeadline;
        _master.HandleTimeout(due);
        while (_master.TryPollCommand(out _))
        {
        }
        return _master.NextDeadline;
    }
}
