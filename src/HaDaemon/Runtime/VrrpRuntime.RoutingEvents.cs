using HaDaemon.Core.Time;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Routing;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Runtime;

/// <summary>
/// Deletions of what the daemon installed, by someone else, as keepalived 2.2.7 handles them
/// (keepalived_netlink.c netlink_route_filter / netlink_rule_filter / netlink_if_address_filter):
/// a tracked virtual route or rule of a MASTER → that instance falls back to BACKUP (set_vrrp_backup) and re-takes
/// MASTER after Skew_Time, re-adding it; a tracked static route or rule → re-added at once ("Restoring deleted
/// static route …"); a static address that is not <c>no_track</c> → re-added. Route and rule deletions only count in
/// the families keepalived watches (<see cref="RoutingWatch"/>); the first matching line decides, as in route_is_ours.
/// </summary>
public sealed partial class VrrpRuntime
{
    /// <summary>Listens to the route/rule groups the configuration needs (keepalived's set_extra_netlink_monitoring).</summary>
    private void WatchRouting()
    {
        var w = _config.Watch;
        if (_monitor?.WatchRouting(w.V4Routes, w.V6Routes, w.V4Rules, w.V6Rules) is { IsSuccess: false } failed)
        {
            _logger.LogError("Cannot listen to route/rule events: {Error}; deleted routes and rules go unnoticed", failed.Error);
        }
    }

    private void OnRouteRemoved(Instant now, KernelRoute route)
    {
        if (_stopping || !_config.Watch.Routes(route.Family))
        {
            return;
        }
        // One ioctl per interface named, not per watched line: a link going down deletes many routes at once.
        var indexes = new Dictionary<string, int?>(StringComparer.Ordinal);
        int? Index(string? name) => name is null ? null
            : indexes.TryGetValue(name, out var known) ? known : indexes[name] = IndexOf(name);
        foreach (var plan in _config.Instances.Values)
        {
            if (plan.WatchedRoutes.FirstOrDefault(w => route.IsVirtual(w.Spec, Index(w.Spec.Interface))) is { } hit)
            {
                if (!hit.NoTrack)
                {
                    _router.RoutingRemoved(now, plan.Name);
                }
                return;
            }
        }
        if (_config.Static.WatchedRoutes.FirstOrDefault(w => route.IsStatic(w.Spec)) is { Spec: var spec, NoTrack: false })
        {
            _logger.LogInformation("Restoring deleted static route {Route}", spec);
            Report("static", "route", add: true, [spec], _net!.Routing.AddRoutes([spec]));
        }
    }

    private void OnRuleRemoved(Instant now, KernelRule rule)
    {
        if (_stopping || !_config.Watch.Rules(rule.Family))
        {
            return;
        }
        foreach (var plan in _config.Instances.Values)
        {
            // compare_rule never matches a no_track line, so those are skipped rather than stopping the search.
            if (plan.WatchedRules.Any(w => !w.NoTrack && rule.Is(w.Spec)))
            {
                _router.RoutingRemoved(now, plan.Name);
                return;
            }
        }
        if (_config.Static.WatchedRules.FirstOrDefault(w => !w.NoTrack && rule.Is(w.Spec)) is { } hit)
        {
            _logger.LogInformation("Restoring deleted static rule {Rule}", hit.Spec);
            Report("static", "rule", add: true, [hit.Spec], _net!.Routing.AddRules([hit.Spec]));
        }
    }

    private void ReinstateStaticAddress(InterfaceAddress gone)
    {
        if (_stopping)
        {
            return;
        }
        var spec = _config.Static.ReinstatedAddresses.FirstOrDefault(a => a.Address.Equals(gone.Address) && IndexOf(a.Interface) == gone.InterfaceIndex);
        if (spec is not null)
        {
            _logger.LogInformation("Restoring deleted static address {Address}/{Prefix} dev {Interface}", spec.Address,
                spec.PrefixLength ?? (spec.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128), spec.Interface);
            Report("static", "address", add: true, [spec], _net!.Addresses.AddMany([spec]));
        }
    }

    private int? IndexOf(string? name) =>
        name is not null && _net?.Interfaces.IndexOf(name) is { IsSuccess: true } index ? index.Value : null;
}
