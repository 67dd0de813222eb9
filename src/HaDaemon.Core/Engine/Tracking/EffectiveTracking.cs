using HaDaemon.Core.Engine.Settings;

namespace HaDaemon.Core.Engine.Tracking;

/// <summary>
/// The trackers the engine really weighs for an instance (its own, its sync group's, the implicit weight-0 track of
/// its interface, with the weights keepalived ignores removed), for explanations and status pages.
/// </summary>
public static class EffectiveTracking
{
    public static IReadOnlyList<TrackedItem> Trackers(InstanceSettings instance, SyncGroupSettings? group) =>
        TrackingVerdict.EffectiveTrackers(instance, group);

    /// <summary>keepalived's effective priority for a weight sum: clamped to [1, 254]; the owner keeps 255.</summary>
    public static byte Priority(byte basePriority, int weightSum) =>
        new TrackingVerdict(false, false, weightSum).EffectivePriority(basePriority);
}
