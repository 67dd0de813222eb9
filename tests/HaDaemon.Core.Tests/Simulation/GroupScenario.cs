using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Simulation;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Simulation.SimKit;

namespace HaDaemon.Core.Tests.Simulation;

/// <summary>One router of a generated group: its host number (primary address 10.0.x.y), a priority per VRID, a start delay.</summary>
public sealed record RouterSpec(int Host, byte[] Priorities, int StartDelayIntervals)
{
    public override string ToString() => $"node{Host}(prio {string.Join("/", Priorities)}, start +{StartDelayIntervals}I)";
}

/// <summary>A time-bounded cut between node indexes, in advert intervals.</summary>
public sealed record PartitionSpec(int[] SideA, int[] SideB, int FromIntervals, int LengthIntervals, bool OneWay)
{
    public override string ToString() =>
        $"[{string.Join(",", SideA)}]{(OneWay ? "->" : "<->")}[{string.Join(",", SideB)}]@{FromIntervals}+{LengthIntervals}I";
}

/// <summary>
/// A generated VRRP group on one LAN: 2–8 routers, 1–3 VRIDs (or two VRIDs in a sync group on every router), random
/// priorities with frequent ties, at most one address owner per VRID, plus optional loss/partitions and a seed.
/// </summary>
public sealed record GroupScenario(
    RouterSpec[] Routers,
    int Vrids,
    bool SyncGroup,
    VrrpVersion Version,
    int IntervalCentiseconds,
    double Loss,
    PartitionSpec[] Partitions,
    int Seed)
{
    public Duration Interval => Duration.FromCentiseconds(IntervalCentiseconds);

    /// <summary>When every fault is over (loss lifted, last partition healed).</summary>
    public Instant FaultsEnd => At(Partitions.Select(p => p.FromIntervals + p.LengthIntervals).DefaultIfEmpty(0).Max()
        + (Loss > 0 ? FaultWindowIntervals : 0));

    public const int FaultWindowIntervals = 40;

    public Instant At(int intervals) => Instant.Zero + (Interval * intervals);

    /// <summary>The longest Master_Down_Interval any router can have (lowest priority ⇒ largest skew).</summary>
    public Duration LongestMasterDown => MasterDown(Routers.SelectMany(r => r.Priorities).Min(), Interval, Version);

    /// <summary>
    /// Who may hold VRID <paramref name="vridIndex"/> once the group has settled: always a router of the highest
    /// priority. Among equal-priority routers only simultaneous masters are decided by address (RFC 5798 §6.4.3); a
    /// BACKUP accepts an advert of its own priority (§6.4.2) and never preempts it. So without faults the winner is the
    /// highest address among the top-priority routers that started first (their down timers expire together); after
    /// faults any top-priority router may legitimately keep the role.
    /// </summary>
    public IReadOnlyList<string> AcceptableMasters(int vridIndex)
    {
        var top = Routers.Max(r => r.Priorities[vridIndex]);
        var candidates = Routers.Where(r => r.Priorities[vridIndex] == top).ToList();
        if (Loss == 0 && Partitions.Length == 0)
        {
            var firstStart = candidates.Min(r => r.StartDelayIntervals);
            candidates = [candidates.Where(r => r.StartDelayIntervals == firstStart).MaxBy(r => AddressKey(Primary(r.Host)))!];
        }
        return candidates.Select(r => $"node{r.Host}").ToList();
    }

    public static byte VridOf(int vridIndex) => (byte)(vridIndex + 1);

    private static uint AddressKey(IPAddress address) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    /// <summary>Builds the simulator with every node started at its delay and every fault scheduled.</summary>
    public Simulator Build()
    {
        var sim = new Simulator(new Random(Seed));
        sim.AddSegment(Lan);
        foreach (var router in Routers)
        {
            var primary = Primary(router.Host);
            var instances = Enumerable.Range(0, Vrids)
                .Select(v => Instance($"VI_{VridOf(v)}", VridOf(v), router.Priorities[v], primary, Version, Interval))
                .ToImmutableArray();
            var settings = new RouterSettings
            {
                Instances = instances,
                SyncGroups = SyncGroup ? [new SyncGroupSettings { Name = "G", Members = [.. instances.Select(i => i.Name)] }] : [],
            };
            var name = $"node{router.Host}";
            sim.AddNode(name, settings, new SimInterface(Eth, Lan, primary));
            sim.At(At(router.StartDelayIntervals)).Start(name);
        }
        if (Loss > 0)
        {
            sim.At(Instant.Zero).SetLoss(Loss);
            sim.At(At(FaultWindowIntervals)).SetLoss(0);
        }
        foreach (var p in Partitions)
        {
            sim.Partition(p.SideA.Select(i => $"node{Routers[i].Host}"), p.SideB.Select(i => $"node{Routers[i].Host}"),
                At(p.FromIntervals), At(p.FromIntervals + p.LengthIntervals), p.OneWay);
        }
        return sim;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Version} {IntervalCentiseconds}cs {(SyncGroup ? "sync " : "")}{Vrids} vrid(s), loss {Loss:0.##}, seed {Seed}: " +
        $"{string.Join(" ", Routers.Select(r => r.ToString()))} partitions {string.Join(" ", Partitions.Select(p => p.ToString()))}");

    // ------------------------------------------------------------------ generators

    /// <summary>Priorities collide often (ties exercise the address tie-break).</summary>
    private static readonly Gen<byte> Priority =
        Gen.Frequency((3, Gen.Choose(1, 254)), (2, Gen.Elements(50, 100, 150, 254))).Select(p => (byte)p);

    public static Gen<GroupScenario> Generator(bool syncGroup, bool faults) =>
        from n in Gen.Choose(2, 8)
        from hosts in Gen.Shuffle(Enumerable.Range(1, 600))
        from vrids in syncGroup ? Gen.Constant(2) : Gen.Choose(1, 3)
        from priorities in Gen.ArrayOf(Gen.ArrayOf(Priority, syncGroup ? 1 : vrids), n)
        from owners in Gen.ArrayOf(Gen.Frequency((5, Gen.Constant(-1)), (1, Gen.Choose(0, n - 1))), vrids)
        from delays in Gen.ArrayOf(Gen.Choose(0, 5), n)
        from timing in Gen.Elements((VrrpVersion.V2, 100), (VrrpVersion.V3, 100), (VrrpVersion.V3, 10), (VrrpVersion.V3, 1))
        from loss in faults ? Gen.Elements(0.0, 0.05, 0.2, 0.5) : Gen.Constant(0.0)
        from partitionCount in faults ? Gen.Choose(0, 3) : Gen.Constant(0)
        from partitions in Gen.ArrayOf(PartitionGen(n), partitionCount)
        from seed in Gen.Choose(0, int.MaxValue)
        select new GroupScenario(
            Enumerable.Range(0, n).Select(i => new RouterSpec(hosts[i],
                // In a sync group both instances of a router share its priority, and an owner owns both VRIDs.
                Enumerable.Range(0, vrids).Select(v => owners[syncGroup ? 0 : v] == i ? (byte)255 : priorities[i][syncGroup ? 0 : v]).ToArray(),
                delays[i])).ToArray(),
            vrids, syncGroup, timing.Item1, timing.Item2, loss, partitions, seed);

    private static Gen<PartitionSpec> PartitionGen(int n) =>
        from order in Gen.Shuffle(Enumerable.Range(0, n))
        from cut in Gen.Choose(1, n - 1)
        from start in Gen.Choose(5, 30)
        from length in Gen.Choose(1, 15)
        from oneWay in Gen.Elements(false, false, true)
        select new PartitionSpec(order[..cut].Order().ToArray(), order[cut..].Order().ToArray(), start, length, oneWay);
}
