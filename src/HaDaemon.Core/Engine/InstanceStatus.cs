using System.Net;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine;

/// <summary>An instance as /status and the JSON/data dumps show it.</summary>
public sealed record InstanceStatus(
    string Name,
    byte VirtualRouterId,
    VrrpState State,
    /// <summary>What the instance would be without its sync group (keepalived's wantstate).</summary>
    VrrpState WantState,
    byte BasePriority,
    byte EffectivePriority,
    /// <summary>The master we last accepted an advert from (null while we are master or have heard none).</summary>
    IPAddress? MasterAddress,
    byte MasterPriority,
    /// <summary>Master_Adver_Interval: learnt from the master in v3.</summary>
    Duration MasterAdvertInterval,
    TransitionReason LastTransitionReason,
    Instant LastTransition,
    /// <summary>Down timer (BACKUP) or next advert (MASTER); Never otherwise.</summary>
    Instant NextTimer,
    string? SyncGroup);

/// <summary>A sync group's state as /status shows it.</summary>
public sealed record SyncGroupStatus(string Name, VrrpState State, IReadOnlyList<string> Members);

/// <summary>One instance for the status page: its state, its counters and what each tracker contributes.</summary>
public sealed record InstanceReport(InstanceStatus Status, InstanceStatistics Statistics, IReadOnlyList<Tracking.TrackerAssessment> Trackers);
