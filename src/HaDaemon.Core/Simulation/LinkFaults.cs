using HaDaemon.Core.Time;

namespace HaDaemon.Core.Simulation;

/// <summary>
/// Impairments applied to each copy of a packet crossing a segment or a node's link. All draws come from the
/// simulator's seeded <see cref="Random"/>, and a zero probability draws nothing, so a fault-free run consumes no
/// randomness and adding a fault to one link does not shift the random sequence of a run without it.
/// </summary>
public sealed record LinkFaults
{
    public static readonly LinkFaults None = new();

    /// <summary>Probability in [0, 1] that a copy is dropped.</summary>
    public double Loss { get; init; }
    /// <summary>Fixed one-way latency.</summary>
    public Duration Delay { get; init; }
    /// <summary>Extra latency drawn uniformly from [0, Jitter]; enough jitter reorders packets by itself.</summary>
    public Duration Jitter { get; init; }
    /// <summary>Probability that a copy is delivered twice (the duplicate follows after a fresh jitter draw).</summary>
    public double Duplicate { get; init; }
    /// <summary>Probability that a copy is held back by <see cref="ReorderHold"/>, letting later packets overtake it.</summary>
    public double Reorder { get; init; }
    public Duration ReorderHold { get; init; } = Duration.FromMilliseconds(50);
    /// <summary>Probability that one random bit of a copy is flipped (the receiver's checksum checks must catch it).</summary>
    public double Corrupt { get; init; }

    public bool IsNone => Loss <= 0 && Delay == Duration.Zero && Jitter == Duration.Zero && Duplicate <= 0 && Reorder <= 0 && Corrupt <= 0;

    /// <summary>Throws for values that cannot describe a link (scenario programming errors, not runtime input).</summary>
    public LinkFaults Validated()
    {
        CheckProbability(Loss, nameof(Loss));
        CheckProbability(Duplicate, nameof(Duplicate));
        CheckProbability(Reorder, nameof(Reorder));
        CheckProbability(Corrupt, nameof(Corrupt));
        if (Delay < Duration.Zero || Jitter < Duration.Zero || ReorderHold < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Delay), "delays must not be negative");
        }
        return this;
    }

    private static void CheckProbability(double p, string name)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
        {
            throw new ArgumentOutOfRangeException(name, p, "a probability must be within [0, 1]");
        }
    }

    internal static bool Roll(Random random, double probability) => probability > 0 && random.NextDouble() < probability;

    internal static Duration Draw(Random random, Duration max) =>
        max.Ticks <= 0 ? Duration.Zero : new Duration(random.NextInt64(max.Ticks + 1));
}
