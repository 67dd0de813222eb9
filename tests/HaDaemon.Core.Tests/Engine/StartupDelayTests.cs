using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Engine.EngineKit;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>
/// vrrp_startup_delay as keepalived 2.2.7 (vrrp_daemon.c + vrrp_init_instance_sands): first states at once, every
/// BACKUP down timer counted from the end of the delay, so nothing is sent and nothing becomes MASTER before it.
/// </summary>
public class StartupDelayTests
{
    private static readonly Duration Delay = Duration.FromSeconds(5L);
    private static readonly Duration MasterDown100 = MasterDownV2(100);

    private static InstanceSettings Owner() => Instance(priority: 255) with { InitialState = InitialState.Master };

    private static VrrpRouter Delayed(params InstanceSettings[] instances) =>
        new(Settings(instances) with { StartupDelay = Delay });

    [Fact]
    public void A_backup_enters_backup_at_once_and_sends_nothing_until_the_delay_plus_the_master_down_interval()
    {
        var r = Delayed(Instance());
        r.Start(T0);
        var start = r.Drain();
        var change = Assert.Single(start.OfType<StateChanged>());
        Assert.Equal((VrrpState.Init, VrrpState.Backup, TransitionReason.Startup), (change.From, change.To, change.Reason));
        Assert.Equal(NotifyEvent.Backup, Assert.Single(start.OfType<Notify>()).Event);
        Assert.Equal(Delay, r.StartupDelay);
        Assert.Equal(T0 + Delay, r.StartupDelayEnds);

        var master = T0 + Delay + MasterDown100;
        Assert.Equal(master, r.NextDeadline);
        Assert.Equal(master, r.Status().NextTimer);
        r.HandleTimeout(master - new Duration(1));
        Assert.Empty(r.Drain());
        Assert.Equal(VrrpState.Backup, r.State());

        r.HandleTimeout(master);
        var cmds = r.Drain();
        Assert.Single(cmds.OfType<SendAdvert>());
        var up = Assert.Single(cmds.OfType<StateChanged>());
        Assert.Equal((VrrpState.Master, TransitionReason.MasterDownTimerExpired), (up.To, up.Reason));
    }

    [Fact]
    public void Without_a_delay_the_backup_takes_over_after_the_master_down_interval()
    {
        var r = Router(Instance());
        r.Start(T0);
        Assert.Equal(Duration.Zero, r.StartupDelay);
        Assert.Equal(T0 + MasterDown100, r.NextDeadline);
    }

    [Fact]
    public void The_owner_stays_init_during_the_delay_and_takes_master_exactly_when_it_ends()
    {
        var r = Delayed(Owner());
        r.Start(T0);
        Assert.Empty(r.Drain().OfType<StateChanged>());
        Assert.Equal(VrrpState.Init, r.State());
        Assert.Equal(T0 + Delay, r.NextDeadline);
        r.HandleTimeout(T0 + Delay - new Duration(1));
        Assert.Empty(r.Drain());

        r.HandleTimeout(T0 + Delay);
        var cmds = r.Drain();
        Assert.Single(cmds.OfType<SendAdvert>());
        var up = Assert.Single(cmds.OfType<StateChanged>());
        Assert.Equal((VrrpState.Init, VrrpState.Master, TransitionReason.OwnerStartup), (up.From, up.To, up.Reason));
    }

    [Fact]
    public void Adverts_heard_during_the_delay_are_processed_but_the_down_timer_still_counts_from_its_end()
    {
        var r = Delayed(Instance());
        r.Start(T0);
        var result = r.HandleAdvert(T0 + Duration.FromSeconds(2L), From("192.168.200.9", 200));
        Assert.Equal(AdvertOutcome.Processed, result.Outcome);
        Assert.Equal("192.168.200.9", r.Status().MasterAddress?.ToString());
        Assert.Equal(T0 + Delay + MasterDown100, r.NextDeadline);

        // A priority-0 advert during the delay: Skew_Time only, still from the end of the delay.
        r.HandleAdvert(T0 + Duration.FromSeconds(3L), From("192.168.200.9", 0));
        Assert.Equal(T0 + Delay + new Duration(156 * (Duration.TicksPerSecond / 256)), r.NextDeadline);

        // After the delay adverts re-arm from the moment they arrive, as usual.
        var late = T0 + Delay + Duration.FromMilliseconds(300);
        r.HandleAdvert(late, From("192.168.200.9", 200));
        Assert.Equal(late + MasterDown100, r.NextDeadline);
        Assert.Empty(r.Drain().OfType<SendAdvert>());
    }

    [Fact]
    public void Trackers_act_during_the_delay()
    {
        var r = Delayed(Instance());
        r.Start(T0);
        r.Drain();
        r.InterfaceState(T0 + Duration.FromSeconds(1L), Eth, up: false);
        Assert.Equal(VrrpState.Fault, r.State());
        Assert.Equal(NotifyEvent.Fault, Assert.Single(r.Drain().OfType<Notify>()).Event);

        // Back up still inside the delay: BACKUP, timer from the end of the delay.
        r.InterfaceState(T0 + Duration.FromSeconds(2L), Eth, up: true);
        Assert.Equal(VrrpState.Backup, r.State());
        Assert.Equal(T0 + Delay + MasterDown100, r.NextDeadline);
    }

    [Fact]
    public void An_owner_whose_script_reports_during_the_delay_waits_for_its_end()
    {
        // keepalived 2.2.7 went MASTER at once here; 2.4.0 (commit 0d91c74b) waits for the delay.
        var owner = Owner() with { Trackers = Track(new TrackedItem(TrackerKind.Script, "chk")) };
        var r = new VrrpRouter(Settings(owner) with { StartupDelay = Delay, Scripts = [new ScriptSettings("chk")] });
        r.Start(T0);
        Assert.Equal(VrrpState.Fault, r.State());
        r.Drain();

        r.ScriptResult(T0 + Duration.FromSeconds(1L), "chk", success: true);
        var cmds = r.Drain();
        Assert.Empty(cmds.OfType<SendAdvert>());
        Assert.Equal(VrrpState.Backup, Assert.Single(cmds.OfType<StateChanged>()).To);
        Assert.Equal(T0 + Delay, r.NextDeadline);
        r.HandleTimeout(T0 + Delay - new Duration(1));
        Assert.Empty(r.Drain());

        r.HandleTimeout(T0 + Delay);
        Assert.Equal(VrrpState.Master, r.State());
        Assert.Single(r.Drain().OfType<SendAdvert>());
    }

    [Fact]
    public void Without_a_delay_an_owner_whose_script_reports_goes_master_at_once()
    {
        var owner = Owner() with { Trackers = Track(new TrackedItem(TrackerKind.Script, "chk")) };
        var r = new VrrpRouter(Settings(owner) with { Scripts = [new ScriptSettings("chk")] });
        r.Start(T0);
        r.ScriptResult(T0 + Duration.FromSeconds(1L), "chk", success: true);
        Assert.Equal(VrrpState.Master, r.State());
    }

    [Fact]
    public void A_reload_during_the_delay_keeps_its_end_for_old_and_new_instances()
    {
        var kept = Instance("KEPT", vrid: 1);
        var r = Delayed(kept);
        r.Start(T0);
        // keepalived 2.2.7 sets the delayed start only at first start; the reload's value does not move it.
        r.Reload(T0 + Duration.FromSeconds(1L), Settings(kept, Instance("NEW", vrid: 2)));
        Assert.Equal(T0 + Delay, r.StartupDelayEnds);
        Assert.Equal(T0 + Delay + MasterDown100, r.Status("KEPT").NextTimer);
        Assert.Equal(T0 + Delay + MasterDown100, r.Status("NEW").NextTimer);
    }

    [Fact]
    public void Delay_after_boot_applies_what_is_left_of_it_and_the_longer_delay_wins()
    {
        var s = Settings(Instance()) with { StartupDelay = Duration.FromSeconds(20L), DelayAfterBoot = Duration.FromSeconds(60L) };
        Assert.Equal(Duration.FromSeconds(30L), VrrpRouter.StartupDelayFor(s, Duration.FromSeconds(30L)));
        Assert.Equal(Duration.FromSeconds(20L), VrrpRouter.StartupDelayFor(s, Duration.FromSeconds(45L)));
        Assert.Equal(Duration.FromSeconds(20L), VrrpRouter.StartupDelayFor(s, Duration.FromSeconds(600L)));
        // Uptime unknown: keepalived ignores vrrp_delay_after_boot.
        Assert.Equal(Duration.FromSeconds(20L), VrrpRouter.StartupDelayFor(s, null));

        var r = new VrrpRouter(Settings(Instance()) with { DelayAfterBoot = Duration.FromSeconds(60L) });
        r.Start(T0, Duration.FromSeconds(57.5));
        Assert.Equal(T0 + Duration.FromSeconds(2.5), r.StartupDelayEnds);
        Assert.Equal(T0 + Duration.FromSeconds(2.5) + MasterDown100, r.NextDeadline);
    }

    [Fact]
    public void Negative_delays_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new VrrpRouter(Settings(Instance()) with { StartupDelay = Duration.Zero - Duration.FromSeconds(1L) }));
    }
}
