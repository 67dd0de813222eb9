using HaDaemon.Cli;
using HaDaemon.Config.Loading;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Model;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Simulation;
using HaDaemon.Mapping;

namespace HaDaemon.Operations;

/// <summary>
/// <c>hadaemon simulate</c>: each node's keepalived.conf goes through the daemon's own loader and
/// <see cref="EngineSettingsMapper"/>, then runs in the deterministic <see cref="Simulator"/> (real engine, real
/// codec, virtual clock) under the scripted scenario; the timeline and the final holders are printed.
/// </summary>
public static class SimulateCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        if (args is ["-h" or "--help"])
        {
            output.Write(SimulateArguments.Usage);
            return ExitCodes.Ok;
        }
        var (plan, error) = SimulateArguments.Parse(args);
        if (plan is null)
        {
            errors.WriteLine($"simulate: {error}");
            errors.Write(SimulateArguments.Usage);
            return ExitCodes.Fatal;
        }
        var sim = new Simulator(new Random(plan.Seed));
        var lan = new SimulatedLan();
        for (var n = 0; n < plan.Nodes.Count; n++)
        {
            var spec = plan.Nodes[n];
            if (Load(spec, errors) is not { } config)
            {
                return ExitCodes.Config;
            }
            var addresses = lan.Assign(spec.Name, n + 1, config, plan.Addresses);
            try
            {
                sim.AddNode(spec.Name, EngineSettingsMapper.Map(config, addresses), [.. addresses.Wiring()]);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                errors.WriteLine($"simulate: {spec.Name}: {ex.Message}");
                return ExitCodes.Config;
            }
            output.WriteLine($"# {spec.Name}: {spec.ConfigFile} (config id {spec.ConfigId}); "
                + string.Join("; ", addresses.ByInterface.Select(p => $"{p.Key} {string.Join(' ', p.Value)}")));
        }
        if (Schedule(sim, plan) is { } scenarioError)
        {
            errors.WriteLine($"simulate: {scenarioError}");
            return ExitCodes.Fatal;
        }
        sim.RunUntil(plan.Until);
        SimulationReport.Write(sim, plan, output);
        return ExitCodes.Ok;
    }

    private static KeepalivedConfig? Load(SimulatedNodeSpec spec, TextWriter errors)
    {
        if (!File.Exists(spec.ConfigFile))
        {
            errors.WriteLine($"simulate: {spec.Name}: configuration file '{spec.ConfigFile}' does not exist");
            return null;
        }
        var result = ConfigLoader.Load(spec.ConfigFile, new LoadOptions
        {
            ConfigId = spec.ConfigId,
            Interfaces = new SimulatedInterfaceCatalog(),
            ScriptEnvironment = new SimulatedScriptEnvironment(),
        });
        foreach (var d in result.Diagnostics.Where(d => d.Severity != Config.Diagnostics.Severity.Info))
        {
            errors.WriteLine($"{spec.Name}: {d}");
        }
        if (!result.CanRun || result.Config is null)
        {
            errors.WriteLine($"simulate: {spec.Name}: '{spec.ConfigFile}' cannot be run");
            return null;
        }
        return result.Config;
    }

    /// <summary>Puts the scenario on the virtual clock; checks every name first so that nothing fails mid-run.</summary>
    private static string? Schedule(Simulator sim, SimulationPlan plan)
    {
        foreach (var e in plan.Events.Where(e => e.Script is not null))
        {
            if (!sim.Node(e.Node!).Settings.Scripts.Any(s => s.Name == e.Script))
            {
                return $"{e.Node} has no enabled vrrp_script '{e.Script}'";
            }
        }
        foreach (var node in sim.Nodes)
        {
            foreach (var script in node.Settings.Scripts)
            {
                sim.ScriptOutcome(node.Name, script.Name, success: true);
            }
        }
        foreach (var p in plan.Partitions)
        {
            sim.Partition(p.SideA, p.SideB, p.From, p.Until);
        }
        foreach (var e in plan.Events.OrderBy(e => e.At))
        {
            var step = sim.At(e.At);
            _ = e.Action switch
            {
                ScenarioAction.Kill => step.Kill(e.Node!),
                ScenarioAction.Stop => step.Stop(e.Node!),
                ScenarioAction.Start => step.Start(e.Node!),
                ScenarioAction.ScriptFail => step.ScriptOutcome(e.Node!, e.Script!, success: false),
                ScenarioAction.ScriptOk => step.ScriptOutcome(e.Node!, e.Script!, success: true),
                _ => step.SetLoss(e.Loss),
            };
        }
        // A node whose first event is a start waits for it; every other node boots at time zero.
        foreach (var node in sim.Nodes)
        {
            var first = plan.Events
                .Where(e => e.Node == node.Name && e.Action is ScenarioAction.Start or ScenarioAction.Stop or ScenarioAction.Kill)
                .OrderBy(e => e.At).FirstOrDefault();
            if (first?.Action != ScenarioAction.Start)
            {
                sim.At(Core.Time.Instant.Zero).Start(node.Name);
            }
        }
        return null;
    }
}
