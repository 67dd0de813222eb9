using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using HaDaemon.Core.Time;
using HaDaemon.Timing;

namespace HaDaemon.Tests.Timing;

public class MonotonicClockTests
{
    [Fact]
    public void Stopwatch_ticks_become_1_over_256_microsecond_ticks()
    {
        var oneSecond = Stopwatch.Frequency;
        Assert.Equal(Duration.TicksPerSecond, MonotonicClock.FromStopwatchTicks(oneSecond).Ticks);
        Assert.Equal(0, MonotonicClock.FromStopwatchTicks(0).Ticks);
    }

    [Fact]
    public void Converting_back_never_lands_before_the_instant()
    {
        // Up to ~10 years of uptime in ticks: no overflow, and the timerfd time is at or after the Instant, within 1 ns.
        var gen = Gen.Choose(0, int.MaxValue).Two()
            .Select(t => (long)t.Item1 * 37_000 + t.Item2 % 37_000).ToArbitrary();
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(gen, ticks =>
        {
            var ns = MonotonicClock.ToMonotonicNanoseconds(new Instant(ticks));
            var back = (Int128)ns * Duration.TicksPerSecond / 1_000_000_000;
            return back >= ticks && (Int128)(ns - 1) * Duration.TicksPerSecond / 1_000_000_000 <= ticks;
        }));
    }

    [Fact]
    public void Now_moves_forward()
    {
        var a = MonotonicClock.Now;
        Thread.Sleep(2);
        Assert.True(MonotonicClock.Now > a);
    }
}
