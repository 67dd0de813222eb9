using HaDaemon.Core.Engine.Settings;

namespace HaDaemon.Core.Engine.Tracking;

/// <summary>
/// The last reported state of every tracked object, shared by all instances (one script may be tracked by many).
/// Unreported interfaces count as up, files as 0 and processes as 0 running: the host reports real values before
/// <see cref="VrrpRouter.Start"/>.
/// </summary>
internal sealed class TrackerBoard
{
    private readonly Dictionary<string, bool> _interfaceUp = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScriptResultCounter> _scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _processCounts = new(StringComparer.Ordinal);
    private Dictionary<string, TrackProcessSettings> _processes = new(StringComparer.Ordinal);
    private HashSet<string> _fileNames = new(StringComparer.Ordinal);

    public void Configure(RouterSettings settings)
    {
        // Keep the counters of scripts that survive a reload (keepalived keeps them as INIT_RELOAD: a reload must not
        // make a healthy script look unknown and fault its instances).
        var old = new Dictionary<string, ScriptResultCounter>(_scripts, StringComparer.Ordinal);
        _scripts.Clear();
        foreach (var s in settings.Scripts)
            _scripts[s.Name] = old.TryGetValue(s.Name, out var kept) ? kept : new ScriptResultCounter(s.Rise, s.Fall, s.InitFail);
        _processes = settings.Processes.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _fileNames = settings.Files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether a tracker refers to something configured. keepalived ignores (with a config error) a track_script,
    /// track_file or track_process naming nothing; interfaces are always known (they may appear later).
    /// </summary>
    public bool IsKnown(TrackedItem item) => item.Kind switch
    {
        TrackerKind.Script => _scripts.ContainsKey(item.Name),
        TrackerKind.File => _fileNames.Contains(item.Name),
        TrackerKind.Process => _processes.ContainsKey(item.Name),
        _ => true,
    };

    public ScriptResultCounter? Script(string name) => _scripts.GetValueOrDefault(name);

    public bool SetInterface(string name, bool up)
    {
        var before = IsInterfaceUp(name);
        _interfaceUp[name] = up;
        return before != up;
    }

    public bool IsInterfaceUp(string name) => _interfaceUp.GetValueOrDefault(name, true);

    public bool SetFile(string name, long value)
    {
        var before = _files.GetValueOrDefault(name);
        _files[name] = value;
        return before != value;
    }

    public bool SetProcessCount(string name, int count)
    {
        var before = _processCounts.GetValueOrDefault(name);
        _processCounts[name] = count;
        return before != count;
    }

    /// <summary>OK / failed / not yet known for interface, script and process trackers.</summary>
    public ScriptStatus StatusOf(TrackedItem item) => item.Kind switch
    {
        TrackerKind.Interface => IsInterfaceUp(item.Name) ? ScriptStatus.Ok : ScriptStatus.Failed,
        TrackerKind.Script => _scripts.TryGetValue(item.Name, out var c) ? c.Status : ScriptStatus.Ok,
        TrackerKind.Process => ProcessOk(item.Name) ? ScriptStatus.Ok : ScriptStatus.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(item), item.Kind, "files have values, not a status"),
    };

    public long FileValue(string name) => _files.GetValueOrDefault(name);

    private bool ProcessOk(string name)
    {
        var count = _processCounts.GetValueOrDefault(name);
        var p = _processes.GetValueOrDefault(name) ?? new TrackProcessSettings(name);
        return count >= p.Quorum && count <= p.QuorumMax;
    }
}
