using HaDaemon.Core.Time;

namespace HaDaemon.Core.Simulation;

/// <summary>
/// A time-bounded cut between two sets of nodes, in [From, Until). One-way cuts model asymmetric failures (a node
/// that hears its peer but is not heard), the classic cause of a lasting split brain.
/// </summary>
public sealed record Partition(IReadOnlySet<string> SideA, IReadOnlySet<string> SideB, Instant From, Instant Until, bool OneWay)
{
    /// <summary>True when a packet sent at <paramref name="at"/> from <paramref name="fromNode"/> cannot reach <paramref name="toNode"/>.</summary>
    public bool Blocks(string fromNode, string toNode, Instant at)
    {
        if (at < From || at >= Until)
        {
            return false;
        }
        if (SideA.Contains(fromNode) && SideB.Contains(toNode))
        {
            return true;
        }
        return !OneWay && SideB.Contains(fromNode) && SideA.Contains(toNode);
    }

    public override string ToString() =>
        $"[{string.Join(",", SideA.Order(StringComparer.Ordinal))}] {(OneWay ? "->" : "<->")} [{string.Join(",", SideB.Order(StringComparer.Ordinal))}] {From}..{Until}";
}
