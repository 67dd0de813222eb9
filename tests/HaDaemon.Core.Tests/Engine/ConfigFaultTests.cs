using System.Collections.Immutable;
using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Engine.EngineKit;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>
/// keepalived's num_config_faults (vrrp_complete_instance): <c>unicast_fault_no_peer</c> without peers keeps the
/// instance in FAULT ("Entering FAULT STATE (init)", notify FAULT) until a reload gives it peers.
/// </summary>
public class ConfigFaultTests
{
    private static readonly ImmutableArray<string> NoPeers = ["unicast configured without peers (unicast_fault_no_peer)"];
    private static readonly UnicastPeer Peer = new(IPAddress.Parse("192.168.200.2"), null, null);
    private static readonly Duration MasterDown100 = MasterDownV2(100);

    private static InstanceSettings Faulty(string name = "VI_1", byte vrid = 51) => Instance(name, vrid: vrid) with { ConfigFaults = NoPeers };

    [Fact]
    public void Starts_in_fault_with_the_config_fault_reason_and_a_fault_notify_and_never_sends()
    {
        var r = Router(Faulty());
        r.Start(T0);
        var cmds = r.Drain();
        var change = Assert.Single(cmds.OfType<StateChanged>());
        Assert.Equal((VrrpState.Init, VrrpState.Fault, TransitionReason.ConfigFault), (change.From, change.To, change.Reason));
        var notify = Assert.Single(cmds.OfType<Notify>());
        Assert.Equal((NotifyEvent.Fault, TransitionReason.ConfigFault), (notify.Event, notify.Reason));
        Assert.Equal(Instant.Never, r.NextDeadline);

        Assert.Equal(AdvertOutcome.Ignored, r.HandleAdvert(T0 + Duration.FromSeconds(1L), From("192.168.200.9", 50)).Outcome);
        r.HandleTimeout(T0 + Duration.FromSeconds(100L));
        Assert.Empty(r.Drain());
        Assert.Equal(VrrpState.Fault, r.State());
        Assert.Equal(TransitionReason.ConfigFault, r.Status().LastTransitionReason);
    }

    [Fact]
    public void Trackers_recovering_do_not_clear_a_config_fault()
    {
        var r = Router(Faulty());
        r.Start(T0);
        r.Drain();
        r.InterfaceState(T0 + Duration.FromSeconds(1L), Eth, up: false);
        r.InterfaceState(T0 + Duration.FromSeconds(2L), Eth, up: true);
        Assert.Empty(r.Drain());
        Assert.Equal(VrrpState.Fault, r.State());
    }

    [Fact]
    public void A_reload_that_adds_a_peer_leaves_fault_for_backup_and_takes_master_after_the_master_down_interval()
    {
        var r = Router(Faulty());
        r.Start(T0);
        r.Drain();
        var reloadAt = T0 + Duration.FromSeconds(10L);
        r.Reload(reloadAt, Settings(Instance() with { UnicastPeers = [Peer] }));
        var cmds = r.Drain();
        var change = Assert.Single(cmds.OfType<StateChanged>());
        Assert.Equal((VrrpState.Fault, VrrpState.Backup, TransitionReason.Reload), (change.From, change.To, change.Reason));
        Assert.Equal(NotifyEvent.Backup, Assert.Single(cmds.OfType<Notify>()).Event);
        Assert.Equal(reloadAt + MasterDown100, r.NextDeadline);

        r.HandleTimeout(reloadAt + MasterDown100);
        var advert = Assert.Single(r.Drain().OfType<SendAdvert>());
        Assert.Equal([Peer.Address], advert.Destinations);
        Assert.Equal(VrrpState.Master, r.State());
    }

    [Fact]
    public void A_reload_that_removes_the_peers_of_a_master_sends_priority_zero_releases_and_faults()
    {
        var s = Instance() with { UnicastPeers = [Peer] };
        var r = Router(s);
        r.Start(T0);
        r.HandleTimeout(r.NextDeadline);
        Assert.Equal(VrrpState.Master, r.State());
        r.Drain();

        r.Reload(T0 + Duration.FromSeconds(20L), Settings(Faulty()));
        var cmds = r.Drain();
        Assert.Equal(0, Assert.Single(cmds.OfType<SendAdvert>()).Advert.Priority);
        Assert.Single(cmds.OfType<ReleaseAddresses>());
        var change = Assert.Single(cmds.OfType<StateChanged>());
        Assert.Equal((VrrpState.Master, VrrpState.Fault, TransitionReason.ConfigFault), (change.From, change.To, change.Reason));
        Assert.Equal(NotifyEvent.Fault, Assert.Single(cmds.OfType<Notify>()).Event);
    }

    [Fact]
    public void A_config_fault_holds_the_whole_sync_group_in_fault()
    {
        var other = Instance("B", vrid: 2) with { VirtualAddresses = [IPAddress.Parse("192.168.200.101")] };
        var settings = Settings(Faulty("A", vrid: 1), other) with
        {
            SyncGroups = [new SyncGroupSettings { Name = "G", Members = ["A", "B"] }],
        };
        var r = new VrrpRouter(settings);
        r.Start(T0);
        r.HandleTimeout(T0 + Duration.FromSeconds(60L));
        Assert.Equal((VrrpState.Fault, VrrpState.Fault), (r.State("A"), r.State("B")));
        Assert.Equal(VrrpState.Fault, r.SyncGroups.Single().State);
        Assert.Empty(r.Drain().OfType<SendAdvert>());
    }
}
