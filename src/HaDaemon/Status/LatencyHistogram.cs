namespace HaDaemon.Status;

/// <summary>
/// A Prometheus-style cumulative histogram with fixed bounds, updated on the event loop only (no locks). Values are
/// seconds; the bounds span 50 µs to 1 s, where advert lateness and transition times live.
/// </summary>
public sealed class LatencyHistogram
{
    public static IReadOnlyList<double> DefaultBounds { get; } =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    private readonly double[] _bounds;
    private readonly long[] _counts;
    private double _sum;
    private long _count;

    public LatencyHistogram(IReadOnlyList<double>? bounds = null)
    {
        _bounds = [.. bounds ?? DefaultBounds];
        _counts = new long[_bounds.Length];
    }

    public void Observe(double seconds)
    {
        var value = Math.Max(0, seconds);
        // Counts per bucket, not cumulative: the snapshot accumulates, so Observe stays O(log n).
        var index = Array.BinarySearch(_bounds, value);
        if (index < 0)
        {
            index = ~index;
        }
        if (index < _counts.Length)
        {
            _counts[index]++;
        }
        _sum += value;
        _count++;
    }

    public HistogramSnapshot Snapshot()
    {
        var cumulative = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += _counts[i];
            cumulative[i] = running;
        }
        return new HistogramSnapshot(_bounds, cumulative, _sum, _count);
    }
}

/// <summary>Cumulative bucket counts (le = <see cref="Bounds"/>[i]); <see cref="Count"/> is the +Inf bucket.</summary>
public sealed record HistogramSnapshot(IReadOnlyList<double> Bounds, IReadOnlyList<long> Cumulative, double Sum, long Count)
{
    public static HistogramSnapshot Empty { get; } = new LatencyHistogram().Snapshot();
}
