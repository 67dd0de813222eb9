using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Engine.EngineKit;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>keepalived.md §2.7: what a MASTER does with adverts; tie-break; owner conflict.</summary>
public class MasterReceiveTests
{
    private static VrrpRouter Master(InstanceSettings s)
    {
        var r = Router(s);
        r.Start(T0);
        if (r.State(s.Name) != VrrpState.Master) r.HandleTimeout(r.NextDeadline);
        Assert.Equal(VrrpState.Master, r.State(s.Name));
        r.Drain();
        return r;
    }

    private static Instant Later => T0 + Duration.FromSeconds(20L);

    [Fact]
    public void Lower_priority_advert_forces_a_new_election_with_garp_and_notify()
    {
        var r = Master(Instance(priority: 150));
        r.HandleAdvert(Later, From("192.168.200.9", 100));
        var cmds = r.Drain();
        Assert.Equal(150, cmds.OfType<SendAdvert>().Single().Advert.Priority);
        Assert.Equal(5, cmds.OfType<SendGratuitous>().Single().Repeat);
        Assert.Equal(NotifyEvent.MasterRxLowerPriority, cmds.OfType<Notify>().Single().Event);
        Assert.Equal(new MasterHeardAdvert("VI_1", IPAddress.Parse("192.168.200.9"), 100, 150, HeardAdvert.LowerPriority),
            cmds.OfType<MasterHeardAdvert>().Single());
        Assert.Equal(VrrpState.Master, r.State());
        // The advert timer restarts from the reply, and the lower-prio GARP burst repeats after its delay.
        Assert.Equal(Later + Duration.FromSeconds(1L), r.Status().NextTimer);
        r.HandleTimeout(Later + Duration.FromSeconds(5L));
        Assert.Contains(r.Drain(), c => c is SendGratuitous { Repeat: 5 });
    }

    [Fact]
    public void Lower_prio_no_advert_keeps_quiet_but_still_notifies()
    {
        var r = Master(Instance(priority: 150) with { LowerPrioNoAdvert = true, GarpLowerPrioRepeat = 0 });
        r.HandleAdvert(Later, From("192.168.200.9", 100));
        var cmds = r.Drain();
        Assert.Empty(cmds.OfType<SendAdvert>());
        Assert.Empty(cmds.OfType<SendGratuitous>());
        Assert.Equal(NotifyEvent.MasterRxLowerPriority, cmds.OfType<Notify>().Single().Event);
        Assert.Equal(HeardAdvert.LowerPriorityQuiet, cmds.OfType<MasterHeardAdvert>().Single().Verdict); // keepalived drops ", forcing new election"
    }

    [Fact]
    public void Higher_priority_advert_makes_the_master_yield_without_priority_zero()
    {
        var r = Master(Instance(priority: 150));
        r.HandleAdvert(Later, From("192.168.200.9", 200));
        var cmds = r.Drain();
        Assert.Empty(cmds.OfType<SendAdvert>());
        Assert.Equal(new MasterHeardAdvert("VI_1", IPAddress.Parse("192.168.200.9"), 200, 150, HeardAdvert.HigherPriority), cmds[0]);
        Assert.IsType<ReleaseAddresses>(cmds[1]);
        var changed = Assert.IsType<StateChanged>(cmds[2]);
        Assert.Equal((VrrpState.Master, VrrpState.Backup, TransitionReason.HigherPriorityAdvert), (changed.From, changed.To, changed.Reason));
        Assert.Equal(NotifyEvent.Backup, Assert.IsType<Notify>(cmds[3]).Event);
        Assert.Equal(IPAddress.Parse("192.168.200.9"), r.Status().MasterAddress);
    }

    [Fact]
    public void Higher_prio_send_advert_sends_one_advert_before_yielding()
    {
        var r = Master(Instance(priority: 150) with { HigherPrioSendAdvert = true });
        r.HandleAdvert(Later, From("192.168.200.9", 200));
        var cmds = r.Drain();
        Assert.Equal(150, Assert.IsType<SendAdvert>(cmds[0]).Advert.Priority);
        Assert.IsType<MasterHeardAdvert>(cmds[1]);
        Assert.IsType<ReleaseAddresses>(cmds[2]);
        Assert.Equal(VrrpState.Backup, r.State());
    }

    [Fact]
    public void Equal_priority_from_our_own_address_is_reported()
    {
        var r = Master(Instance(priority: 150, source: "192.168.200.1"));
        r.HandleAdvert(Later, From("192.168.200.1", 150));
        Assert.Equal(HeardAdvert.OwnAddress, r.Drain().OfType<MasterHeardAdvert>().Single().Verdict);
    }

    [Fact]
    public void Equal_priority_from_a_higher_address_is_reported_before_yielding()
    {
        var r = Master(Instance(priority: 150, source: "192.168.200.1"));
        r.HandleAdvert(Later, From("192.168.200.2", 150));
        Assert.Equal(HeardAdvert.SamePriorityHigherAddress, r.Drain().OfType<MasterHeardAdvert>().Single().Verdict);
        Assert.Equal(VrrpState.Backup, r.State());
    }

    [Fact]
    public void Priority_zero_advert_makes_the_master_advertise_at_once()
    {
        var r = Master(Instance(priority: 150));
        r.HandleAdvert(Later, From("192.168.200.9", 0));
        var cmds = r.Drain();
        Assert.Equal(150, cmds.OfType<SendAdvert>().Single().Advert.Priority);
        Assert.Empty(cmds.OfType<Notify>());
        Assert.Equal(VrrpState.Master, r.State());
    }

    [Theory]
    [InlineData("192.168.200.1", "192.168.200.2", VrrpState.Backup)]
    [InlineData("192.168.200.2", "192.168.200.1", VrrpState.Master)]
    [InlineData("10.0.0.1", "192.168.0.1", VrrpState.Backup)]      // unsigned compare, not string compare
    [InlineData("200.0.0.1", "9.255.255.255", VrrpState.Master)]   // the top bit does not make it negative
    public void Equal_priority_tie_break_by_primary_address(string ours, string theirs, VrrpState expected)
    {
        var r = Master(Instance(priority: 100, source: ours));
        r.HandleAdvert(Later, From(theirs, 100));
        Assert.Equal(expected, r.State());
        if (expected == VrrpState.Backup)
            Assert.Equal(TransitionReason.EqualPriorityHigherAddress, r.Status().LastTransitionReason);
    }

    [Theory]
    [InlineData("fe80::1", "fe80::2", VrrpState.Backup)]
    [InlineData("fe80::ff00:1", "fe80::2", VrrpState.Master)]
    public void Ipv6_tie_break_compares_link_local_addresses(string ours, string theirs, VrrpState expected)
    {
        var v6 = IPAddress.Parse("fe80::100");
        var s = Instance(priority: 100, source: ours, version: VrrpVersion.V3, interval: Duration.FromCentiseconds(100)) with
        {
            Family = System.Net.Sockets.AddressFamily.InterNetworkV6,
            VirtualAddresses = [v6],
        };
        var r = Master(s);
        var advert = From(theirs, 100, VrrpVersion.V3, 100, addresses: [v6], destination: "ff02::12");
        Assert.Equal(AdvertOutcome.Processed, r.HandleAdvert(Later, advert).Outcome);
        Assert.Equal(expected, r.State());
    }

    [Fact]
    public void Two_masters_converge_to_the_higher_address_on_a_lan()
    {
        var lan = new TwoRouterLan(T0);
        var a = lan.Add("a", Router(Instance(priority: 100, source: "192.168.200.1")));
        var b = lan.Add("b", Router(Instance(priority: 100, source: "192.168.200.2")));
        lan.StartAll();
        lan.Run(Duration.FromSeconds(30L));
        Assert.Equal(VrrpState.Backup, a.State());
        Assert.Equal(VrrpState.Master, b.State());
    }

    [Fact]
    public void Owner_with_the_lower_address_yields_to_the_other_owner_at_once()
    {
        var r = Master(Instance(priority: 255, source: "192.168.200.1") with { InitialState = InitialState.Master });
        r.HandleAdvert(Later, From("192.168.200.2", 255));
        Assert.Equal(VrrpState.Backup, r.State());
        // keepalived: "CONFIGURATION ERROR: local instance and X are both configured as address owner, please resolve".
        Assert.Equal([HeardAdvert.OwnerConflict, HeardAdvert.SamePriorityHigherAddress], r.Drain().OfType<MasterHeardAdvert>().Select(h => h.Verdict));
    }

    [Fact]
    public void Owner_with_the_higher_address_drops_to_254_if_the_rival_keeps_advertising()
    {
        var r = Master(Instance(priority: 255, source: "192.168.200.2") with { InitialState = InitialState.Master });
        var t = Later;
        var commands = new List<EngineCommand>();
        // The rival (lower address, behaving badly) advertises every second; we advertise every second too.
        for (var i = 0; i < 10 && r.State() == VrrpState.Master; i++)
        {
            r.HandleAdvert(t, From("192.168.200.1", 255));
            t += Duration.FromMilliseconds(500);
            r.HandleTimeout(t);
            t += Duration.FromMilliseconds(500);
            r.HandleTimeout(t);
            commands.AddRange(r.Drain());
        }
        Assert.Equal(VrrpState.Backup, r.State());
        Assert.Equal(254, r.Status().EffectivePriority);
        // One conflict line, then "still advertising as address owner, please resolve - reducing our priority".
        var heard = commands.OfType<MasterHeardAdvert>().Select(h => h.Verdict).ToList();
        Assert.Equal(HeardAdvert.OwnerConflict, heard[0]);
        Assert.Single(heard, HeardAdvert.OwnerConflict);
        Assert.Contains(HeardAdvert.OwnerStillAdvertising, heard);
        Assert.Equal(new PriorityChanged("VI_1", 255, 254), commands.OfType<PriorityChanged>().Single());
        // The rival gone, we time out to MASTER and restore 255.
        r.HandleTimeout(t + Duration.FromSeconds(10L));
        Assert.Equal(VrrpState.Master, r.State());
        Assert.Equal(255, r.Status().EffectivePriority);
    }

    [Fact]
    public void Owner_with_the_higher_address_keeps_master_if_the_rival_backs_off()
    {
        var r = Master(Instance(priority: 255, source: "192.168.200.2") with { InitialState = InitialState.Master });
        r.HandleAdvert(Later, From("192.168.200.1", 255));
        r.HandleTimeout(Later + Duration.FromSeconds(30L));
        Assert.Equal(VrrpState.Master, r.State());
        Assert.Equal(255, r.Status().EffectivePriority);
    }

    [Fact]
    public void Owner_ignore_adverts_drops_them()
    {
        var r = Master(Instance(priority: 255) with { InitialState = InitialState.Master, OwnerIgnoreAdverts = true });
        var result = r.HandleAdvert(Later, From("192.168.200.9", 255));
        Assert.Equal(AdvertRejection.OwnerIgnoresAdverts, result.Rejection);
        Assert.Equal(VrrpState.Master, r.State());
    }

    [Fact]
    public void Garp_bursts_follow_master_delay_and_refresh()
    {
        var r = Router(Instance() with
        {
            GarpMasterDelay = Duration.FromSeconds(5L),
            GarpMasterRepeat = 3,
            GarpMasterRefresh = Duration.FromSeconds(60L),
            GarpMasterRefreshRepeat = 2,
        });
        r.Start(T0);
        var became = r.NextDeadline;
        r.HandleTimeout(became);
        Assert.Equal(3, r.Drain().OfType<SendGratuitous>().Single().Repeat);
        r.HandleTimeout(became + Duration.FromSeconds(5L));
        Assert.Equal(3, r.Drain().OfType<SendGratuitous>().Single().Repeat);
        r.HandleTimeout(became + Duration.FromSeconds(65L));
        Assert.Equal(2, r.Drain().OfType<SendGratuitous>().Single().Repeat);
        r.HandleTimeout(became + Duration.FromSeconds(125L));
        Assert.Equal(2, r.Drain().OfType<SendGratuitous>().Single().Repeat);
    }

    [Fact]
    public void Externally_removed_vip_drops_master_to_backup_unless_no_track()
    {
        var r = Master(Instance());
        r.AddressRemoved(Later, Vip);
        var cmds = r.Drain();
        Assert.Equal(VrrpState.Backup, r.State());
        Assert.Equal(TransitionReason.AddressRemoved, r.Status().LastTransitionReason);
        // keepalived set_vrrp_backup: priority 0 first, then release.
        Assert.Equal(0, Assert.IsType<SendAdvert>(cmds[0]).Advert.Priority);
        Assert.IsType<ReleaseAddresses>(cmds[1]);
        // It aims to come back quickly: Skew_Time only (v2, priority 100: 156/256 s), re-adding the address.
        Assert.Equal(Later + new Duration(156L * Duration.TicksPerSecond / 256), r.NextDeadline);
        r.HandleTimeout(r.NextDeadline);
        Assert.Equal(VrrpState.Master, r.State());
        Assert.Contains(r.Drain(), c => c is AcquireAddresses);

        var untracked = Master(Instance() with { NoTrackAddresses = [Vip] });
        untracked.AddressRemoved(Later, Vip);
        Assert.Equal(VrrpState.Master, untracked.State());
    }

    [Fact]
    public void A_deleted_virtual_route_or_rule_sends_a_master_round_through_backup_and_leaves_a_backup_alone()
    {
        var r = Master(Instance());
        r.RoutingRemoved(Later, "VI_1");
        var cmds = r.Drain();
        Assert.Equal((VrrpState.Backup, TransitionReason.RoutingRemoved), (r.State(), r.Status().LastTransitionReason));
        Assert.Equal(0, Assert.IsType<SendAdvert>(cmds[0]).Advert.Priority);
        Assert.Equal(Later + new Duration(156L * Duration.TicksPerSecond / 256), r.NextDeadline);
        r.HandleTimeout(r.NextDeadline);
        Assert.Equal(VrrpState.Master, r.State());

        var backup = Router(Instance());
        backup.Start(T0);
        backup.Drain();
        backup.RoutingRemoved(T0 + Duration.FromSeconds(1L), "VI_1");
        Assert.Equal(VrrpState.Backup, backup.State());
        Assert.Empty(backup.Drain());
    }

    [Fact]
    public void Shutdown_of_a_backup_sends_nothing_but_still_notifies_stop()
    {
        var r = Router(Instance());
        r.Start(T0);
        r.Drain();
        r.Shutdown(T0 + Duration.FromSeconds(1L));
        var cmds = r.Drain();
        Assert.Empty(cmds.OfType<SendAdvert>());
        Assert.Empty(cmds.OfType<ReleaseAddresses>());
        Assert.Equal(NotifyEvent.Stop, cmds.OfType<Notify>().Single().Event);
        Assert.Equal(Instant.Never, r.NextDeadline);
    }
}
