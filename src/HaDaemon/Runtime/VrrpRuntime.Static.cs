using Microsoft.Extensions.Logging;

namespace HaDaemon.Runtime;

/// <summary>
/// static_ipaddress/static_routes/static_rules in keepalived's order: addresses, routes, rules when installing;
/// rules, routes, addresses when removing (also at stop with -V: only VRRP-owned addresses are kept by it).
/// </summary>
public sealed partial class VrrpRuntime
{
    private void InstallStatic(StaticPlan plan)
    {
        if (plan.IsEmpty)
        {
            return;
        }
        const string Instance = "static";
        var results = _net!.Addresses.AddMany(plan.Addresses);
        Report(Instance, "address", add: true, plan.Addresses, results);
        Report(Instance, "route", add: true, plan.Routes, _net.Routing.AddRoutes(plan.Routes));
        Report(Instance, "rule", add: true, plan.Rules, _net.Routing.AddRules(plan.Rules));
    }

    private void RemoveStatic(StaticPlan plan)
    {
        if (plan.IsEmpty || _net is null)
        {
            return;
        }
        const string Instance = "static";
        Report(Instance, "rule", add: false, plan.Rules, _net.Routing.DeleteRules(plan.Rules));
        Report(Instance, "route", add: false, plan.Routes, _net.Routing.DeleteRoutes(plan.Routes));
        Report(Instance, "address", add: false, plan.Addresses, _net.Addresses.DeleteMany(plan.Addresses));
    }
}
