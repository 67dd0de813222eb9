using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Model;

/// <summary>
/// Route metrics carried in RTA_METRICS; the values are the kernel's RTAX_* numbers (linux/rtnetlink.h), so that
/// a metric goes to netlink without a second table.
/// </summary>
public enum RouteMetric : ushort
{
    Mtu = 2,
    Window = 3,
    /// <summary>In 1/8 ms, as the kernel keeps it.</summary>
    Rtt = 4,
    /// <summary>In 1/4 ms.</summary>
    RttVar = 5,
    Ssthresh = 6,
    Cwnd = 7,
    AdvMss = 8,
    Reordering = 9,
    HopLimit = 10,
    InitCwnd = 11,
    /// <summary>Bit set; keepalived only knows <c>ecn</c> (1).</summary>
    Features = 12,
    /// <summary>In ms.</summary>
    RtoMin = 13,
    InitRwnd = 14,
    QuickAck = 15,
    FastOpenNoCookie = 17,
}

/// <summary>One metric; <see cref="Locked"/> is <c>lock</c> before the value (RTAX_LOCK bit).</summary>
public sealed record RouteMetricValue(RouteMetric Metric, uint Value, bool Locked);

/// <summary>How the route is added: keepalived's default is the kernel's prepend (no NLM_F_EXCL, no NLM_F_APPEND).</summary>
public enum RouteAddMode
{
    Prepend,
    /// <summary><c>add</c>: NLM_F_EXCL, as <c>ip route add</c>.</summary>
    Add,
    /// <summary><c>append</c>: NLM_F_APPEND.</summary>
    Append,
}

/// <summary>One next hop of a multipath route (<c>nexthop via X dev Y weight N onlink realms R</c>, or the deprecated <c>or X</c>).</summary>
public sealed record RouteNextHop(string? Via, string? Device, int? Weight, bool OnLink = false, uint? Realms = null);

/// <summary>
/// One line of <c>virtual_routes</c>/<c>static_routes</c> in <c>ip route add</c> syntax, with every name resolved the
/// way keepalived 2.2.7's alloc_route does (rt_tables, rt_protos, rt_scopes, rt_dsfield, rt_realms) and its
/// defaults applied: table main, protocol keepalived (18), scope universe, type unicast.
/// </summary>
public sealed record RouteSpec
{
    /// <summary>"default" (also for any/all/default6) or "address/length".</summary>
    public required string Destination { get; init; }
    public required AddressFamily Family { get; init; }
    /// <summary>rtm_type (RTN_*): 1 unicast, 6 blackhole, 10 nat, …</summary>
    public byte Type { get; init; } = 1;
    /// <summary>True when the line named a type: a delete then matches that type only.</summary>
    public bool TypeGiven { get; init; }
    /// <summary><c>from PREFIX</c>: source prefix (RTA_SRC), IPv6 only.</summary>
    public string? From { get; init; }
    /// <summary><c>src ADDRESS</c>: preferred source (RTA_PREFSRC).</summary>
    public string? Source { get; init; }
    public string? Via { get; init; }
    public string? Device { get; init; }
    public uint Table { get; init; } = 254;
    public uint? Metric { get; init; }
    public byte Protocol { get; init; } = 18;
    public byte Scope { get; init; }
    public byte? Tos { get; init; }
    /// <summary>RTA_FLOW: FROM &lt;&lt; 16 | TO.</summary>
    public uint? Realms { get; init; }
    public IReadOnlyList<RouteMetricValue> Metrics { get; init; } = [];
    /// <summary><c>congctl [lock] NAME</c> (RTAX_CC_ALGO).</summary>
    public string? CongestionControl { get; init; }
    public bool CongestionControlLocked { get; init; }
    /// <summary><c>expires SECONDS</c>, IPv6 only.</summary>
    public uint? Expires { get; init; }
    /// <summary><c>pref low|medium|high|N</c> (RTA_PREF), IPv6 only.</summary>
    public byte? Preference { get; init; }
    /// <summary><c>ttl-propagate enabled|disabled</c>.</summary>
    public bool? TtlPropagate { get; init; }
    public bool OnLink { get; init; }
    public RouteAddMode Mode { get; init; }
    public IReadOnlyList<RouteNextHop> NextHops { get; init; } = [];
    /// <summary>Words keepalived accepts that HaDaemon cannot install (<c>encap</c>, <c>vrf</c>): the route is reported and left out.</summary>
    public IReadOnlyList<string> NotInstalled { get; init; } = [];
    public bool NoTrack { get; init; }
    public string? TrackGroup { get; init; }
    public required SourceLocation Location { get; init; }
}

/// <summary>One line of <c>virtual_rules</c>/<c>static_rules</c> in <c>ip rule add</c> syntax, names resolved.</summary>
public sealed record RuleSpec(
    AddressFamily Family,
    string? From,
    string? To,
    uint Preference,
    bool PreferenceAssigned,
    uint? Table,
    string? Action,
    string? InputInterface,
    string? OutputInterface,
    string? FwMark,
    IReadOnlyList<KeyValuePair<string, string>> Options,
    bool NoTrack,
    string? TrackGroup,
    SourceLocation Location)
{
    /// <summary>FRA_PROTOCOL; keepalived forces 18 (keepalived) on a tracked rule, none otherwise unless given.</summary>
    public byte? Protocol { get; init; }
    public byte? Tos { get; init; }
    /// <summary>FRA_FLOW: FROM &lt;&lt; 16 | TO.</summary>
    public uint? Realms { get; init; }
    /// <summary>FRA_SUPPRESS_IFGROUP (a number or a name from iproute2's <c>group</c> file).</summary>
    public uint? SuppressInterfaceGroup { get; init; }
}
