using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Simulation;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Simulation.SimKit;

namespace HaDaemon.Core.Tests.Simulation;

/// <summary>vrrp_startup_delay / vrrp_delay_after_boot on a simulated LAN: a delayed higher-priority node stays quiet.</summary>
public class StartupDelayScenarioTests
{
    private static readonly Duration Interval = Duration.FromSeconds(1L);

    /// <summary>node1 (priority 200, delayed by <paramref name="settings"/>) and node2 (priority 100, not delayed).</summary>
    private static Simulator Lan(Func<RouterSettings, RouterSettings> settings)
    {
        var sim = new Simulator(new Random(1));
        var node1 = new RouterSettings { Instances = [Instance("VI_1", 51, 200, Primary(1))] };
        sim.AddNode("node1", settings(node1), new SimInterface(Eth, SimKit.Lan, Primary(1)));
        sim.AddRouter(2, 100);
        return sim;
    }

    private static List<Instant> AdvertsFrom(Simulator sim, IPAddress source)
    {
        var sent = new List<Instant>();
        sim.AdvertObserved += (at, _, advert) =>
        {
            if (advert.Source.Equals(source))
            {
                sent.Add(at);
            }
        };
        return sent;
    }

    [Fact]
    public void A_delayed_node_sends_nothing_until_the_delay_plus_its_master_down_interval_then_preempts()
    {
        var sim = Lan(s => s with { StartupDelay = Duration.FromSeconds(5L) });
        var fromNode1 = AdvertsFrom(sim, Primary(1));
        sim.StartAll();
        sim.RunUntil(At(20));

        // node2 is not delayed: MASTER after its own Master_Down_Interval.
        Assert.Equal(Instant.Zero + MasterDown(100, Interval, VrrpVersion.V2), sim.Timeline.StateChanges("node2", "VI_1")
            .First(e => e.ToState == "MASTER").At);
        // node1 hears node2 (lower priority, preempt: ignored), so its timer runs out at 5 s + its own interval.
        var takeover = At(5) + MasterDown(200, Interval, VrrpVersion.V2);
        Assert.Equal(takeover, fromNode1[0]);
        Assert.Equal(takeover, sim.LastEntered("node1", VrrpState.Master));
        Assert.Equal(VrrpState.Backup, sim.StateOf("node2", "VI_1"));
        Assert.Equal(["node1"], sim.HoldersOf(Vip(51)));
    }

    [Fact]
    public void Delay_after_boot_delays_the_first_start_but_not_a_restart_after_the_boot_window()
    {
        var sim = Lan(s => s with { DelayAfterBoot = Duration.FromSeconds(5L) });
        var fromNode1 = AdvertsFrom(sim, Primary(1));
        sim.StartAll();
        sim.RunUntil(At(12));
        Assert.Equal(At(5) + MasterDown(200, Interval, VrrpVersion.V2), fromNode1[0]);

        sim.At(At(12.5)).Kill("node1");
        sim.At(At(20)).Start("node1");
        sim.RunUntil(At(30));
        // Booted at 0, restarted at 20: the 5 s after boot are long gone.
        Assert.Equal(At(20) + MasterDown(200, Interval, VrrpVersion.V2), sim.LastEntered("node1", VrrpState.Master));
    }
}
