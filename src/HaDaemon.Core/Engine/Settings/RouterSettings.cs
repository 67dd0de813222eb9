using System.Collections.Immutable;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine.Settings;

/// <summary>Everything the engine needs from one keepalived.conf: instances, tracked objects, sync groups.</summary>
public sealed record RouterSettings
{
    public ImmutableArray<InstanceSettings> Instances { get; init; } = [];
    public ImmutableArray<ScriptSettings> Scripts { get; init; } = [];
    public ImmutableArray<TrackFileSettings> Files { get; init; } = [];
    public ImmutableArray<TrackProcessSettings> Processes { get; init; } = [];
    public ImmutableArray<SyncGroupSettings> SyncGroups { get; init; } = [];

    /// <summary>
    /// <c>vrrp_startup_delay</c> (keepalived 2.2.7 vrrp_daemon.c/vrrp_scheduler.c): counted from <c>Start</c>, every BACKUP
    /// down timer runs from the end of the delay instead of from now, so no instance becomes MASTER (and none sends an
    /// advert) before it has passed. Instances still enter BACKUP/FAULT at once, notify, track and hear adverts.
    /// A reload keeps the deadline set at start (2.2.7), whatever the new value.
    /// </summary>
    public Duration StartupDelay { get; init; } = Duration.Zero;

    /// <summary>
    /// <c>vrrp_delay_after_boot</c> (keepalived ≥ 2.4.0): the same delay, but only until this long after the system
    /// booted; the longer of the two applies. The host passes the time since boot to <c>Start</c>.
    /// </summary>
    public Duration DelayAfterBoot { get; init; } = Duration.Zero;

    /// <summary>Inconsistencies the config layer must have caught (duplicate names, unknown references, bad timers).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in Instances)
        {
            if (!names.Add(i.Name)) problems.Add($"duplicate instance {i.Name}");
            problems.AddRange(i.Validate());
        }
        var grouped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in SyncGroups)
            foreach (var m in g.Members)
            {
                if (!names.Contains(m)) problems.Add($"sync group {g.Name}: unknown member {m}");
                else if (!grouped.Add(m)) problems.Add($"instance {m} is in more than one sync group");
            }
        if (StartupDelay < Duration.Zero || DelayAfterBoot < Duration.Zero) problems.Add("startup delays must not be negative");
        foreach (var s in Scripts)
            if (s.Rise < 1 || s.Fall < 1) problems.Add($"script {s.Name}: rise and fall must be ≥ 1");
        return problems;
    }
}
