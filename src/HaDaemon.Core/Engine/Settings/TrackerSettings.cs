namespace HaDaemon.Core.Engine.Settings;

public enum TrackerKind : byte
{
    Interface,
    Script,
    File,
    Process,
}

/// <summary>
/// One tracked thing of an instance or sync group, with the weight already resolved (the <c>track_*</c> line's
/// weight, else the tracked object's default). Weight 0 means "FAULT while failed" (keepalived.md §2.2).
/// </summary>
public sealed record TrackedItem(TrackerKind Kind, string Name, int Weight = 0, bool Reverse = false);

/// <summary>A <c>vrrp_script</c>'s counting parameters; running it is the host's job (it reports each exit).</summary>
public sealed record ScriptSettings(string Name, int Rise = 1, int Fall = 1, bool InitFail = false);

/// <summary>A <c>track_file</c>; the host reads the file and reports its integer value.</summary>
public sealed record TrackFileSettings(string Name);

/// <summary>A <c>vrrp_track_process</c>; the host counts matching processes. OK ⇔ Quorum ≤ count ≤ QuorumMax.</summary>
public sealed record TrackProcessSettings(string Name, int Quorum = 1, int QuorumMax = int.MaxValue);

/// <summary>A <c>vrrp_sync_group</c>.</summary>
public sealed record SyncGroupSettings
{
    public required string Name { get; init; }
    public System.Collections.Immutable.ImmutableArray<string> Members { get; init; } = [];
    /// <summary>Group <c>track_*</c>: applied to every member.</summary>
    public System.Collections.Immutable.ImmutableArray<TrackedItem> Trackers { get; init; } = [];
    /// <summary><c>sync_group_tracking_weight</c>: keep members' weighted trackers.</summary>
    public bool TrackingWeight { get; init; }
}
