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
}

/// <summary>One leg of a multipath route (<c>nexthop via … dev … weight …</c>).</summary>
public sealed record NextHop
{
    public IPAddress? Via { get; init; }
    public string? Interface { get; init; }
    /// <summary>1..256 as <c>ip route</c> writes it.</summary>
    public int Weight { get; init; } = 1;
    public bool OnLink { get; init; }
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
    public uint? Mtu { get; init; }
    public uint? AdvMss { get; init; }
    public bool OnLink { get; init; }
    public IReadOnlyList<NextHop> NextHops { get; init; } = [];

    public override string ToString() =>
        $"{Type} {(Destination is null ? "default" : $"{Destination}/{PrefixLength}")}{(Via is null ? "" : $" via {Via}")}" +
        $"{(Interface is null ? "" : $" dev {Interface}")}{(Table is null ? "" : $" table {Table}")}";
}
