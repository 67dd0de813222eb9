using System.Collections.Immutable;
using System.Net;
using BenchmarkDotNet.Attributes;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Simulation;
using HaDaemon.Core.Time;

namespace HaDaemon.Benchmarks;

/// <summary>
/// One simulated second of a large deployment: 2 nodes × 1000 VRRPv3 instances at 0.01 s adverts, spread over 4
/// segments (250 VRIDs each, the per-segment VRID space being one byte). node1 (priority 200) is master of all of
/// them, so a second carries 100,000 adverts, each encoded, carried, decoded and handled by the real engine.
/// The setup runs 2 s first, so every measured second is the steady state.
/// </summary>
[MemoryDiagnoser]
public class SimulatorBenchmarks
{
    private const int Segments = 4;
    private const int VridsPerSegment = 250;

    private Simulator _steady = null!;
    private Simulator _faulty = null!;
    private Simulator _single = null!;

    [GlobalSetup]
    public void Setup()
    {
        _steady = Build(LinkFaults.None);
        // 1 % loss, 1 ms jitter, 1 % duplicates: exercises the fault draws and an occasional late takeover attempt.
        _faulty = Build(new LinkFaults { Loss = 0.01, Jitter = Duration.FromMilliseconds(1), Duplicate = 0.01 });
        _single = Build(LinkFaults.None, segments: 1, vridsPerSegment: 1);
    }

    private static Simulator Build(LinkFaults faults, int segments = Segments, int vridsPerSegment = VridsPerSegment)
    {
        var sim = new Simulator(new Random(1));
        for (var s = 0; s < segments; s++)
        {
            sim.AddSegment($"lan{s}", faults);
        }
        foreach (var (host, priority) in new[] { (1, (byte)200), (2, (byte)100) })
        {
            var primaries = Enumerable.Range(0, segments).Select(s => new IPAddress(new byte[] { 10, (byte)s, 0, (byte)host })).ToArray();
            var instances = Enumerable.Range(0, segments * vridsPerSegment).Select(i =>
            {
                var segment = i / vridsPerSegment;
                var vrid = (byte)((i % vridsPerSegment) + 1);
                return new InstanceSettings
                {
                    Name = $"VI_{segment}_{vrid}",
                    VirtualRouterId = vrid,
                    Interface = $"eth{segment}",
                    Priority = priority,
                    Version = VrrpVersion.V3,
                    AdvertInterval = Duration.FromCentiseconds(1),
                    VirtualAddresses = [new IPAddress(new byte[] { 172, (byte)(16 + segment), vrid, 1 })],
                    PrimaryAddress = primaries[segment],
                };
            }).ToImmutableArray();
            sim.AddNode($"node{host}", new RouterSettings { Instances = instances },
                [.. Enumerable.Range(0, segments).Select(s => new SimInterface($"eth{s}", $"lan{s}", primaries[s]))]);
        }
        sim.StartAll();
        sim.RunFor(Duration.FromSeconds(2L));
        return sim;
    }

    [Benchmark(Description = "1 s, 2 nodes x 1000 instances @ 10 ms, no faults")]
    public long SteadySecond()
    {
        _steady.RunFor(Duration.FromSeconds(1L));
        return _steady.AdvertsDelivered;
    }

    [Benchmark(Description = "1 s, 2 nodes x 1000 instances @ 10 ms, 1% loss + jitter + dup")]
    public long FaultySecond()
    {
        _faulty.RunFor(Duration.FromSeconds(1L));
        return _faulty.AdvertsDelivered;
    }

    /// <summary>
    /// The same 100,000 adverts from a single instance pair (1000 simulated seconds): the per-advert cost of codec,
    /// virtual LAN and engine without any per-router scan over many instances.
    /// </summary>
    [Benchmark(Description = "1000 s, 2 nodes x 1 instance @ 10 ms (same 100k adverts)")]
    public long SingleInstanceSameAdverts()
    {
        _single.RunFor(Duration.FromSeconds(1000L));
        return _single.AdvertsDelivered;
    }
}
