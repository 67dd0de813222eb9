using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Model;

/// <summary>One next hop of a multipath route (<c>nexthop via X dev Y weight N</c>, or the deprecated <c>or X</c>).</summary>
public sealed record RouteNextHop(string? Via, string? Device, int? Weight, IReadOnlyList<string> Options);

/// <summary>
/// One line of <c>virtual_routes</c>/<c>static_routes</c> in <c>ip route add</c> syntax. The words keepalived
/// understands but HaDaemon only passes through to netlink (metrics, encap, …) are kept in
/// <see cref="Options"/> as name/value pairs in their original order.
/// </summary>
public sealed record RouteSpec(
    string Destination,
    AddressFamily Family,
    string? Type,
    string? Source,
    string? Via,
    string? Device,
    string? Table,
    uint? Metric,
    string? Protocol,
    string? Scope,
    string? Tos,
    IReadOnlyList<RouteNextHop> NextHops,
    IReadOnlyList<KeyValuePair<string, string>> Options,
    bool NoTrack,
    string? TrackGroup,
    SourceLocation Location);

/// <summary>One line of <c>virtual_rules</c>/<c>static_rules</c> in <c>ip rule add</c> syntax.</summary>
public sealed record RuleSpec(
    AddressFamily Family,
    string? From,
    string? To,
    uint Preference,
    bool PreferenceAssigned,
    string? Table,
    string? Action,
    string? InputInterface,
    string? OutputInterface,
    string? FwMark,
    IReadOnlyList<KeyValuePair<string, string>> Options,
    bool NoTrack,
    string? TrackGroup,
    SourceLocation Location);
