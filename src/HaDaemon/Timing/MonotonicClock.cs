using System.Diagnostics;
using HaDaemon.Core.Time;

namespace HaDaemon.Timing;

/// <summary>
/// The real clock for the engine: <see cref="Stopwatch"/> timestamps (CLOCK_MONOTONIC on Linux, never stepped by NTP)
/// converted to <see cref="Instant"/> ticks of 1/256 µs since the clock's origin (boot). Conversions are exact
/// integer arithmetic so that a deadline converted back to the clock for timerfd never lands before the Instant.
/// </summary>
public static class MonotonicClock
{
    private static readonly long Frequency = Stopwatch.Frequency;

    public static Instant Now => FromStopwatchTicks(Stopwatch.GetTimestamp());

    public static Instant FromStopwatchTicks(long ticks) =>
        new((long)((Int128)ticks * Duration.TicksPerSecond / Frequency));

    /// <summary>Nanoseconds on CLOCK_MONOTONIC for an Instant, rounded up (a timer armed there fires at or after it).</summary>
    public static long ToMonotonicNanoseconds(Instant instant)
    {
        var stopwatchTicks = CeilDiv((Int128)instant.Ticks * Frequency, Duration.TicksPerSecond);
        return (long)CeilDiv(stopwatchTicks * 1_000_000_000, Frequency);
    }

    /// <summary>CLOCK_MONOTONIC in µs, as systemd wants in MONOTONIC_USEC.</summary>
    public static long NowMicroseconds => (long)((Int128)Stopwatch.GetTimestamp() * 1_000_000 / Frequency);

    private static Int128 CeilDiv(Int128 a, Int128 b) => (a + b - 1) / b;
}
