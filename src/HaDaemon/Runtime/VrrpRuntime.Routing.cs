using HaDaemon.Linux.Results;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Runtime;

/// <summary>
/// An instance's <c>virtual_routes</c> and <c>virtual_rules</c>: part of "everything the instance owns as MASTER",
/// so they follow AcquireAddresses/ReleaseAddresses for the whole instance (null addresses) in keepalived's order
/// (keepalived.md §2.8): VIPs, then routes, then rules on the way up; rules, then routes, then VIPs on the way down.
/// </summary>
public sealed partial class VrrpRuntime
{
    private void ChangeRouting(string instance, bool add)
    {
        if (PlanOf(instance) is not { } plan || (plan.Routes.Count == 0 && plan.Rules.Count == 0))
        {
            return;
        }
        var routing = _net!.Routing;
        if (add)
        {
            Report(instance, "route", add, plan.Routes, routing.AddRoutes(plan.Routes));
            Report(instance, "rule", add, plan.Rules, routing.AddRules(plan.Rules));
        }
        else
        {
            Report(instance, "rule", add, plan.Rules, routing.DeleteRules(plan.Rules));
            Report(instance, "route", add, plan.Routes, routing.DeleteRoutes(plan.Routes));
        }
    }

    private void Report<T>(string instance, string what, bool add, IReadOnlyList<T> specs, IReadOnlyList<PlatformResult> results)
    {
        foreach (var (spec, result) in specs.Zip(results))
        {
            if (!result.IsSuccess)
            {
                _logger.LogError("({Instance}) {Verb} {What} {Spec} failed: {Error}", instance, add ? "adding" : "removing", what, spec, result.Error);
            }
            else if (_options.LogDetail > 0)
            {
                _logger.LogDebug("({Instance}) {Verb} {What} {Spec}", instance, add ? "added" : "removed", what, spec);
            }
        }
    }
}
