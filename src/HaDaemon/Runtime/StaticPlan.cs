using HaDaemon.Config.Model;
using HaDaemon.Linux.Addresses;
using HaDaemon.Mapping;
using LinuxRoute = HaDaemon.Linux.Routing.RouteSpec;
using LinuxRule = HaDaemon.Linux.Routing.RuleSpec;

namespace HaDaemon.Runtime;

/// <summary>
/// <c>static_ipaddress</c>, <c>static_routes</c>, <c>static_rules</c>: installed at start whatever the VRRP states,
/// removed at stop (keepalived's start_vrrp/stop_vrrp). Lines that cannot be mapped are logged at load and left out.
/// </summary>
public sealed record StaticPlan(IReadOnlyList<AddressSpec> Addresses, IReadOnlyList<LinuxRoute> Routes, IReadOnlyList<LinuxRule> Rules)
{
    public static readonly StaticPlan Empty = new([], [], []);

    public bool IsEmpty => Addresses.Count == 0 && Routes.Count == 0 && Rules.Count == 0;

    /// <summary>Static addresses re-added when someone deletes them (all but <c>no_track</c> ones).</summary>
    public IReadOnlyList<AddressSpec> ReinstatedAddresses { get; init; } = [];

    /// <summary><see cref="Routes"/> with their tracking: a tracked one deleted by someone else is re-added.</summary>
    public IReadOnlyList<Watched<LinuxRoute>> WatchedRoutes { get; init; } = [];

    public IReadOnlyList<Watched<LinuxRule>> WatchedRules { get; init; } = [];

    public static StaticPlan From(KeepalivedConfig model)
    {
        var routes = RoutingWatch.Routes(model.StaticRoutes);
        var rules = RoutingWatch.Rules(model.StaticRules);
        var addresses = model.StaticAddresses.Select(a => (a.NoTrack, Spec: LinuxSpecMapper.Address(a, model.Global.DefaultInterface))).ToList();
        return new StaticPlan([.. addresses.Select(a => a.Spec)], [.. routes.Select(r => r.Spec)], [.. rules.Select(r => r.Spec)])
        {
            ReinstatedAddresses = [.. addresses.Where(a => !a.NoTrack).Select(a => a.Spec)],
            WatchedRoutes = routes,
            WatchedRules = rules,
        };
    }

    /// <summary>What this plan installs that <paramref name="next"/> does not: removed on reload before the next one is installed.</summary>
    public StaticPlan Without(StaticPlan next) => new(
        [.. Addresses.Where(a => !next.Addresses.Contains(a))],
        [.. Routes.Where(r => !next.Routes.Any(r.SameAs))],
        [.. Rules.Where(r => !next.Rules.Contains(r))]);
}
