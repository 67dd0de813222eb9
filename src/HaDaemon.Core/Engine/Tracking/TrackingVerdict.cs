using HaDaemon.Core.Engine.Settings;

namespace HaDaemon.Core.Engine.Tracking;

/// <summary>What an instance's trackers say together: FAULT, waiting for a first script result, and the weight sum.</summary>
internal readonly record struct TrackingVerdict(bool Fault, bool InitPending, int WeightSum)
{
    /// <summary>keepalived's total_priority clamped to [1, 254]; the owner keeps 255.</summary>
    public byte EffectivePriority(byte basePriority) =>
        basePriority == 255 ? (byte)255 : (byte)Math.Clamp(basePriority + WeightSum, 1, 254);

    /// <summary>
    /// keepalived.md §2.2's weight table, evaluated from current tracker states (equivalent to keepalived's
    /// incremental total_priority updates, but cannot drift).
    /// </summary>
    public static TrackingVerdict Evaluate(IEnumerable<TrackedItem> trackers, TrackerBoard board)
    {
        bool fault = false, initPending = false;
        long sum = 0;
        foreach (var t in trackers)
        {
            var a = TrackerAssessment.Of(t, board);
            fault |= a.Fault;
            initPending |= a.InitPending;
            sum += a.Contribution;
        }
        return new TrackingVerdict(fault, initPending, (int)Math.Clamp(sum, -100_000, 100_000));
    }

    /// <summary>
    /// The trackers an instance really uses (vrrp_complete_instance): its own, its group's, the implicit weight-0
    /// track of its interface, minus the weights keepalived ignores in sync groups (without
    /// sync_group_tracking_weight) and for the address owner.
    /// </summary>
    public static IReadOnlyList<TrackedItem> EffectiveTrackers(InstanceSettings instance, SyncGroupSettings? group)
    {
        var list = new List<TrackedItem>();
        var seen = new HashSet<(TrackerKind, string)>();
        void Add(TrackedItem t)
        {
            if (seen.Add((t.Kind, t.Name))) list.Add(t);
        }
        foreach (var t in instance.Trackers) Add(t);
        if (group is not null)
            foreach (var t in group.Trackers) Add(t);

        var syncNoWeight = group is not null && !group.TrackingWeight;
        if (syncNoWeight || instance.IsOwner)
        {
            var normalised = new List<TrackedItem>();
            foreach (var t in list)
            {
                if (t.Weight == 0 || t.Kind == TrackerKind.Process)
                    normalised.Add(t);
                else if (t.Kind == TrackerKind.Interface && syncNoWeight)
                    normalised.Add(t with { Weight = 0 });
                else if (t.Kind == TrackerKind.File && t.Weight == 1)
                    normalised.Add(t with { Weight = 0 });
                // Weighted scripts, other file weights and (for owners) weighted interfaces are dropped.
            }
            list = normalised;
        }

        foreach (var dev in instance.TrackedAddressInterfaces)
            if (!list.Exists(t => t.Kind == TrackerKind.Interface && t.Name == dev && t.Weight == 0))
                list.Add(new TrackedItem(TrackerKind.Interface, dev));

        // The instance's own interface going down is a FAULT whatever weight a track_interface line gave it.
        if (!instance.DontTrackPrimary && !list.Exists(t => t.Kind == TrackerKind.Interface && t.Name == instance.Interface && t.Weight == 0))
            list.Add(new TrackedItem(TrackerKind.Interface, instance.Interface));
        return list;
    }
}
