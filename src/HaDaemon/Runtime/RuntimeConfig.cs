using HaDaemon.Config.Model;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Mapping;
using NotifyScriptSet = HaDaemon.Notify.NotifyScripts;

namespace HaDaemon.Runtime;

/// <summary>One loaded keepalived.conf in every form the runtime uses: the model, the engine's settings and the host's plans.</summary>
public sealed record RuntimeConfig(
    KeepalivedConfig Model,
    RouterSettings Settings,
    IReadOnlyDictionary<string, InstancePlan> Instances,
    IReadOnlyDictionary<string, NotifyScriptSet> GroupNotify)
{
    public StaticPlan Static { get; init; } = StaticPlan.Empty;

    /// <summary>Which route/rule deletions are acted on (keepalived's extra netlink monitoring).</summary>
    public RoutingWatch Watch { get; init; } = RoutingWatch.None;

    public static RuntimeConfig Build(KeepalivedConfig model, IInterfaceAddresses interfaces)
    {
        var settings = EngineSettingsMapper.Map(model, interfaces);
        var plans = new Dictionary<string, InstancePlan>(StringComparer.Ordinal);
        var layout = VmacLayout.Build(model, interfaces.IsNonMacvlanInterface);
        foreach (var (config, engine) in model.Instances.Zip(settings.Instances))
        {
            var vmacs = layout[config.Name];
            var routes = RoutingWatch.Routes(config.VirtualRoutes);
            var rules = RoutingWatch.Rules(config.VirtualRules);
            plans[config.Name] = new InstancePlan(
                config.Name,
                LinuxSpecMapper.Binding(config, vmacs.AdvertInterface) with { SourceInterface = vmacs.AdvertSourceInterface },
                LinuxSpecMapper.SendChecksum(config),
                config.Unicast,
                config.Ttl is { } ttl && config.Unicast ? (byte)ttl : null,
                [.. config.VirtualIpAddresses.Concat(config.ExcludedIpAddresses)
                    .Select(a => LinuxSpecMapper.Address(a, engine.Interface) with { Interface = vmacs.InterfaceOf(a, engine.Interface) })],
                NotifyMapper.Scripts(config.Notify, config.SmtpAlert))
            {
                EngineInterface = engine.Interface,
                Vmacs = vmacs.All,
                Vmac = vmacs.Instance?.EffectiveName,
                ExtraGarps = VmacLayout.GarpExtraTargets(config, vmacs, engine.Interface),
                Routes = [.. routes.Select(r => r.Spec)],
                Rules = [.. rules.Select(r => r.Spec)],
                WatchedRoutes = routes,
                WatchedRules = rules,
            };
        }
        var groups = model.SyncGroups.ToDictionary(g => g.Name, g => NotifyMapper.Scripts(g.Notify, g.SmtpAlert), StringComparer.Ordinal);
        var statics = StaticPlan.From(model);
        return new RuntimeConfig(model, settings, plans, groups) { Static = statics, Watch = RoutingWatch.Of(plans.Values, statics) };
    }
}
