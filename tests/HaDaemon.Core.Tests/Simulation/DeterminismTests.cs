using HaDaemon.Core.Packets;
using HaDaemon.Core.Simulation;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Simulation.SimKit;

namespace HaDaemon.Core.Tests.Simulation;

public class DeterminismTests
{
    /// <summary>A busy scenario: five routers, two VRIDs, loss, jitter, duplication, reordering, a partition, a kill, a restart.</summary>
    private static string Run(int seed)
    {
        var scenario = new GroupScenario(
            [
                new RouterSpec(1, [200, 100], 0), new RouterSpec(2, [150, 150], 0), new RouterSpec(3, [150, 200], 1),
                new RouterSpec(4, [100, 254], 2), new RouterSpec(5, [50, 254], 0),
            ],
            Vrids: 2, SyncGroup: false, VrrpVersion.V3, IntervalCentiseconds: 10, Loss: 0.2,
            [new PartitionSpec([0, 1], [2, 3, 4], 20, 15, OneWay: false), new PartitionSpec([4], [0], 50, 10, OneWay: true)],
            seed);
        var sim = scenario.Build();
        sim.At(scenario.At(5)).SetFaults(Lan, new LinkFaults
        {
            Loss = 0.2,
            Jitter = Duration.FromMilliseconds(30),
            Duplicate = 0.1,
            Reorder = 0.1,
        });
        sim.At(scenario.At(70)).Kill("node1").SetFaults(Lan, LinkFaults.None);
        sim.At(scenario.At(90)).Start("node1");
        sim.RunUntil(scenario.At(150));
        Assert.True(sim.Network.Counters.Lost > 0 && sim.Network.Counters.Duplicated > 0 && sim.Network.Counters.Reordered > 0);
        return sim.Timeline.ToString();
    }

    [Fact]
    public void The_same_seed_gives_an_identical_timeline()
    {
        var first = Run(42);
        Assert.Equal(first, Run(42));
        Assert.Contains("MASTER", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_seed_gives_another_timeline()
    {
        Assert.NotEqual(Run(42), Run(43));
    }
}
