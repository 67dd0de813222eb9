using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Simulation;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Simulation.SimKit;

namespace HaDaemon.Core.Tests.Simulation;

/// <summary>Classic keepalived situations played end to end through codec, virtual LAN and engine, with exact timings.</summary>
public class FailoverScenarioTests
{
    [Theory]
    [InlineData(VrrpVersion.V2, 100)]
    [InlineData(VrrpVersion.V3, 1)]
    [InlineData(VrrpVersion.V3, 100)]
    public void Killed_master_is_replaced_exactly_one_master_down_interval_after_its_last_advert(VrrpVersion version, int centiseconds)
    {
        var interval = Duration.FromCentiseconds(centiseconds);
        var sim = MasterAndBackup(version: version, interval: interval);
        var lastAdvert = sim.TrackAdverts();
        sim.StartAll();
        sim.RunUntil(At(10));
        Assert.Equal(VrrpState.Master, sim.StateOf("node1", "VI_1"));
        Assert.Equal(VrrpState.Backup, sim.StateOf("node2", "VI_1"));
        Assert.Equal(["node1"], sim.HoldersOf(Vip(51)));

        // Between two adverts, so that "the last received advert" is not the kill instant itself.
        var killAt = At(10) + (interval * 1) + Duration.FromMicroseconds(1);
        sim.At(killAt).Kill("node1");
        sim.RunUntil(At(20));

        var last = lastAdvert[("node2", Primary(1))];
        Assert.True(last < killAt);
        Assert.Equal(last + MasterDown(100, interval, version), sim.LastEntered("node2", VrrpState.Master));
        Assert.Equal(VrrpState.Master, sim.StateOf("node2", "VI_1"));
        Assert.Equal(["node2"], sim.HoldersOf(Vip(51)));
        Assert.Null(sim.StateOf("node1", "VI_1"));
    }

    [Fact]
    public void Graceful_stop_hands_over_after_the_skew_time_only()
    {
        var sim = MasterAndBackup();
        sim.StartAll();
        var stopAt = At(10.5);
        sim.At(stopAt).Stop("node1");
        sim.RunUntil(At(20));

        // Priority-0 advert at the stop instant (zero latency) ⇒ Master_Down_Timer := Skew_Time = 156/256 s.
        Assert.Equal(stopAt + Skew(100, Duration.FromSeconds(1L), VrrpVersion.V2), sim.LastEntered("node2", VrrpState.Master));
        Assert.Contains(sim.Timeline.StateChanges("node1"), e => e.ToState == "STOP" && e.At == stopAt);
        Assert.Equal(["node2"], sim.HoldersOf(Vip(51)));
    }

    [Fact]
    public void A_restarted_higher_priority_node_preempts_back_after_its_own_master_down_interval()
    {
        var sim = MasterAndBackup();
        sim.StartAll();
        sim.At(At(10.5)).Kill("node1");
        var restart = At(30.25);
        sim.At(restart).Start("node1");
        sim.RunUntil(At(60));

        // node1 restarts as BACKUP, discards node2's lower-priority adverts and lets its down timer run out.
        var back = sim.LastEntered("node1", VrrpState.Master);
        Assert.Equal(restart + MasterDown(200, Duration.FromSeconds(1L), VrrpVersion.V2), back);
        Assert.Equal(back, sim.LastEntered("node2", VrrpState.Backup));
        Assert.Equal(["node1"], sim.HoldersOf(Vip(51)));
        Assert.Empty(sim.Timeline.MasterOverlaps());
    }

    [Fact]
    public void Nopreempt_keeps_the_current_master_when_a_higher_priority_node_returns()
    {
        var sim = MasterAndBackup(preempt: false);
        sim.StartAll();
        sim.At(At(10.5)).Kill("node1");
        sim.At(At(30.25)).Start("node1");
        sim.RunUntil(At(60));

        Assert.Equal(VrrpState.Master, sim.StateOf("node2", "VI_1"));
        Assert.Equal(VrrpState.Backup, sim.StateOf("node1", "VI_1"));
        Assert.Equal(["node2"], sim.HoldersOf(Vip(51)));
    }

    [Fact]
    public void A_partition_causes_split_brain_that_ends_at_the_first_advert_after_the_heal()
    {
        var sim = MasterAndBackup();
        var received = new List<(Instant At, string Node, byte Priority)>();
        sim.AdvertObserved += (at, node, advert) => received.Add((at, node, advert.Advert.Priority));
        sim.StartAll();
        var cut = At(10.5);
        var heal = At(20.5);
        sim.Partition(["node1"], ["node2"], cut, heal);
        sim.RunUntil(At(30));

        var overlap = Assert.Single(sim.Timeline.MasterOverlaps());
        Assert.Equal("node1/VI_1,node2/VI_1", overlap.Masters);
        // node2 becomes master one master-down interval after node1's last advert before the cut; node1's first
        // advert after the heal sends it back (node1's lower-priority answer would come later, at node2's next advert).
        var lastBefore = received.Last(r => r.Node == "node2" && r.At < cut).At;
        var firstAfter = received.First(r => r.Node == "node2" && r.At >= heal).At;
        Assert.Equal(lastBefore + MasterDown(100, Duration.FromSeconds(1L), VrrpVersion.V2), overlap.From);
        Assert.Equal(firstAfter, overlap.Until);
        Assert.Equal(VrrpState.Backup, sim.StateOf("node2", "VI_1"));
        Assert.Equal(["node1"], sim.HoldersOf(Vip(51)));
    }

    [Fact]
    public void A_one_way_partition_leaves_the_deaf_backup_master_until_it_heals()
    {
        var sim = MasterAndBackup();
        sim.StartAll();
        var fromNode2 = new List<Instant>();
        sim.AdvertObserved += (at, node, advert) =>
        {
            if (node == "node1")
            {
                fromNode2.Add(at);
            }
        };
        // node2 still reaches node1, but not the reverse: node2 takes over; node1 answers each of node2's lower-priority
        // adverts with its own ("forcing new election"), which is lost until the cut heals.
        var heal = At(20.5);
        sim.At(At(10.5)).Partition(["node1"], ["node2"], heal - At(10.5), oneWay: true);
        sim.RunUntil(At(30));

        var overlap = Assert.Single(sim.Timeline.MasterOverlaps());
        Assert.Equal(fromNode2.First(t => t >= heal), overlap.Until);
        Assert.Equal(["node1"], sim.HoldersOf(Vip(51)));
    }

    [Fact]
    public void A_failing_weight_zero_script_faults_the_master_and_recovery_needs_rise_successes()
    {
        var primary1 = Primary(1);
        var instance1 = Instance("VI_1", 51, 200, primary1) with { Trackers = [new TrackedItem(TrackerKind.Script, "chk")] };
        var sim = new Simulator(new Random(1));
        sim.AddNode("node1", new RouterSettings
        {
            Instances = [instance1],
            Scripts = [new ScriptSettings("chk", Rise: 2, Fall: 2)],
        }, new SimInterface(Eth, Lan, primary1));
        sim.AddRouter(2, 100);
        sim.ScriptOutcome("node1", "chk", true);
        sim.StartAll();
        sim.At(At(20.5)).ScriptOutcome("node1", "chk", false);
        sim.At(At(40.5)).ScriptOutcome("node1", "chk", true);
        sim.RunUntil(At(60));

        var node1 = sim.Timeline.StateChanges("node1").Select(e => (e.ToState, e.At)).ToList();
        // The script runs every second from the start. Fall 2: the failing runs at 21 s and 22 s fault the instance;
        // rise 2: the passing runs at 41 s and 42 s clear it, and node1 preempts one master-down interval later.
        Assert.Equal([("FAULT", At(0)), ("BACKUP", At(0)), ("MASTER", At(0) + MasterDown(200, Duration.FromSeconds(1L), VrrpVersion.V2)),
            ("FAULT", At(22)), ("BACKUP", At(42)), ("MASTER", At(42) + MasterDown(200, Duration.FromSeconds(1L), VrrpVersion.V2))], node1);
        Assert.Equal(At(22) + Skew(100, Duration.FromSeconds(1L), VrrpVersion.V2), sim.Timeline.StateChanges("node2")
            .First(e => e.ToState == "MASTER").At);
        Assert.Equal(VrrpState.Backup, sim.StateOf("node2", "VI_1"));
    }

    [Fact]
    public void Link_down_on_the_master_moves_the_addresses_and_link_up_brings_them_back()
    {
        var sim = MasterAndBackup();
        sim.StartAll();
        sim.At(At(10.5)).LinkDown("node1", Eth);
        sim.At(At(20.5)).LinkUp("node1", Eth);
        sim.RunUntil(At(40));

        Assert.Contains(sim.Timeline.StateChanges("node1"), e => e.ToState == "FAULT" && e.At == At(10.5));
        Assert.Equal(VrrpState.Master, sim.StateOf("node1", "VI_1"));
        Assert.Equal(["node1"], sim.HoldersOf(Vip(51)));
    }
}
