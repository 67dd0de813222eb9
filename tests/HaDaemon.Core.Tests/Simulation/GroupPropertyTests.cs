using FsCheck;
using FsCheck.Fluent;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Simulation;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Simulation.SimKit;

namespace HaDaemon.Core.Tests.Simulation;

/// <summary>
/// Election properties over generated groups of 2–8 routers, run through codec, virtual LAN and engine.
/// Case counts are bounded so the whole class stays within a few seconds.
/// </summary>
public class GroupPropertyTests
{
    private const int Cases = 100;

    private static void Check(Gen<GroupScenario> generator, Action<GroupScenario> property) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), Prop.ForAll(generator.ToArbitrary(), property));

    [Fact]
    public void Without_faults_each_vrid_converges_to_one_master_the_highest_priority_then_address()
    {
        Check(GroupScenario.Generator(syncGroup: false, faults: false), scenario =>
        {
            var sim = scenario.Build();
            sim.RunUntil(scenario.At(25));
            AssertConvergedToExpectedMasters(sim, scenario);
        });
    }

    [Fact]
    public void Sync_groups_without_faults_converge_with_both_members_on_the_same_master()
    {
        Check(GroupScenario.Generator(syncGroup: true, faults: false), scenario =>
        {
            var sim = scenario.Build();
            sim.RunUntil(scenario.At(25));
            AssertConvergedToExpectedMasters(sim, scenario);
            AssertGroupsMovedTogether(sim, scenario);
        });
    }

    [Fact]
    public void With_loss_and_partitions_split_brain_ends_within_one_master_down_interval_of_the_heal() =>
        CheckHealingAfterFaults(syncGroup: false);

    [Fact]
    public void Sync_groups_with_loss_and_partitions_heal_to_one_master_and_members_together() =>
        CheckHealingAfterFaults(syncGroup: true);

    private static void CheckHealingAfterFaults(bool syncGroup)
    {
        Check(GroupScenario.Generator(syncGroup, faults: true), scenario =>
        {
            var sim = scenario.Build();
            var end = scenario.FaultsEnd;
            sim.RunUntil(end + (scenario.Interval * 25));
            AssertNoLastingSplitBrain(sim, scenario, end);
            AssertConvergedToExpectedMasters(sim, scenario);
            if (syncGroup)
            {
                AssertGroupsMovedTogether(sim, scenario);
            }
        });
    }

    private static void AssertConvergedToExpectedMasters(Simulator sim, GroupScenario scenario)
    {
        for (var v = 0; v < scenario.Vrids; v++)
        {
            var vrid = GroupScenario.VridOf(v);
            var masters = sim.Masters(Lan, vrid).Select(m => m.Node).ToList();
            var acceptable = scenario.AcceptableMasters(v);
            if (!(masters.Count == 1 && acceptable.Contains(masters[0])))
            {
                Assert.Fail($"VRID {vrid}: masters [{string.Join(",", masters)}], expected one of {string.Join(",", acceptable)}\n{sim.Timeline}");
            }
            Assert.Equal([masters[0]], sim.HoldersOf(Vip(vrid)));
        }
    }

    /// <summary>Two masters may exist while the network is cut, but none may outlive the heal by a master-down interval.</summary>
    private static void AssertNoLastingSplitBrain(Simulator sim, GroupScenario scenario, Instant faultsEnd)
    {
        var limit = faultsEnd + scenario.LongestMasterDown;
        foreach (var overlap in sim.Timeline.MasterOverlaps())
        {
            if (!(overlap.Until <= limit))
            {
                Assert.Fail($"{overlap.VirtualRouter}: masters {overlap.Masters} from {overlap.From} until {overlap.Until}, faults ended {faultsEnd}\n{sim.Timeline}");
            }
        }
    }

    /// <summary>Every sync-group member of a router is in its group's state at the end.</summary>
    private static void AssertGroupsMovedTogether(Simulator sim, GroupScenario scenario)
    {
        foreach (var router in scenario.Routers)
        {
            var name = $"node{router.Host}";
            var states = Enumerable.Range(0, scenario.Vrids).Select(v => sim.StateOf(name, $"VI_{GroupScenario.VridOf(v)}")).Distinct().ToList();
            if (!(states.Count == 1))
            {
                Assert.Fail($"{name}: members in {string.Join(",", states)}\n{sim.Timeline}");
            }
        }
        // Also during the run: a router's members never stay split across a whole advert interval.
        var byNode = sim.Timeline.StateChanges().GroupBy(e => e.Node);
        foreach (var node in byNode)
        {
            var current = new Dictionary<string, string?>();
            Instant? splitSince = null;
            foreach (var e in node)
            {
                current[e.Instance!] = e.ToState;
                var split = current.Count == scenario.Vrids && current.Values.Distinct().Count() > 1;
                if (split && splitSince is null)
                {
                    splitSince = e.At;
                }
                else if (!split && splitSince is { } since)
                {
                    if (!(e.At - since < scenario.Interval))
            {
                Assert.Fail($"{node.Key}: members apart from {since} to {e.At}\n{sim.Timeline}");
            }
                    splitSince = null;
                }
            }
            Assert.Null(splitSince);
        }
    }
}
