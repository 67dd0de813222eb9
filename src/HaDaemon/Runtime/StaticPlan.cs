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

    public static StaticPlan From(KeepalivedConfig model) => new(
        [.. model.StaticAddresses.Select(a => LinuxSpecMapper.Address(a, model.Global.DefaultInterface))],
        [.. model.StaticRoutes.Select(r => RoutingSpecMapper.Route(r).Spec).OfType<LinuxRoute>()],
        [.. model.StaticRules.Select(r => RoutingSpecMapper.Rule(r).Spec).OfType<LinuxRule>()]);

    /// <summary>What this plan installs that <paramref name="next"/> does not: removed on reload before the next one is installed.</summary>
    public StaticPlan Without(StaticPlan next) => new(
        [.. Addresses.Where(a => !next.Addresses.Contains(a))],
        [.. Routes.Where(r => !next.Routes.Any(r.SameAs))],
        [.. Rules.Where(r => !next.Rules.Contains(r))]);
}
