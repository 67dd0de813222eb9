using System.Net;
using HaDaemon.Core.Time;

namespace HaDaemon.Operations;

/// <summary>One simulated machine: its name, its keepalived.conf and the <c>@id</c> selecting its lines.</summary>
public sealed record SimulatedNodeSpec(string Name, string ConfigFile, string ConfigId);

public enum ScenarioAction
{
    Kill,
    Stop,
    Start,
    ScriptFail,
    ScriptOk,
    Loss,
}

/// <summary>One scripted action: at <paramref name="At"/>, do <paramref name="Action"/> to a node (and its script).</summary>
public sealed record ScenarioEvent(Instant At, ScenarioAction Action, string? Node, string? Script = null, double Loss = 0);

/// <summary>Nodes of <paramref name="SideA"/> cannot talk to nodes of <paramref name="SideB"/> during [From, Until).</summary>
public sealed record PartitionSpec(IReadOnlyList<string> SideA, IReadOnlyList<string> SideB, Instant From, Instant Until);

/// <summary>Everything <c>hadaemon simulate</c> was asked to do.</summary>
public sealed record SimulationPlan
{
    public IReadOnlyList<SimulatedNodeSpec> Nodes { get; init; } = [];
    /// <summary><c>--addr node1=IP</c> (first interface) or <c>--addr node1:eth1=IP</c>: the node's own address there.</summary>
    public IReadOnlyDictionary<string, IPAddress> Addresses { get; init; } = new Dictionary<string, IPAddress>();
    public IReadOnlyList<ScenarioEvent> Events { get; init; } = [];
    public IReadOnlyList<PartitionSpec> Partitions { get; init; } = [];
    public Instant Until { get; init; } = Instant.Zero + Duration.FromSeconds(60L);
    public int Seed { get; init; } = 1;
}
