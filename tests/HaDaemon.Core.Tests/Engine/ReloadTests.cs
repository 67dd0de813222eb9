using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Engine.EngineKit;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>SIGHUP: unchanged instances keep state and timers; only differences reach the addresses.</summary>
public class ReloadTests
{
    private static readonly IPAddress NewVip = IPAddress.Parse("192.168.200.200");

    private static VrrpRouter MasterOf(InstanceSettings s)
    {
        var r = Router(s);
        r.Start(T0);
        r.HandleTimeout(r.NextDeadline);
        Assert.Equal(VrrpState.Master, r.State(s.Name));
        r.Drain();
        return r;
    }

    [Fact]
    public void Adding_a_vip_keeps_master_with_zero_transitions_and_adds_only_the_new_vip()
    {
        var s = Instance();
        var r = MasterOf(s);
        var nextAdvert = r.Status().NextTimer;
        var now = nextAdvert - Duration.FromMilliseconds(300);
        r.Reload(now, Settings(s with { VirtualAddresses = [Vip, NewVip] }));
        var cmds = r.Drain();
        Assert.Empty(cmds.OfType<StateChanged>());
        Assert.Empty(cmds.OfType<Notify>());
        Assert.Empty(cmds.OfType<ReleaseAddresses>());
        Assert.Equal([NewVip], cmds.OfType<AcquireAddresses>().Single().Addresses!);
        Assert.Equal([NewVip], cmds.OfType<SendGratuitous>().Single().Addresses);
        Assert.Equal(VrrpState.Master, r.State());
        Assert.Equal(nextAdvert, r.Status().NextTimer);
        // The next advert carries both VIPs.
        r.HandleTimeout(nextAdvert);
        Assert.Equal([Vip, NewVip], r.Drain().OfType<SendAdvert>().Single().Advert.Addresses);
    }

    [Fact]
    public void Removing_a_vip_releases_only_it()
    {
        var s = Instance() with { VirtualAddresses = [Vip, NewVip] };
        var r = MasterOf(s);
        r.Reload(T0 + Duration.FromSeconds(10L), Settings(s with { VirtualAddresses = [Vip] }));
        var cmds = r.Drain();
        Assert.Equal([NewVip], cmds.OfType<ReleaseAddresses>().Single().Addresses!);
        Assert.Empty(cmds.OfType<AcquireAddresses>());
        Assert.Empty(cmds.OfType<StateChanged>());
    }

    [Fact]
    public void Backup_keeps_its_down_timer_across_a_reload()
    {
        var s = Instance();
        var r = Router(s);
        r.Start(T0);
        r.HandleAdvert(T0 + Duration.FromSeconds(1L), From("192.168.200.9", 200));
        var deadline = r.NextDeadline;
        r.Drain();
        r.Reload(T0 + Duration.FromSeconds(2L), Settings(s with { VirtualAddresses = [Vip, NewVip] }));
        Assert.Empty(r.Drain());
        Assert.Equal(deadline, r.NextDeadline);
        Assert.Equal(VrrpState.Backup, r.State());
    }

    [Fact]
    public void New_instances_start_and_removed_instances_stop()
    {
        var kept = Instance("KEPT", vrid: 1);
        var gone = Instance("GONE", vrid: 2);
        var r = MasterOf2(kept, gone);
        var added = Instance("NEW", vrid: 3);
        r.Reload(T0 + Duration.FromSeconds(10L), Settings(kept, added));
        var cmds = r.Drain();
        // GONE was MASTER: priority 0, release, then FAULT notify (no notify_deleted).
        Assert.Equal(0, cmds.OfType<SendAdvert>().Single(a => a.Instance == "GONE").Advert.Priority);
        Assert.Contains(cmds, c => c is ReleaseAddresses { Instance: "GONE", Addresses: null });
        Assert.Equal(NotifyEvent.Fault, cmds.OfType<Notify>().Single(n => n.Name == "GONE").Event);
        Assert.Equal(VrrpState.Backup, r.State("NEW"));
        Assert.Equal(NotifyEvent.Backup, cmds.OfType<Notify>().Single(n => n.Name == "NEW").Event);
        Assert.DoesNotContain(cmds.OfType<StateChanged>(), c => c.Instance == "KEPT");
        Assert.Null(r.GetStatus("GONE"));
    }

    [Fact]
    public void Removed_instance_with_notify_deleted_reports_deleted()
    {
        var gone = Instance("GONE", vrid: 2) with { NotifyDeleted = true };
        var r = Router(gone);
        r.Start(T0);
        r.Drain();
        r.Reload(T0 + Duration.FromSeconds(1L), Settings());
        Assert.Equal(NotifyEvent.Deleted, r.Drain().OfType<Notify>().Single().Event);
    }

    [Fact]
    public void Changed_priority_takes_effect_without_a_transition()
    {
        var s = Instance(priority: 100);
        var r = MasterOf(s);
        r.Reload(T0 + Duration.FromSeconds(10L), Settings(s with { Priority = 150 }));
        Assert.Empty(r.Drain().OfType<StateChanged>());
        Assert.Equal(150, r.Status().EffectivePriority);
        r.HandleTimeout(r.Status().NextTimer);
        Assert.Equal(150, r.Drain().OfType<SendAdvert>().Single().Advert.Priority);
    }

    [Fact]
    public void Script_counters_survive_a_reload()
    {
        var s = Instance() with { Trackers = [new TrackedItem(TrackerKind.Script, "chk")] };
        var settings = Settings(s) with { Scripts = [new ScriptSettings("chk")] };
        var r = new VrrpRouter(settings);
        r.Start(T0);
        r.ScriptResult(T0, "chk", true);
        Assert.Equal(VrrpState.Backup, r.State());
        r.Drain();
        r.Reload(T0 + Duration.FromSeconds(1L), settings);
        Assert.Empty(r.Drain().OfType<StateChanged>());
        Assert.Equal(VrrpState.Backup, r.State());
    }

    [Fact]
    public void Changed_interval_is_used_by_the_next_advert_and_a_v3_backup_keeps_what_it_learnt()
    {
        var v3 = Instance(version: HaDaemon.Core.Packets.VrrpVersion.V3, interval: Duration.FromCentiseconds(100));
        var master = MasterOf(v3);
        master.Reload(master.Status().NextTimer - Duration.FromMilliseconds(1), Settings(v3 with { AdvertInterval = Duration.FromCentiseconds(50) }));
        master.HandleTimeout(master.Status().NextTimer);
        Assert.Equal(50, master.Drain().OfType<SendAdvert>().Single().Advert.AdvertInterval);
        Assert.Equal(Duration.FromCentiseconds(50), master.Status().MasterAdvertInterval);

        var backup = Router(v3);
        backup.Start(T0);
        backup.HandleAdvert(T0 + Duration.FromSeconds(1L), From("192.168.200.9", 200, HaDaemon.Core.Packets.VrrpVersion.V3, 25));
        backup.Reload(T0 + Duration.FromMilliseconds(1500), Settings(v3 with { AdvertInterval = Duration.FromCentiseconds(50) }));
        Assert.Equal(Duration.FromCentiseconds(25), backup.Status().MasterAdvertInterval);
    }

    [Fact]
    public void A_new_sync_group_around_running_masters_is_master_without_transitions()
    {
        var a = Instance("A", vrid: 1);
        var b = Instance("B", vrid: 2);
        var r = MasterOf2(a, b);
        r.Reload(T0 + Duration.FromSeconds(10L), Settings(a, b) with
        {
            SyncGroups = [new SyncGroupSettings { Name = "G", Members = ["A", "B"] }],
        });
        Assert.Empty(r.Drain().OfType<StateChanged>());
        Assert.Equal(VrrpState.Master, r.SyncGroups.Single().State);
        Assert.Equal("G", r.Status("A").SyncGroup);
    }

    private static VrrpRouter MasterOf2(InstanceSettings a, InstanceSettings b)
    {
        var r = Router(a, b);
        r.Start(T0);
        r.HandleTimeout(r.NextDeadline);
        Assert.Equal((VrrpState.Master, VrrpState.Master), (r.State(a.Name), r.State(b.Name)));
        r.Drain();
        return r;
    }
}
