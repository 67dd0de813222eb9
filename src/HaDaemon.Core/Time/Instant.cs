namespace HaDaemon.Core.Time;

/// <summary>
/// A span of protocol time. One tick is 1/256 µs so that the RFC skew formulas — (256 − priority)/256 s for
/// VRRPv2 and (256 − priority) × interval/256 for VRRPv3 with the interval in centiseconds — are exact integers:
/// a virtual-time test can then demand "exactly 3 × I + skew" with no rounding tolerance.
/// A long holds ±1,100 years of these ticks.
/// </summary>
public readonly record struct Duration(long Ticks) : IComparable<Duration>
{
    public const long TicksPerMicrosecond = 256;
    public const long TicksPerMillisecond = TicksPerMicrosecond * 1000;
    public const long TicksPerCentisecond = TicksPerMillisecond * 10;
    public const long TicksPerSecond = TicksPerMillisecond * 1000;

    public static readonly Duration Zero = new(0);
    public static readonly Duration MaxValue = new(long.MaxValue);

    public static Duration FromSeconds(long seconds) => new(checked(seconds * TicksPerSecond));
    public static Duration FromCentiseconds(long centiseconds) => new(checked(centiseconds * TicksPerCentisecond));
    public static Duration FromMilliseconds(long milliseconds) => new(checked(milliseconds * TicksPerMillisecond));
    public static Duration FromMicroseconds(long microseconds) => new(checked(microseconds * TicksPerMicrosecond));

    /// <summary>Converts a decimal number of seconds (as written in keepalived.conf) to the nearest tick.</summary>
    public static Duration FromSeconds(double seconds) => new((long)Math.Round(seconds * TicksPerSecond));

    public double TotalSeconds => (double)Ticks / TicksPerSecond;
    public double TotalMilliseconds => (double)Ticks / TicksPerMillisecond;
    /// <summary>For the shell's real clock; a TimeSpan tick is 100 ns = 25.6 Duration ticks.</summary>
    public TimeSpan ToTimeSpan() => new((long)(Ticks / 25.6));

    public static Duration operator +(Duration a, Duration b) => new(checked(a.Ticks + b.Ticks));
    public static Duration operator -(Duration a, Duration b) => new(checked(a.Ticks - b.Ticks));
    public static Duration operator *(Duration a, long n) => new(checked(a.Ticks * n));
    public static Duration operator *(long n, Duration a) => new(checked(a.Ticks * n));
    public static bool operator <(Duration a, Duration b) => a.Ticks < b.Ticks;
    public static bool operator >(Duration a, Duration b) => a.Ticks > b.Ticks;
    public static bool operator <=(Duration a, Duration b) => a.Ticks <= b.Ticks;
    public static bool operator >=(Duration a, Duration b) => a.Ticks >= b.Ticks;

    public int CompareTo(Duration other) => Ticks.CompareTo(other.Ticks);
    public override string ToString() => $"{TotalSeconds:0.######}s";
}

/// <summary>
/// A point on a monotonic clock, in <see cref="Duration"/> ticks since an arbitrary origin. The core never reads a
/// clock: every event carries its Instant, and the shell (real clock) or the simulator (virtual clock) supplies it.
/// </summary>
public readonly record struct Instant(long Ticks) : IComparable<Instant>
{
    public static readonly Instant Zero = new(0);
    /// <summary>"Never": used as the deadline of a timer that is not armed.</summary>
    public static readonly Instant Never = new(long.MaxValue);

    public static Instant operator +(Instant t, Duration d) => d.Ticks == long.MaxValue ? Never : new(checked(t.Ticks + d.Ticks));
    public static Instant operator -(Instant t, Duration d) => new(checked(t.Ticks - d.Ticks));
    public static Duration operator -(Instant a, Instant b) => new(checked(a.Ticks - b.Ticks));
    public static bool operator <(Instant a, Instant b) => a.Ticks < b.Ticks;
    public static bool operator >(Instant a, Instant b) => a.Ticks > b.Ticks;
    public static bool operator <=(Instant a, Instant b) => a.Ticks <= b.Ticks;
    public static bool operator >=(Instant a, Instant b) => a.Ticks >= b.Ticks;

    public static Instant Min(Instant a, Instant b) => a <= b ? a : b;
    public int CompareTo(Instant other) => Ticks.CompareTo(other.Ticks);
    public override string ToString() => this == Never ? "never" : $"{(double)Ticks / Duration.TicksPerSecond:0.######}s";
}
