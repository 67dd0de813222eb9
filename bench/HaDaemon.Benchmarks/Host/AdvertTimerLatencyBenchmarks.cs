using System.Globalization;
using BenchmarkDotNet.Attributes;
using HaDaemon.Core.Time;
using HaDaemon.Hosting;
using HaDaemon.Timing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaDaemon.Benchmarks.Host;

/// <summary>
/// How late the daemon's event loop wakes for a 0.01 s advert timer: a driver with a fixed 10 ms absolute schedule
/// (the way the engine's advert deadline advances) records now − deadline at each wake. BenchmarkDotNet's time per
/// invocation is only the length of the run; the lateness percentiles are printed at the end of the run
/// ("advert timer lateness …") and are the result that matters.
/// Run: dotnet run -c Release --project bench/HaDaemon.Benchmarks -- --filter '*AdvertTimerLatency*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class AdvertTimerLatencyBenchmarks
{
    private const int TicksPerRun = 300;
    private static readonly Duration Period = Duration.FromMilliseconds(10);
    private readonly List<double> _latenessMs = [];

    private sealed class PeriodicDriver(Instant first, int count, List<double> lateness) : ILoopDriver
    {
        private int _left = count;

        public Instant NextDeadline { get; private set; } = first;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnDeadline(Instant now)
        {
            lateness.Add((now - NextDeadline).TotalMilliseconds);
            NextDeadline = --_left > 0 ? NextDeadline + Period : Instant.Never;
            if (_left == 0)
            {
                Done.TrySetResult();
            }
        }
    }

    [Benchmark]
    public void TenMillisecondAdvertSchedule()
    {
        using var loop = new EventLoop(NullLogger<EventLoop>.Instance);
        var driver = new PeriodicDriver(MonotonicClock.Now + Period, TicksPerRun, _latenessMs);
        loop.Driver = driver;
        loop.Start();
        driver.Done.Task.Wait();
        loop.RequestStop();
        loop.Completion.Wait();
    }

    [GlobalCleanup]
    public void Report()
    {
        var sorted = _latenessMs.Order().ToArray();
        if (sorted.Length == 0)
        {
            return;
        }
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"advert timer lateness over {sorted.Length} ticks: p50 {P(0.50):0.000} ms, p99 {P(0.99):0.000} ms, max {sorted[^1]:0.000} ms"));
    }
}
