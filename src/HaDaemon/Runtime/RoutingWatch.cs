using HaDaemon.Mapping;
using LinuxRoute = HaDaemon.Linux.Routing.RouteSpec;
using LinuxRule = HaDaemon.Linux.Routing.RuleSpec;
using NetFamily = System.Net.Sockets.AddressFamily;

namespace HaDaemon.Runtime;

/// <summary>
/// A route or rule as installed, with what keepalived needs to act on its deletion: <c>no_track</c>, and (static
/// lines) whether it names a <c>track_group</c>.
/// </summary>
public sealed record Watched<T>(T Spec, bool NoTrack, bool HasTrackGroup = false) where T : class;

/// <summary>
/// Which route/rule deletions keepalived listens to (vrrp.c: monitor_ipv4_routes …, set_extra_netlink_monitoring):
/// a family's routes are watched when some virtual route of that family is tracked or some static route of it has a
/// track_group; rules likewise. Deletions in a family that is not watched go unnoticed, static lines included.
/// </summary>
public sealed record RoutingWatch(bool V4Routes, bool V6Routes, bool V4Rules, bool V6Rules)
{
    public static readonly RoutingWatch None = new(false, false, false, false);

    public static RoutingWatch Of(IEnumerable<InstancePlan> instances, StaticPlan statics)
    {
        var list = instances.ToList();
        var routes = list.SelectMany(i => i.WatchedRoutes).Where(w => !w.NoTrack).Select(w => w.Spec.Family)
            .Concat(statics.WatchedRoutes.Where(w => w.HasTrackGroup).Select(w => w.Spec.Family)).ToHashSet();
        var rules = list.SelectMany(i => i.WatchedRules).Where(w => !w.NoTrack).Select(w => w.Spec.Family)
            .Concat(statics.WatchedRules.Where(w => w.HasTrackGroup).Select(w => w.Spec.Family)).ToHashSet();
        return new RoutingWatch(routes.Contains(NetFamily.InterNetwork), routes.Contains(NetFamily.InterNetworkV6),
            rules.Contains(NetFamily.InterNetwork), rules.Contains(NetFamily.InterNetworkV6));
    }

    public bool Routes(NetFamily family) => family == NetFamily.InterNetwork ? V4Routes : V6Routes;

    public bool Rules(NetFamily family) => family == NetFamily.InterNetwork ? V4Rules : V6Rules;

    /// <summary>The installable routes of some lines (the others are reported at load), each with its tracking.</summary>
    public static List<Watched<LinuxRoute>> Routes(IEnumerable<Config.Model.RouteSpec> lines) =>
        [.. lines.Select(r => (r, Spec: RoutingSpecMapper.Route(r).Spec)).Where(x => x.Spec is not null)
            .Select(x => new Watched<LinuxRoute>(x.Spec!, x.r.NoTrack, x.r.TrackGroup is not null))];

    public static List<Watched<LinuxRule>> Rules(IEnumerable<Config.Model.RuleSpec> lines) =>
        [.. lines.Select(r => (r, Spec: RoutingSpecMapper.Rule(r).Spec)).Where(x => x.Spec is not null)
            .Select(x => new Watched<LinuxRule>(x.Spec!, x.r.NoTrack, x.r.TrackGroup is not null))];
}
