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
        var catalog = StatusCatalog.For(config);
        DateTimeOffset Wall(Instant t) => daemon.Now - (now - t).ToTimeSpan();
        var reports = router.Report();
        var instances = new List<InstanceSnapshot>(reports.Count);
        foreach (var report in reports)
        {
            if (catalog.Instances.TryGetValue(report.Status.Name, out var entry))
            {
                instances.Add(Instance(report, entry, ledger, now, Wall));
            }
        }
        return new StatusSnapshot
        {
            Daemon = daemon,
            Instances = instances,
            SyncGroups = [.. router.SyncGroups.Select(g => new SyncGroupSnapshot(g.Name, TransitionLog.Name(g.State), g.Members))],
            Scripts = [.. config.Model.Scripts.Select(sc => Script(sc.Name, router.GetScriptStatus(sc.Name), scriptState(sc.Name)))],
            AdvertSendLateness = ledger.AdvertSendLateness.Snapshot(),
            AdvertReceiveDelay = ledger.AdvertReceiveDelay.Snapshot(),
            TransitionDuration = ledger.TransitionDurations(),
            UnknownVridAdverts = router.UnknownVirtualRouterAdverts,
        };
    }

    private static readonly AdvertRejection[] Reasons = [.. Enum.GetValues<AdvertRejection>().Where(r => r != AdvertRejection.None)];
    private static readonly string[] ReasonNames = [.. Reasons.Select(StatusWords.Of)];

    private static InstanceSnapshot Instance(InstanceReport report, CatalogEntry c, StatusLedger ledger, Instant now,
        Func<Instant, DateTimeOffset> wall)
    {
        var s = c.Settings;
        var status = report.Status;
        var stats = report.Statistics;
        var masterDown = VrrpTimers.MasterDown(s.Version, status.EffectivePriority, s.AdvertInterval, s.DownTimerAdverts);
        Dictionary<string, long>? rejections = null;
        for (var r = 0; r < Reasons.Length; r++)
        {
            if (stats.Rejected(Reasons[r]) is var count and > 0)
            {
                (rejections ??= new Dictionary<string, long>(StringComparer.Ordinal))[ReasonNames[r]] = count;
            }
        }
        return new InstanceSnapshot
        {
            Name = s.Name,
            Vrid = s.VirtualRouterId,
            Interface = s.Interface,
            Version = c.Version,
            Ipv6 = c.Ipv6,
            Unicast = c.Unicast,
            State = TransitionLog.Name(status.State),
            StateNumber = (int)Mapping.DumpSnapshotMapper.State(status.State),
            WantState = TransitionLog.Name(status.WantState),
            BasePriority = status.BasePriority,
            EffectivePriority = status.EffectivePriority,
            Master = Master(status, c),
            SyncGroup = status.SyncGroup,
            AdvertInterval = c.AdvertInterval,
            GarpMasterDelay = c.GarpMasterDelay,
            Vips = Vips(c.Vips, ledger),
            ExcludedVips = Vips(c.ExcludedVips, ledger),
            Trackers = [.. report.Trackers.Select(Tracker)],
            LastTransition = ledger.LastTransition(s.Name) is { } t
                ? new TransitionSnapshot(t.Change.TransitionId, TransitionLog.Name(t.Change.From), TransitionLog.Name(t.Change.To),
                    StatusWords.Of(t.Change.Reason), t.Change.Priority, t.Peer?.ToString(), wall(t.At))
                : null,
            Stats = InstanceStatsMapping.FromCounters(stats.AdvertsReceived, stats.AdvertsSent, stats.BecameMaster,
                stats.ReleasedMaster, stats.PriorityZeroReceived, stats.PriorityZeroSent, stats.AddressListErrors, stats.Rejected),
            Rejections = rejections ?? NoRejections,
            OtherMasterAdverts = stats.OtherMasterAdverts,
            SplitBrain = status.State == VrrpState.Master && stats.LastOtherMasterAdvert != Instant.Never
                && now - stats.LastOtherMasterAdvert <= masterDown,
            Peers = ledger.Peers(s.Name) is { Count: > 0 } peers
                ? [.. peers.Select(p => new PeerSnapshot(p.Address.ToString(), StatusWords.Of(p.Record.Checksum), wall(p.Record.LastSeen)))]
                : [],
            MetricLabels = c.MetricLabels,
        };
    }

    private static readonly Dictionary<string, long> NoRejections = [];

    private static MasterSnapshot? Master(InstanceStatus status, CatalogEntry c) => status.State switch
    {
        VrrpState.Master => new MasterSnapshot(c.PrimaryAddress, status.EffectivePriority, true, c.AdvertInterval),
        VrrpState.Backup when status.MasterAddress is { } address =>
            new MasterSnapshot(address.ToString(), status.MasterPriority, false, status.MasterAdvertInterval.ToTimeSpan()),
        _ => null,
    };

    private static VipSnapshot[] Vips(IReadOnlyList<CatalogVip> vips, StatusLedger ledger)
    {
        var list = new VipSnapshot[vips.Count];
        for (var n = 0; n < list.Length; n++)
        {
            var v = vips[n];
            list[n] = new VipSnapshot(v.Text, v.PrefixLength, v.Device, v.Cidr, ledger.IsPresent(v.Device, v.Address), v.MetricLabels);
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
}
