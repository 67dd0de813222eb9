using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Model;

/// <summary><c>vrrp_script NAME { … }</c> (§1.7). Intervals have keepalived's µs resolution.</summary>
public sealed record VrrpScript(
    string Name,
    ScriptInvocation Script,
    TimeSpan Interval,
    TimeSpan Timeout,
    int Weight,
    bool WeightReverse,
    int Rise,
    int Fall,
    bool InitFail,
    /// <summary>False when script security disabled the script (missing, not executable, unsafe, no user).</summary>
    bool Enabled,
    SourceLocation Location);

/// <summary><c>track_file NAME { … }</c> / deprecated <c>vrrp_track_file</c> (§1.8).</summary>
public sealed record TrackFile(
    string Name,
    string Path,
    int Weight,
    bool WeightReverse,
    bool InitFile,
    long? InitValue,
    bool InitOverwrite,
    SourceLocation Location);

public enum ProcessParamMatch
{
    Exact,
    Initial,
    Partial,
}

/// <summary><c>vrrp_track_process NAME { … }</c> (§1.9).</summary>
public sealed record TrackProcess(
    string Name,
    string Process,
    IReadOnlyList<string> Parameters,
    ProcessParamMatch ParamMatch,
    bool FullCommand,
    int Weight,
    bool WeightReverse,
    int Quorum,
    int QuorumMax,
    TimeSpan Delay,
    TimeSpan TerminateDelay,
    TimeSpan ForkDelay,
    SourceLocation Location);

/// <summary>A reference from an instance or sync group to a tracker, with the weight that applies there.</summary>
public sealed record TrackerReference(string Name, int Weight, bool Reverse, SourceLocation Location);

/// <summary>The notify scripts of an instance or sync group (§2.9).</summary>
public sealed record NotifyScripts(
    ScriptInvocation? Master,
    ScriptInvocation? Backup,
    ScriptInvocation? Fault,
    ScriptInvocation? Stop,
    ScriptInvocation? Deleted,
    bool DeletedWithoutScript,
    ScriptInvocation? MasterRxLowerPriority,
    ScriptInvocation? Generic)
{
    public static NotifyScripts None { get; } = new(null, null, null, null, null, false, null, null);

    public IEnumerable<ScriptInvocation> All()
    {
        foreach (var s in new[] { Master, Backup, Fault, Stop, Deleted, MasterRxLowerPriority, Generic })
        {
            if (s is not null)
            {
                yield return s;
            }
        }
    }
}

/// <summary><c>vrrp_sync_group NAME { … }</c> (§1.10, §2.11).</summary>
public sealed record VrrpSyncGroup(
    string Name,
    IReadOnlyList<string> Members,
    IReadOnlyList<TrackerReference> TrackInterfaces,
    IReadOnlyList<TrackerReference> TrackScripts,
    IReadOnlyList<TrackerReference> TrackFiles,
    IReadOnlyList<TrackerReference> TrackProcesses,
    NotifyScripts Notify,
    bool SmtpAlert,
    bool NotifyPriorityChanges,
    bool TrackingWeight,
    SourceLocation Location);
