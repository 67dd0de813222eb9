using HaDaemon.Core.Engine;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Engine.EngineKit;

namespace HaDaemon.Core.Tests.Engine;

public class ElectionTests
{
    [Fact]
    public void Backup_starts_in_backup_and_notifies_it()
    {
        var r = Router(Instance());
        r.Start(T0);
        var cmds = r.Drain();
        Assert.Equal(VrrpState.Backup, r.State());
        var changed = Assert.Single(cmds.OfType<StateChanged>());
        Assert.Equal((VrrpState.Init, VrrpState.Backup), (changed.From, changed.To));
        var notify = Assert.Single(cmds.OfType<Notify>());
        Assert.Equal(NotifyEvent.Backup, notify.Event);
        Assert.Equal(changed.TransitionId, notify.TransitionId);
    }

    [Fact]
    public void Alone_the_backup_becomes_master_with_advert_before_addresses_then_garp_then_notify()
    {
        var r = Router(Instance());
        r.Start(T0);
        r.Drain();
        r.HandleTimeout(r.NextDeadline);
        var cmds = r.Drain();
        Assert.Equal(VrrpState.Master, r.State());
        Assert.IsType<SendAdvert>(cmds[0]);
        Assert.IsType<AcquireAddresses>(cmds[1]);
        var garp = Assert.IsType<SendGratuitous>(cmds[2]);
        Assert.Equal(5, garp.Repeat);
        Assert.IsType<StateChanged>(cmds[3]);
        Assert.Equal(NotifyEvent.Master, Assert.IsType<Notify>(cmds[4]).Event);
        var advert = ((SendAdvert)cmds[0]).Advert;
        Assert.Equal(100, advert.Priority);
        Assert.Equal(51, advert.VirtualRouterId);
        Assert.Equal([Vip], advert.Addresses);
    }

    [Fact]
    public void Higher_priority_wins_and_the_lower_stays_backup()
    {
        var lan = new TwoRouterLan(T0);
        var a = lan.Add("a", Router(Instance(priority: 200, source: "192.168.200.1")));
        var b = lan.Add("b", Router(Instance(priority: 100, source: "192.168.200.2")));
        lan.StartAll();
        lan.Run(Duration.FromSeconds(30L));
        Assert.Equal(VrrpState.Master, a.State());
        Assert.Equal(VrrpState.Backup, b.State());
        Assert.Equal(System.Net.IPAddress.Parse("192.168.200.1"), b.Status().MasterAddress);
    }

    [Fact]
    public void Shutdown_of_the_master_sends_priority_zero_and_the_backup_takes_over_after_skew()
    {
        var lan = new TwoRouterLan(T0);
        var a = lan.Add("a", Router(Instance(priority: 200, source: "192.168.200.1")));
        var b = lan.Add("b", Router(Instance(priority: 100, source: "192.168.200.2")));
        lan.StartAll();
        lan.Run(Duration.FromSeconds(10L));
        a.Shutdown(lan.Now);
        var stopAt = lan.Now;
        lan.Pump();
        var zero = lan.Log.Where(l => l.Node == "a" && l.Command is SendAdvert { Advert.Priority: 0 }).ToList();
        Assert.Single(zero);
        Assert.Contains(lan.Log, l => l.Node == "a" && l.Command is ReleaseAddresses);
        Assert.Contains(lan.Log, l => l.Node == "a" && l.Command is Notify { Event: NotifyEvent.Stop });
        // v2, priority 100: skew = 156/256 s.
        Assert.Equal(stopAt + new Duration(156L * Duration.TicksPerSecond / 256), b.NextDeadline);
        lan.Run(Duration.FromSeconds(1L));
        Assert.Equal(VrrpState.Master, b.State());
        Assert.Equal(1, a.GetStatistics("VI_1")!.PriorityZeroSent);
    }

    [Fact]
    public void Owner_goes_master_at_start()
    {
        var r = Router(Instance(priority: 255) with { InitialState = HaDaemon.Core.Engine.Settings.InitialState.Master });
        r.Start(T0);
        Assert.Equal(VrrpState.Master, r.State());
        var cmds = r.Drain();
        Assert.IsType<SendAdvert>(cmds[0]);
        Assert.Equal(255, ((SendAdvert)cmds[0]).Advert.Priority);
        Assert.DoesNotContain(cmds.OfType<Notify>(), n => n.Event == NotifyEvent.Backup);
    }

    [Fact]
    public void Unknown_vrid_is_reported()
    {
        var r = Router(Instance());
        r.Start(T0);
        var result = r.HandleAdvert(T0, From("192.168.200.9", 100, vrid: 7));
        Assert.Equal(AdvertOutcome.UnknownInstance, result.Outcome);
        Assert.Equal(AdvertRejection.UnknownVirtualRouterId, result.Rejection);
        Assert.Equal(1, r.UnknownVirtualRouterAdverts);
    }

    [Fact]
    public void A_host_waking_late_sends_one_advert_not_a_catch_up_burst()
    {
        var r = Router(Instance(version: VrrpVersion.V3, interval: Duration.FromCentiseconds(1)));
        r.Start(T0);
        r.HandleTimeout(r.NextDeadline);
        r.Drain();
        var late = r.Status().NextTimer + Duration.FromSeconds(3600L);
        r.HandleTimeout(late);
        Assert.Single(r.Drain().OfType<SendAdvert>());
        Assert.Equal(late + Duration.FromCentiseconds(1), r.Status().NextTimer);
    }

    [Fact]
    public void Strict_mode_forces_rfc_behaviour_on_the_master()
    {
        var s = Instance(priority: 150) with { StrictMode = true, HigherPrioSendAdvert = true, PreemptDelay = Duration.FromSeconds(5L) };
        var n = s.Normalised();
        Assert.True(n.LowerPrioNoAdvert);
        Assert.False(n.HigherPrioSendAdvert);
        Assert.Equal(0, n.GarpLowerPrioRepeat);
        Assert.Equal(Duration.Zero, n.PreemptDelay);
        Assert.True(n.OwnerIgnoreAdverts);
        Assert.Equal(n, n.Normalised());

        var r = Router(s);
        r.Start(T0);
        r.HandleTimeout(r.NextDeadline);
        r.Drain();
        r.HandleAdvert(T0 + Duration.FromSeconds(10L), From("192.168.200.9", 100));
        var cmds = r.Drain();
        Assert.Empty(cmds.OfType<SendAdvert>());
        Assert.Empty(cmds.OfType<SendGratuitous>());
    }

    [Fact]
    public void Owner_cannot_be_nopreempt_and_state_master_ignores_nopreempt_and_preempt_delay()
    {
        Assert.True((Instance(priority: 255) with { Preempt = false }).Normalised().Preempt);
        var m = (Instance() with { InitialState = HaDaemon.Core.Engine.Settings.InitialState.Master, Preempt = false, PreemptDelay = Duration.FromSeconds(3L) }).Normalised();
        Assert.True(m.Preempt);
        Assert.Equal(Duration.Zero, m.PreemptDelay);
    }
}
