using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Simulation;
using static HaDaemon.Core.Tests.Simulation.SimKit;

namespace HaDaemon.Core.Tests.Simulation;

/// <summary>auth_type AH through the real encoder, decoder and validator on the simulated LAN.</summary>
public class AuthenticationHeaderScenarioTests
{
    private static Simulator Pair(string password1 = "secret12", string password2 = "secret12", bool secondUsesAh = true)
    {
        var sim = new Simulator(new Random(1));
        foreach (var (host, priority, password, ah) in new[] { (1, (byte)200, password1, true), (2, (byte)100, password2, secondUsesAh) })
        {
            var settings = Instance("VI_1", 51, priority, Primary(host)) with
            {
                AuthType = ah ? VrrpAuthType.AuthenticationHeader : VrrpAuthType.Password,
                AuthPassword = password,
            };
            sim.AddNode($"node{host}", new RouterSettings { Instances = [settings] }, new SimInterface(Eth, Lan, Primary(host)));
        }
        return sim;
    }

    private static InstanceStatistics Stats(Simulator sim, string node) => sim.Node(node).Router!.GetStatistics("VI_1")!;

    [Fact]
    public void Two_AH_routers_elect_one_master_and_the_backup_hears_every_advert()
    {
        var sim = Pair();
        sim.StartAll();
        sim.RunUntil(At(10));

        Assert.Equal(VrrpState.Master, sim.StateOf("node1", "VI_1"));
        Assert.Equal(VrrpState.Backup, sim.StateOf("node2", "VI_1"));
        Assert.Equal(0, sim.AdvertsRejectedByCodec);
        InstanceStatistics backup = Stats(sim, "node2");
        Assert.True(backup.AdvertsReceived >= 5);
        Assert.Equal(0, backup.Rejected(AdvertRejection.AuthHeaderIcvMismatch));
        Assert.Equal(0, backup.Rejected(AdvertRejection.AuthHeaderReplay));
    }

    [Fact]
    public void Different_keys_mean_no_advert_is_accepted_and_both_become_master()
    {
        var sim = Pair(password2: "other");
        sim.StartAll();
        sim.RunUntil(At(10));

        Assert.Equal(VrrpState.Master, sim.StateOf("node1", "VI_1"));
        Assert.Equal(VrrpState.Master, sim.StateOf("node2", "VI_1"));
        Assert.True(Stats(sim, "node2").Rejected(AdvertRejection.AuthHeaderIcvMismatch) >= 5);
        Assert.Equal(0, Stats(sim, "node2").AdvertsReceived);
    }

    [Fact]
    public void An_AH_router_drops_and_counts_adverts_without_AH()
    {
        var sim = Pair(secondUsesAh: false);
        sim.StartAll();
        sim.RunUntil(At(10));

        Assert.True(Stats(sim, "node1").Rejected(AdvertRejection.AuthHeaderMismatch) >= 1);
        Assert.True(Stats(sim, "node2").Rejected(AdvertRejection.AuthHeaderMismatch) >= 5);
        Assert.Equal(VrrpState.Master, sim.StateOf("node2", "VI_1"));
    }

    [Fact]
    public void After_a_failover_the_new_master_continues_the_sequence_and_the_restarted_node_takes_over_again()
    {
        var sim = Pair();
        sim.StartAll();
        sim.At(At(10)).Kill("node1");
        sim.At(At(20)).Start("node1");
        sim.RunUntil(At(40));

        // node1 came back with its counter at 0: it only wins back once it has heard node2's newer numbers.
        Assert.Equal(VrrpState.Master, sim.StateOf("node1", "VI_1"));
        Assert.Equal(VrrpState.Backup, sim.StateOf("node2", "VI_1"));
        Assert.Equal(["node1"], sim.HoldersOf(Vip(51)));
        var node2 = Stats(sim, "node2");
        Assert.True(node2.AdvertsReceived > 10);
    }

    [Fact]
    public void A_node_restarted_faster_than_the_down_timer_is_a_replay_until_the_group_resyncs()
    {
        var sim = Pair();
        sim.StartAll();
        // node1 advertises at 3.21875 + k s. Killed and restarted at once, 0.03 s after an advert: its down timer
        // (3.21875 s) ends before node2's (3.609375 s after that advert), so it advertises from 1 while node2's counter
        // is far above: replays, until node2 times out, advertises newer numbers and node1 syncs above them.
        sim.At(At(10.25)).Kill("node1");
        sim.At(At(10.25)).Start("node1");
        sim.RunUntil(At(40));

        Assert.True(Stats(sim, "node2").Rejected(AdvertRejection.AuthHeaderReplay) >= 1);
        Assert.Equal(VrrpState.Master, sim.StateOf("node1", "VI_1"));
        Assert.Equal(VrrpState.Backup, sim.StateOf("node2", "VI_1"));
        Assert.Equal(["node1"], sim.HoldersOf(Vip(51)));
    }
}
