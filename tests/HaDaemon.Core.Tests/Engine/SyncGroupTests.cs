using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Engine.EngineKit;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>keepalived.md §2.11: members move together; FAULT spreads; one group notify per group transition.</summary>
public class SyncGroupTests
{
    private static RouterSettings Grouped(SyncGroupSettings? group = null, params InstanceSettings[] members)
    {
        if (members.Length == 0)
            members = [Instance("A", vrid: 1), Instance("B", vrid: 2) with { VirtualAddresses = [System.Net.IPAddress.Parse("192.168.200.101")] }];
        return Settings(members) with
        {
            SyncGroups = [group ?? new SyncGroupSettings { Name = "G", Members = [.. members.Select(m => m.Name)] }],
        };
    }

    private static List<Notify> GroupNotifies(IEnumerable<EngineCommand> cmds) =>
        cmds.OfType<Notify>().Where(n => n.Scope == NotifyScope.Group).ToList();

    [Fact]
    public void Members_become_master_together_and_the_group_notifies_once()
    {
        var r = new VrrpRouter(Grouped());
        r.Start(T0);
        var start = r.Drain();
        Assert.Equal(NotifyEvent.Backup, Assert.Single(GroupNotifies(start)).Event);
        r.HandleTimeout(r.NextDeadline);
        var cmds = r.Drain();
        Assert.Equal((VrrpState.Master, VrrpState.Master), (r.State("A"), r.State("B")));
        var group = Assert.Single(GroupNotifies(cmds));
        Assert.Equal((NotifyEvent.Master, (byte)0), (group.Event, group.Priority));
        Assert.Equal(2, cmds.OfType<Notify>().Count(n => n is { Scope: NotifyScope.Instance, Event: NotifyEvent.Master }));
        Assert.Equal(VrrpState.Master, r.SyncGroups.Single().State);
    }

    [Fact]
    public void A_member_wanting_master_waits_while_another_member_hears_a_better_master()
    {
        var r = new VrrpRouter(Grouped());
        r.Start(T0);
        // B keeps hearing a priority-200 master on VRID 2; A hears nobody on VRID 1.
        for (var t = T0; t < T0 + Duration.FromSeconds(30L); t += Duration.FromSeconds(1L))
        {
            r.HandleAdvert(t, From("192.168.200.9", 200, vrid: 2, addresses: [System.Net.IPAddress.Parse("192.168.200.101")]));
            r.HandleTimeout(t);
        }
        Assert.Equal((VrrpState.Backup, VrrpState.Backup), (r.State("A"), r.State("B")));
        Assert.Equal(VrrpState.Master, r.Status("A").WantState);
        Assert.Empty(r.Drain().OfType<SendAdvert>());
        // The better master stops: now everyone wants MASTER and they go together.
        r.HandleTimeout(T0 + Duration.FromSeconds(40L));
        Assert.Equal((VrrpState.Master, VrrpState.Master), (r.State("A"), r.State("B")));
    }

    [Fact]
    public void One_member_faulting_puts_the_whole_group_in_fault_and_recovery_brings_it_back()
    {
        var a = Instance("A", vrid: 1) with { Trackers = [new TrackedItem(TrackerKind.Interface, "eth1")] };
        var b = Instance("B", vrid: 2) with { VirtualAddresses = [System.Net.IPAddress.Parse("192.168.200.101")] };
        var r = new VrrpRouter(Grouped(null, a, b));
        r.Start(T0);
        r.HandleTimeout(r.NextDeadline);
        Assert.Equal((VrrpState.Master, VrrpState.Master), (r.State("A"), r.State("B")));
        r.Drain();

        var t = T0 + Duration.FromSeconds(10L);
        r.InterfaceState(t, "eth1", false);
        var cmds = r.Drain();
        Assert.Equal((VrrpState.Fault, VrrpState.Fault), (r.State("A"), r.State("B")));
        // Both masters announce priority 0 and release their addresses.
        Assert.Equal(2, cmds.OfType<SendAdvert>().Count(s => s.Advert.Priority == 0));
        Assert.Equal(2, cmds.OfType<ReleaseAddresses>().Count);
        Assert.Equal(NotifyEvent.Fault, Assert.Single(GroupNotifies(cmds)).Event);

        r.InterfaceState(t + Duration.FromSeconds(1L), "eth1", true);
        cmds = r.Drain();
        Assert.Equal((VrrpState.Backup, VrrpState.Backup), (r.State("A"), r.State("B")));
        Assert.Equal(NotifyEvent.Backup, Assert.Single(GroupNotifies(cmds)).Event);
        r.HandleTimeout(r.NextDeadline);
        Assert.Equal((VrrpState.Master, VrrpState.Master), (r.State("A"), r.State("B")));
    }

    [Fact]
    public void A_member_yielding_to_a_better_master_takes_the_group_to_backup()
    {
        var r = new VrrpRouter(Grouped());
        r.Start(T0);
        r.HandleTimeout(r.NextDeadline);
        r.Drain();
        r.HandleAdvert(T0 + Duration.FromSeconds(10L), From("192.168.200.9", 200, vrid: 1));
        var cmds = r.Drain();
        Assert.Equal((VrrpState.Backup, VrrpState.Backup), (r.State("A"), r.State("B")));
        Assert.Equal(NotifyEvent.Backup, Assert.Single(GroupNotifies(cmds)).Event);
        Assert.Equal(2, cmds.OfType<ReleaseAddresses>().Count);
    }

    [Fact]
    public void Group_trackers_apply_to_every_member()
    {
        var group = new SyncGroupSettings
        {
            Name = "G",
            Members = ["A", "B"],
            Trackers = [new TrackedItem(TrackerKind.Script, "chk")],
        };
        var r = new VrrpRouter(Grouped(group) with { Scripts = [new ScriptSettings("chk")] });
        r.Start(T0);
        r.ScriptResult(T0, "chk", true);
        Assert.Equal((VrrpState.Backup, VrrpState.Backup), (r.State("A"), r.State("B")));
        r.ScriptResult(T0 + Duration.FromSeconds(1L), "chk", false);
        Assert.Equal((VrrpState.Fault, VrrpState.Fault), (r.State("A"), r.State("B")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Weighted_member_trackers_are_ignored_unless_sync_group_tracking_weight(bool trackingWeight)
    {
        var a = Instance("A", vrid: 1) with { Trackers = [new TrackedItem(TrackerKind.Interface, "eth1", -50), new TrackedItem(TrackerKind.Script, "chk", 20)] };
        var b = Instance("B", vrid: 2);
        var group = new SyncGroupSettings { Name = "G", Members = ["A", "B"], TrackingWeight = trackingWeight };
        var r = new VrrpRouter(Grouped(group, a, b) with { Scripts = [new ScriptSettings("chk")] });
        r.Start(T0);
        r.ScriptResult(T0, "chk", true);
        r.InterfaceState(T0, "eth1", false);
        if (trackingWeight)
        {
            Assert.Equal(70, r.Status("A").EffectivePriority);
            Assert.Equal(VrrpState.Backup, r.State("A"));
        }
        else
        {
            // keepalived: the weighted interface becomes weight 0 (FAULT), the weighted script is dropped.
            Assert.Equal(100, r.Status("A").EffectivePriority);
            Assert.Equal((VrrpState.Fault, VrrpState.Fault), (r.State("A"), r.State("B")));
        }
    }

    [Fact]
    public void Shutdown_reports_stop_for_instances_then_the_group()
    {
        var r = new VrrpRouter(Grouped());
        r.Start(T0);
        r.Drain();
        r.Shutdown(T0 + Duration.FromSeconds(1L));
        var notifies = r.Drain().OfType<Notify>().ToList();
        Assert.Equal(3, notifies.Count);
        Assert.All(notifies, n => Assert.Equal(NotifyEvent.Stop, n.Event));
        Assert.Equal(NotifyScope.Group, notifies[^1].Scope);
    }
}
