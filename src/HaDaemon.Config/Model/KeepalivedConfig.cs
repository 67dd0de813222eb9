using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Model;

/// <summary>A keepalived feature that was recognised in the file but that HaDaemon does not implement.</summary>
public sealed record IgnoredFeature(string Keyword, SourceLocation FirstLocation, int Occurrences);

/// <summary>
/// The whole VRRP configuration after binding and keepalived's normalisation: the root the daemon runs from.
/// Immutable; a reload builds a new one and diffs.
/// </summary>
public sealed record KeepalivedConfig(
    GlobalDefs Global,
    IReadOnlyList<VrrpScript> Scripts,
    IReadOnlyList<TrackFile> TrackFiles,
    IReadOnlyList<TrackProcess> TrackProcesses,
    IReadOnlyList<VrrpSyncGroup> SyncGroups,
    IReadOnlyList<VrrpInstance> Instances,
    IReadOnlyList<IpAddressSpec> StaticAddresses,
    IReadOnlyList<RouteSpec> StaticRoutes,
    IReadOnlyList<RuleSpec> StaticRules,
    IReadOnlyList<InterfaceDelay> InterfaceDelays,
    IReadOnlyList<IgnoredFeature> IgnoredFeatures)
{
    /// <summary>The garp_group blocks: per-interface GARP/NA spacing instead of the global one.</summary>
    public IReadOnlyList<GarpGroup> GarpGroups { get; init; } = [];
}
