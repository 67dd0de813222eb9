using System.Net;
using System.Net.Sockets;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Engine.Tracking;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using HaDaemon.Dumps;
using HaDaemon.Logging;
using HaDaemon.Runtime;
using HaDaemon.Scripts;

namespace HaDaemon.Status;

/// <summary>
/// Builds the <see cref="StatusSnapshot"/> on the event loop: one pass over the engine's report, the configuration's
/// plans and the <see cref="StatusLedger"/>. Monotonic instants become wall-clock times through <c>wallNow</c>.
/// </summary>
public static class StatusCollector
{
    public static StatusSnapshot Collect(RuntimeConfig config, VrrpRouter router, StatusLedger ledger,
        Func<string, TrackScriptState> scriptState, DaemonInfo daemon, Instant now)
    {
        var settings = config.Settings.Instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        DateTimeOffset Wall(Instant t) => daemon.Now - (now - t).ToTimeSpan();
        var instances = new List<InstanceSnapshot>();
        foreach (var report in router.Report())
        {
            if (settings.TryGetValue(report.Status.Name, out var s))
            {
                instances.Add(Instance(report, s, config.Instances.GetValueOrDefault(s.Name), ledger, now, Wall));
            }
        }
        return new StatusSnapshot
        {
            Daemon = daemon,
            Instances = instances,
            SyncGroups = [.. router.SyncGroups.Select(g => new SyncGroupSnapshot(g.Name, TransitionLog.Name(g.State), g.Members))],
            Scripts = [.. config.Model.Scripts.Select(sc => Script(sc.Name, router.GetScriptStatus(sc.Name), scriptState(sc.Name)))],
            AdvertSendLateness = ledger.AdvertSendLateness.Snapshot(),
            TransitionDuration = ledger.TransitionDurations(),
            UnknownVridAdverts = router.UnknownVirtualRouterAdverts,
        };
    }

    private static InstanceSnapshot Instance(InstanceReport report, InstanceSettings s, InstancePlan? plan,
        StatusLedger ledger, Instant now, Func<Instant, DateTimeOffset> wall)
    {
        var status = report.Status;
        var stats = report.Statistics;
        var masterDown = VrrpTimers.MasterDown(s.Version, status.EffectivePriority, s.AdvertInterval, s.DownTimerAdverts);
        return new InstanceSnapshot
        {
            Name = s.Name,
            Vrid = s.VirtualRouterId,
            Interface = s.Interface,
            Version = s.Version == VrrpVersion.V3 ? 3 : 2,
            Ipv6 = s.Family == AddressFamily.InterNetworkV6,
            Unicast = !s.UnicastPeers.IsEmpty,
            State = TransitionLog.Name(status.State),
            StateNumber = StateNumber(status.State),
            WantState = TransitionLog.Name(status.WantState),
            BasePriority = status.BasePriority,
            EffectivePriority = status.EffectivePriority,
            Master = Master(status, s),
            SyncGroup = status.SyncGroup,
            AdvertInterval = s.AdvertInterval.ToTimeSpan(),
            GarpMasterDelay = s.GarpMasterDelay.ToTimeSpan(),
            Vips = Vips(s.VirtualAddresses, s, plan, ledger),
            ExcludedVips = Vips(s.ExcludedAddresses, s, plan, ledger),
            Trackers = [.. report.Trackers.Select(Tracker)],
            LastTransition = ledger.LastTransition(s.Name) is { } t
                ? new TransitionSnapshot(t.Change.TransitionId, TransitionLog.Name(t.Change.From), TransitionLog.Name(t.Change.To),
                    StatusWords.Of(t.Change.Reason), t.Change.Priority, t.Peer?.ToString(), wall(t.At))
                : null,
            Stats = InstanceStatsMapping.FromCounters(stats.AdvertsReceived, stats.AdvertsSent, stats.BecameMaster,
                stats.ReleasedMaster, stats.PriorityZeroReceived, stats.PriorityZeroSent, stats.AddressListErrors, stats.Rejections),
            Rejections = stats.Rejections.Where(r => r.Value > 0)
                .ToDictionary(r => StatusWords.Of(r.Key), r => r.Value, StringComparer.Ordinal),
            OtherMasterAdverts = stats.OtherMasterAdverts,
            SplitBrain = status.State == VrrpState.Master && stats.LastOtherMasterAdvert != Instant.Never
                && now - stats.LastOtherMasterAdvert <= masterDown,
            Peers = [.. ledger.Peers(s.Name).Select(p => new PeerSnapshot(p.Address.ToString(), StatusWords.Of(p.Record.Checksum), wall(p.Record.LastSeen)))],
        };
    }

    private static MasterSnapshot? Master(InstanceStatus status, InstanceSettings s) => status.State switch
    {
        VrrpState.Master => new MasterSnapshot(s.PrimaryAddress?.ToString(), status.EffectivePriority, true, s.AdvertInterval.ToTimeSpan()),
        VrrpState.Backup when status.MasterAddress is { } address =>
            new MasterSnapshot(address.ToString(), status.MasterPriority, false, status.MasterAdvertInterval.ToTimeSpan()),
        _ => null,
    };

    private static List<VipSnapshot> Vips(IEnumerable<IPAddress> addresses, InstanceSettings s, InstancePlan? plan, StatusLedger ledger)
    {
        var list = new List<VipSnapshot>();
        foreach (var address in addresses)
        {
            var spec = plan?.SpecFor(address);
            var device = spec?.Interface ?? s.Interface;
            var prefix = spec?.PrefixLength ?? (address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32);
            list.Add(new VipSnapshot(address.ToString(), prefix, device, ledger.IsPresent(device, address)));
        }
        return list;
    }

    private static TrackerSnapshot Tracker(TrackerAssessment a) => new(
        a.Item.Kind.ToString().ToLowerInvariant(), a.Item.Name, a.Item.Weight, a.Item.Reverse, StatusWords.Of(a),
        a.Value, a.Contribution, a.Fault);

    /// <summary>keepalived prints GOOD once the rise/fall counter says OK, BAD otherwise (also before the first result).</summary>
    private static ScriptSnapshot Script(string name, ScriptStatus? status, TrackScriptState state)
    {
        var good = status == ScriptStatus.Ok;
        var (number, word) = state switch
        {
            TrackScriptState.Running => (1, "running"),
            TrackScriptState.RequestedTermination => (2, "requested termination"),
            _ => (0, "idle"),
        };
        return new ScriptSnapshot(name, good, good ? "GOOD" : "BAD", number, word);
    }

    /// <summary>keepalived's vrrp.h numbering, which keepalived_vrrp_state exports (STOP and DELETED show as INIT).</summary>
    public static int StateNumber(VrrpState state) => state switch
    {
        VrrpState.Backup => 1,
        VrrpState.Master => 2,
        VrrpState.Fault => 3,
        _ => 0,
    };
}
