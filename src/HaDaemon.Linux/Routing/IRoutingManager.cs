using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Routing;

/// <summary>
/// Adds and deletes routes and policy rules. As for addresses, EEXIST on add and ESRCH/ENOENT on delete answer
/// <see cref="ChangeOutcome.AlreadyInState"/>.
/// </summary>
public interface IRoutingManager
{
    IReadOnlyList<PlatformResult> AddRoutes(IReadOnlyList<RouteSpec> routes);

    IReadOnlyList<PlatformResult> DeleteRoutes(IReadOnlyList<RouteSpec> routes);

    IReadOnlyList<PlatformResult> AddRules(IReadOnlyList<RuleSpec> rules);

    IReadOnlyList<PlatformResult> DeleteRules(IReadOnlyList<RuleSpec> rules);
}
