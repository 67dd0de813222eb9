using HaDaemon.Core.Time;

namespace HaDaemon.Core.Simulation;

/// <summary>
/// "At time t, do X": <c>sim.At(Duration.FromSeconds(5)).Kill("node1")</c>. Each call schedules the action on the
/// virtual clock and returns the same step, so several actions can share one instant (they run in call order).
/// </summary>
public sealed class ScenarioStep
{
    private readonly Simulator _sim;

    internal ScenarioStep(Simulator sim, Instant at)
    {
        _sim = sim;
        At = at;
    }

    public Instant At { get; }

    /// <summary>kill -9 / power loss: the node vanishes without a word; its addresses vanish with it.</summary>
    public ScenarioStep Kill(string node) => Do(() => _sim.Kill(node));

    /// <summary>SIGTERM: masters send a priority-0 advert and release their addresses, then the node stops.</summary>
    public ScenarioStep Stop(string node) => Do(() => _sim.Stop(node));

    /// <summary>(Re)starts a node with fresh engine state, as a daemon start after boot.</summary>
    public ScenarioStep Start(string node) => Do(() => _sim.Start(node));

    public ScenarioStep LinkDown(string node, string interfaceName) => Do(() => _sim.SetLink(node, interfaceName, up: false));

    public ScenarioStep LinkUp(string node, string interfaceName) => Do(() => _sim.SetLink(node, interfaceName, up: true));

    /// <summary>Delivers one result of a vrrp_script run (the script's rise/fall counting is the engine's).</summary>
    public ScenarioStep ScriptResult(string node, string script, bool success) => Do(() => _sim.ScriptResult(node, script, success));

    /// <summary>From this instant, every periodic run of the script exits with this result.</summary>
    public ScenarioStep ScriptOutcome(string node, string script, bool success) => Do(() => _sim.ScriptOutcome(node, script, success));

    /// <summary>Sets the same loss probability on every segment from this instant on.</summary>
    public ScenarioStep SetLoss(double probability) => Do(() => _sim.SetLoss(probability));

    /// <summary>Cuts <paramref name="sideA"/> from <paramref name="sideB"/> from this instant for <paramref name="duration"/>.</summary>
    public ScenarioStep Partition(IEnumerable<string> sideA, IEnumerable<string> sideB, Duration duration, bool oneWay = false)
    {
        _sim.Partition(sideA, sideB, At, At + duration, oneWay);
        return this;
    }

    public ScenarioStep SetFaults(string segment, LinkFaults faults) => Do(() => _sim.SetFaults(segment, faults));

    public ScenarioStep SetLinkFaults(string node, string interfaceName, LinkFaults faults) =>
        Do(() => _sim.SetLinkFaults(node, interfaceName, faults));

    /// <summary>Any other action at this instant (e.g. an assertion probe in a test).</summary>
    public ScenarioStep Do(Action action)
    {
        _sim.Scheduler.Schedule(At, action);
        return this;
    }
}
