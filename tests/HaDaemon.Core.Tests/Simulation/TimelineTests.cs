using HaDaemon.Core.Simulation;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Simulation.SimKit;

namespace HaDaemon.Core.Tests.Simulation;

public class TimelineTests
{
    private static TimelineEntry State(double at, string node, string to, string vr = "lan/IPv4/vrid 1") =>
        new(At(at), TimelineKind.StateChange, node, "VI_1", vr, "BACKUP", to, "", 100, "");

    [Fact]
    public void Master_overlaps_skip_same_instant_handovers_and_report_open_ones_as_never_ending()
    {
        var timeline = new Timeline();
        timeline.Add(State(1, "a", "MASTER"));
        timeline.Add(State(2, "b", "MASTER"));          // handover within one instant: not an overlap
        timeline.Add(State(2, "a", "BACKUP"));
        timeline.Add(State(5, "a", "MASTER"));          // a real overlap 5 → 7, joined by c at 6
        timeline.Add(State(6, "c", "MASTER"));
        timeline.Add(State(6.5, "b", "KILLED"));
        timeline.Add(State(7, "a", "BACKUP"));
        timeline.Add(State(8, "x", "MASTER", "lan/IPv4/vrid 2"));
        timeline.Add(State(9, "y", "MASTER", "lan/IPv4/vrid 2"));

        Assert.Equal(
            [
                new MasterOverlap("lan/IPv4/vrid 1", At(5), At(7), "a/VI_1,b/VI_1,c/VI_1"),
                new MasterOverlap("lan/IPv4/vrid 2", At(9), Instant.Never, "x/VI_1,y/VI_1"),
            ],
            timeline.MasterOverlaps());
        Assert.Equal(Duration.FromSeconds(2L), timeline.MasterOverlaps()[0].Length);
    }

    [Fact]
    public void A_simulated_graceful_stop_prints_as_the_cli_will_show_it()
    {
        var sim = MasterAndBackup();
        sim.StartAll();
        sim.At(At(10.5)).Stop("node1");
        sim.RunUntil(At(12));

        var lines = sim.Timeline.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("10.500000s  node1    node (stopping)", lines);
        Assert.Contains("10.500000s  node1    VI_1 MASTER -> STOP (Shutdown) prio 200 | 192.168.51.100@-", lines);
        Assert.Contains("11.109375s  node2    VI_1 BACKUP -> MASTER (MasterDownTimerExpired) prio 100 | 192.168.51.100@node2", lines);
    }
}
