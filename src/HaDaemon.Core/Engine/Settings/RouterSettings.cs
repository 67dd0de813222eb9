using System.Collections.Immutable;

namespace HaDaemon.Core.Engine.Settings;

/// <summary>Everything the engine needs from one keepalived.conf: instances, tracked objects, sync groups.</summary>
public sealed record RouterSettings
{
    public ImmutableArray<InstanceSettings> Instances { get; init; } = [];
    public ImmutableArray<ScriptSettings> Scripts { get; init; } = [];
    public ImmutableArray<TrackFileSettings> Files { get; init; } = [];
    public ImmutableArray<TrackProcessSettings> Processes { get; init; } = [];
    public ImmutableArray<SyncGroupSettings> SyncGroups { get; init; } = [];

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
        foreach (var s in Scripts)
            if (s.Rise < 1 || s.Fall < 1) problems.Add($"script {s.Name}: rise and fall must be ≥ 1");
        return problems;
    }
}
