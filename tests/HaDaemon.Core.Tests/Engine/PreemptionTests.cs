using HaDaemon.Core.Engine;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Engine.EngineKit;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>keepalived.md §2.6: preempt, nopreempt, preempt_delay.</summary>
public class PreemptionTests
{
    private static (TwoRouterLan Lan, VrrpRouter Old) MasterAlone(byte priority = 100)
    {
        var lan = new TwoRouterLan(T0);
        var old = lan.Add("old", Router(Instance(priority: priority, source: "192.168.200.1")));
        lan.StartAll();
        lan.Run(Duration.FromSeconds(5L));
        Assert.Equal(VrrpState.Master, old.State());
        return (lan, old);
    }

    [Fact]
    public void Higher_priority_newcomer_preempts_after_one_master_down_interval()
    {
        var (lan, old) = MasterAlone();
        var joined = lan.Now;
        var newcomer = lan.Add("new", Router(Instance(priority: 200, source: "192.168.200.2")));
        newcomer.Start(joined);
        lan.Pump();
        // It discards the lower-priority adverts, so its initial down timer (3 s + 56/256 s) runs out.
        lan.RunUntil(joined + Duration.FromMilliseconds(3218));
        Assert.Equal(VrrpState.Backup, newcomer.State());
        lan.RunUntil(joined + Duration.FromMilliseconds(3219));
        Assert.Equal(VrrpState.Master, newcomer.State());
        Assert.Equal(VrrpState.Backup, old.State());
        Assert.Equal(TransitionReason.HigherPriorityAdvert, old.Status().LastTransitionReason);
    }

    [Fact]
    public void Nopreempt_newcomer_with_higher_priority_stays_backup()
    {
        var (lan, old) = MasterAlone();
        var newcomer = lan.Add("new", Router(Instance(priority: 200, source: "192.168.200.2") with { Preempt = false }));
        newcomer.Start(lan.Now);
        lan.Run(Duration.FromSeconds(60L));
        Assert.Equal(VrrpState.Backup, newcomer.State());
        Assert.Equal(VrrpState.Master, old.State());
        Assert.Equal(100, newcomer.Status().MasterPriority);
    }

    [Fact]
    public void Nopreempt_backup_still_takes_over_when_the_master_stops()
    {
        var (lan, old) = MasterAlone();
        var newcomer = lan.Add("new", Router(Instance(priority: 200, source: "192.168.200.2") with { Preempt = false }));
        newcomer.Start(lan.Now);
        lan.Run(Duration.FromSeconds(10L));
        old.Shutdown(lan.Now);
        lan.Pump();
        lan.Run(Duration.FromSeconds(1L));
        Assert.Equal(VrrpState.Master, newcomer.State());
    }

    [Fact]
    public void Preempt_delay_holds_the_higher_priority_backup_for_the_delay_then_preempts()
    {
        var (lan, old) = MasterAlone();
        var newcomer = lan.Add("new", Router(Instance(priority: 200, source: "192.168.200.2") with
        {
            PreemptDelay = Duration.FromSeconds(10L),
        }));
        newcomer.Start(lan.Now);
        // The first accepted advert starts the delay; the master advertises every second.
        lan.Run(Duration.FromSeconds(1L));
        var delayStart = lan.Log.Where(l => l.Node == "old" && l.Command is SendAdvert).Last().At;
        lan.RunUntil(delayStart + Duration.FromSeconds(10L) - new Duration(1));
        Assert.Equal(VrrpState.Backup, newcomer.State());
        // After the delay lower-priority adverts are discarded: takeover one Master_Down_Interval after the last
        // accepted one at the latest.
        lan.RunUntil(delayStart + Duration.FromSeconds(10L) + Duration.FromMilliseconds(3219));
        Assert.Equal(VrrpState.Master, newcomer.State());
        Assert.Equal(VrrpState.Backup, old.State());
    }

    [Fact]
    public void Backup_with_preempt_discards_lower_priority_and_its_timer_is_not_reset()
    {
        var r = Router(Instance(priority: 150));
        r.Start(T0);
        var deadline = r.NextDeadline;
        r.HandleAdvert(T0 + Duration.FromSeconds(1L), From("192.168.200.9", 100));
        Assert.Equal(deadline, r.NextDeadline);
        Assert.Equal(AdvertOutcome.Processed, r.HandleAdvert(T0 + Duration.FromSeconds(2L), From("192.168.200.9", 100)).Outcome);
        r.HandleTimeout(deadline);
        Assert.Equal(VrrpState.Master, r.State());
    }

    [Fact]
    public void A_master_whose_tracker_lowers_its_priority_loses_to_the_backup_on_its_next_adverts()
    {
        var lan = new TwoRouterLan(T0);
        var a = lan.Add("a", Router(Instance(priority: 150, source: "192.168.200.1", version: HaDaemon.Core.Packets.VrrpVersion.V3,
            interval: Duration.FromCentiseconds(50)) with
        {
            Trackers = [new HaDaemon.Core.Engine.Settings.TrackedItem(HaDaemon.Core.Engine.Settings.TrackerKind.Interface, "uplink", -100)],
        }));
        var b = lan.Add("b", Router(Instance(priority: 100, source: "192.168.200.2", version: HaDaemon.Core.Packets.VrrpVersion.V3,
            interval: Duration.FromCentiseconds(50))));
        lan.StartAll();
        lan.Run(Duration.FromSeconds(5L));
        Assert.Equal(VrrpState.Master, a.State());
        var failed = lan.Now;
        a.InterfaceState(failed, "uplink", false);
        lan.Pump();
        Assert.Equal(50, a.Status().EffectivePriority);
        // b now discards a's priority-50 adverts; its down timer (armed by the last priority-150 advert) expires:
        // 3 × 0.5 s + (256 − 100) × 0.5 s / 256 = 1.8046875 s after that advert at the latest.
        lan.Run(Duration.FromMilliseconds(1805));
        Assert.Equal(VrrpState.Master, b.State());
        Assert.Equal(VrrpState.Backup, a.State());
        Assert.True(a.Status().LastTransition - failed <= Duration.FromMilliseconds(1805));
    }
}
