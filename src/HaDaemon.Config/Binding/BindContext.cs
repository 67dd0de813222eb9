using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>
/// The state of one binding pass: the drafts being filled in keyword order (keepalived's handlers are order
/// dependent, e.g. <c>dynamic_interfaces</c> must precede the instances), the diagnostics and the environment.
/// </summary>
internal sealed class BindContext(IInterfaceCatalog interfaces, RouteNames routeNames)
{
    public IInterfaceCatalog Interfaces { get; } = interfaces;

    /// <summary>iproute2 names (rt_tables, rt_protos, …) used by virtual/static routes and rules.</summary>
    public RouteNames RouteNames { get; } = routeNames;

    public List<Diagnostic> Diagnostics { get; } = [];

    public GlobalDraft Global { get; } = new();

    public List<ScriptDraft> Scripts { get; } = [];

    public List<TrackFileDraft> TrackFiles { get; } = [];

    public List<TrackProcessDraft> TrackProcesses { get; } = [];

    public List<SyncGroupDraft> SyncGroups { get; } = [];

    public List<InstanceDraft> Instances { get; } = [];

    // Name indexes: configurations with thousands of instances must not bind in quadratic time.
    public Dictionary<string, InstanceDraft> InstancesByName { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ScriptDraft> ScriptsByName { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, TrackFileDraft> TrackFilesByName { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, TrackProcessDraft> TrackProcessesByName { get; } = new(StringComparer.Ordinal);

    public List<IpAddressSpec> StaticAddresses { get; } = [];

    public List<RouteSpec> StaticRoutes { get; } = [];

    public List<RuleSpec> StaticRules { get; } = [];

    public List<GarpGroupDraft> GarpGroups { get; } = [];

    /// <summary>Which garp_group an interface is in: keepalived allows one (interface_t.garp_delay).</summary>
    public Dictionary<string, GarpGroupDraft> GarpGroupOf { get; } = new(StringComparer.Ordinal);

    /// <summary>interface_up_down_delays by interface: a later line for the same interface replaces the earlier
    /// one (keepalived overwrites the interface's timers), in first-seen order.</summary>
    public OrderedDictionary<string, InterfaceDelay> InterfaceDelays { get; } = new(StringComparer.Ordinal);

    /// <summary>keepalived's non_existent_interface_specified: makes the VRRP process refuse to start.</summary>
    public bool NonExistentInterface { get; set; }

    /// <summary>The next preference keepalived assigns to a rule without one (counts down from 16384).</summary>
    public uint NextRulePreference { get; set; } = 16384;

    private readonly Dictionary<string, (SourceLocation First, int Count)> _ignored = new(StringComparer.Ordinal);

    private readonly List<string> _ignoredOrder = [];

    public void Report(Severity severity, string code, SourceLocation at, string message) =>
        Diagnostics.Add(new Diagnostic(severity, code, message, at));

    public void Error(SourceLocation at, string message, string code = "config-error") => Report(Severity.Error, code, at, message);

    public void Warning(SourceLocation at, string message, string code = "config-warning") => Report(Severity.Warning, code, at, message);

    public void Info(SourceLocation at, string message, string code = "info") => Report(Severity.Info, code, at, message);

    /// <summary>
    /// A keepalived feature HaDaemon recognises but does not implement: reported once per keyword as Info, so it
    /// is never silent and never counts against the -t exit code (keepalived accepts these files).
    /// </summary>
    public void Unsupported(ConfigStatement st)
    {
        var key = st.Keyword.Text;
        if (_ignored.TryGetValue(key, out var seen))
        {
            _ignored[key] = (seen.First, seen.Count + 1);
            return;
        }
        _ignored[key] = (st.Location, 1);
        _ignoredOrder.Add(key);
        Info(st.Location, $"'{key}': recognised keepalived feature, not supported by HaDaemon, ignored", "unsupported-feature");
    }

    public IReadOnlyList<IgnoredFeature> IgnoredFeatures() =>
        _ignoredOrder.Select(k => new IgnoredFeature(k, _ignored[k].First, _ignored[k].Count)).ToArray();

    /// <summary>
    /// keepalived's if_get_by_ifname(IF_CREATE_IF_DYNAMIC): a missing interface is accepted with
    /// <c>dynamic_interfaces</c>, otherwise the caller reports it and the load becomes CONFIG_BAD_IF.
    /// </summary>
    public bool InterfaceUsable(string name, SourceLocation at)
    {
        if (Interfaces.Exists(name))
        {
            return true;
        }
        if (Global.DynamicInterfaces)
        {
            Info(at, $"Configuration specifies interface {name} which doesn't currently exist - will use if created", "dynamic-interface");
            return true;
        }
        NonExistentInterface = true;
        return false;
    }
}
