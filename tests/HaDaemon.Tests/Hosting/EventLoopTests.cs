using System.Collections.Concurrent;
using HaDaemon.Core.Time;
using HaDaemon.Hosting;
using HaDaemon.Timing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaDaemon.Tests.Hosting;

public class EventLoopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private sealed class OneShotDriver(Instant due) : ILoopDriver
    {
        public Instant NextDeadline { get; private set; } = due;
        public TaskCompletionSource<Instant> Fired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnDeadline(Instant now)
        {
            NextDeadline = Instant.Never;
            Fired.TrySetResult(now);
        }
    }

    [Fact]
    public async Task Posted_work_runs_in_order_on_the_loop_thread()
    {
        using var loop = new EventLoop(NullLogger<EventLoop>.Instance);
        loop.Start();
        var seen = new ConcurrentQueue<(int, bool)>();
        for (var i = 0; i < 100; i++)
        {
            var n = i;
            loop.Post(_ => seen.Enqueue((n, loop.IsLoopThread)));
        }
        loop.RequestStop();
        await loop.Completion.WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, 100), seen.Select(s => s.Item1));
        Assert.All(seen, s => Assert.True(s.Item2));
    }

    [Fact]
    public async Task The_driver_deadline_fires_not_before_it_is_due()
    {
        using var loop = new EventLoop(NullLogger<EventLoop>.Instance);
        var due = MonotonicClock.Now + Duration.FromMilliseconds(20);
        var driver = new OneShotDriver(due);
        loop.Driver = driver;
        loop.Start();
        var firedAt = await driver.Fired.Task.WaitAsync(Patience);
        Assert.True(firedAt >= due);
        loop.RequestStop();
        await loop.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_driver_deadline_moved_earlier_by_posted_work_is_honoured()
    {
        using var loop = new EventLoop(NullLogger<EventLoop>.Instance);
        var driver = new OneShotDriver(Instant.Never);
        loop.Driver = driver;
        loop.Start();
        await Task.Delay(20);
        var due = MonotonicClock.Now + Duration.FromMilliseconds(5);
        // The new driver is made here, not in the posted work: on a starved machine the loop may run that work long
        // after this thread looks at the driver.
        var earlier = new OneShotDriver(due);
        loop.Post(_ => loop.Driver = earlier);
        var firedAt = await earlier.Fired.Task.WaitAsync(Patience);
        Assert.True(firedAt >= due);
        loop.RequestStop();
        await loop.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task Scheduled_host_timers_run_in_due_order()
    {
        using var loop = new EventLoop(NullLogger<EventLoop>.Instance);
        loop.Start();
        var order = new ConcurrentQueue<int>();
        var done = new TaskCompletionSource();
        var now = MonotonicClock.Now;
        // Scheduled from one work item, so a test thread descheduled between the calls cannot let the first timer run
        // before the others exist.
        loop.Post(_ =>
        {
            loop.Schedule(now + Duration.FromMilliseconds(30), _ =>
            {
                order.Enqueue(3);
                done.SetResult();
            });
            loop.Schedule(now + Duration.FromMilliseconds(10), _ => order.Enqueue(1));
            loop.Schedule(now + Duration.FromMilliseconds(20), _ => order.Enqueue(2));
        });
        await done.Task.WaitAsync(Patience);
        Assert.Equal([1, 2, 3], order);
        loop.RequestStop();
        await loop.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_throwing_work_item_is_reported_and_the_loop_goes_on()
    {
        using var loop = new EventLoop(NullLogger<EventLoop>.Instance);
        Exception? reported = null;
        loop.Faulted += ex => reported = ex;
        loop.Start();
        loop.Post(_ => throw new InvalidOperationException("boom"));
        var after = new TaskCompletionSource();
        loop.Post(_ => after.SetResult());
        await after.Task.WaitAsync(Patience);
        Assert.IsType<InvalidOperationException>(reported);
        loop.RequestStop();
        await loop.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task The_loop_thread_runs_the_start_hook_and_reports_how_late_it_reached_a_due_timer()
    {
        using var loop = new EventLoop(NullLogger<EventLoop>.Instance);
        var hookThread = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lateness = new ConcurrentQueue<TimeSpan>();
        loop.ThreadStarted = () => hookThread.TrySetResult(Thread.CurrentThread.Name);
        loop.Overdue = lateness.Enqueue;
        loop.Start();
        Assert.Equal("hadaemon-loop", await hookThread.Task.WaitAsync(Patience));
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A timer already 50 ms overdue when the loop looks at it (the work before it keeps the loop busy).
        loop.Post(now =>
        {
            loop.Schedule(now - Duration.FromMilliseconds(50), _ => ran.TrySetResult());
        });
        await ran.Task.WaitAsync(Patience);
        loop.RequestStop();
        await loop.Completion.WaitAsync(Patience);
        Assert.Contains(lateness, l => l >= TimeSpan.FromMilliseconds(50));
    }
}
