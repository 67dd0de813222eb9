using System.Net;
using System.Net.Sockets;

namespace HaDaemon.Linux.Routing;

/// <summary>rtm_type values used by <c>ip route</c> (linux/rtnetlink.h RTN_*).</summary>
public enum RouteType : byte
{
    Unicast = 1,
    Local = 2,
    Broadcast = 3,
    Anycast = 4,
    Multicast = 5,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
    Throw = 9,
    /// <summary>Refused by kernels since 2.6.x (EINVAL); keepalived still sends it and logs the error.</summary>
    Nat = 10,
    XResolve = 11,
}

/// <summary>How an add is flagged: <c>ip route add</c> (NLM_F_EXCL), the kernel's prepend (keepalived's default) or append.</summary>
public enum RouteAddMode
{
    Exclusive,
    Prepend,
    Append,
}

/// <summary>One RTA_METRICS entry: an RTAX_* number, its value, and whether it is locked (RTAX_LOCK bit).</summary>
public sealed record RouteMetricSetting(ushort Rtax, uint Value, bool Locked = false);

/// <summary>One leg of a multipath route (<c>nexthop via … dev … weight …</c>).</summary>
public sealed record NextHop
{
    public IPAddress? Via { get; init; }
    public string? Interface { get; init; }
    /// <summary>1..256 as <c>ip route</c> writes it.</summary>
    public int Weight { get; init; } = 1;
    public bool OnLink { get; init; }
    /// <summary><c>realms</c> (RTA_FLOW) of this hop.</summary>
    public uint? Realms { get; init; }
}

/// <summary>
/// A virtual_routes / static_routes entry in <c>ip route</c> terms. Defaults follow iproute2: table main, proto boot,
/// scope link for a unicast route without gateway, host for local routes, universe otherwise.
/// </summary>
public sealed record RouteSpec
{
    /// <summary>Null = default route (0.0.0.0/0 or ::/0) of <see cref="Family"/>.</summary>
    public IPAddress? Destination { get; init; }
    public int PrefixLength { get; init; }
    public required AddressFamily Family { get; init; }
    public RouteType Type { get; init; } = RouteType.Unicast;
    public IPAddress? Via { get; init; }
    public string? Interface { get; init; }
    /// <summary><c>src</c>: preferred source address.</summary>
    public IPAddress? PreferredSource { get; init; }
    /// <summary>Null = main (254).</summary>
    public uint? Table { get; init; }
    /// <summary><c>metric</c> / <c>priority</c> / <c>preference</c>.</summary>
    public uint? Metric { get; init; }
    /// <summary>Null = iproute2's default for the route (see the type summary).</summary>
    public byte? Scope { get; init; }
    /// <summary>Null = boot (3), as <c>ip route add</c>.</summary>
    public byte? Protocol { get; init; }
    public byte Tos { get; init; }
    /// <summary>RTA_METRICS entries (mtu, advmss, rtt, window, …).</summary>
    public IReadOnlyList<RouteMetricSetting> Metrics { get; init; } = [];
    /// <summary><c>congctl</c>: RTAX_CC_ALGO, a string metric.</summary>
    public string? CongestionControl { get; init; }
    public bool CongestionControlLocked { get; init; }
    public bool OnLink { get; init; }
    public IReadOnlyList<NextHop> NextHops { get; init; } = [];
    /// <summary><c>from</c>: source prefix (RTA_SRC), IPv6 only.</summary>
    public IPAddress? SourcePrefix { get; init; }
    public int SourcePrefixLength { get; init; }
    /// <summary><c>realms</c>: RTA_FLOW, FROM &lt;&lt; 16 | TO.</summary>
    public uint? Realms { get; init; }
    /// <summary><c>expires</c> seconds (RTA_EXPIRES), IPv6 only.</summary>
    public uint? Expires { get; init; }
    /// <summary><c>pref</c>: RTA_PREF router preference, IPv6 only.</summary>
    public byte? RouterPreference { get; init; }
    /// <summary><c>ttl-propagate</c>: RTA_TTL_PROPAGATE.</summary>
    public bool? TtlPropagate { get; init; }
    public RouteAddMode Mode { get; init; } = RouteAddMode.Exclusive;

    /// <summary>Value equality with the lists compared by content (record equality compares them by reference).</summary>
    public bool SameAs(RouteSpec other) =>
        this with { NextHops = [], Metrics = [] } == other with { NextHops = [], Metrics = [] }
        && NextHops.SequenceEqual(other.NextHops) && Metrics.SequenceEqual(other.Metrics);

    public override string ToString() =>
        $"{Type} {(Destination is null ? "default" : $"{Destination}/{PrefixLength}")}{(Via is null ? "" : $" via {Via}")}" +
        $"{(Interface is null ? "" : $" dev {Interface}")}{(Table is null ? "" : $" table {Table}")}";
}
