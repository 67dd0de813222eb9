using HaDaemon.Core.Time;
using HaDaemon.Timing;

namespace HaDaemon.Tests.Timing;

public class LoopWaiterTests
{
    [Fact]
    public void A_passed_deadline_returns_at_once_as_a_timeout()
    {
        using var waiter = new LoopWaiter();
        Assert.False(waiter.WaitUntil(MonotonicClock.Now - Duration.FromSeconds(1)));
    }

    [Fact]
    public void The_deadline_is_never_early()
    {
        using var waiter = new LoopWaiter();
        var deadline = MonotonicClock.Now + Duration.FromMilliseconds(5);
        Assert.False(waiter.WaitUntil(deadline));
        Assert.True(MonotonicClock.Now >= deadline);
    }

    [Fact]
    public void A_wake_before_the_wait_is_not_lost()
    {
        using var waiter = new LoopWaiter();
        waiter.Wake();
        Assert.True(waiter.WaitUntil(Instant.Never));
    }

    [Fact]
    public void A_wake_from_another_thread_ends_an_unbounded_wait()
    {
        using var waiter = new LoopWaiter();
        var t = new Thread(() =>
        {
            Thread.Sleep(20);
            waiter.Wake();
        });
        t.Start();
        Assert.True(waiter.WaitUntil(Instant.Never));
        t.Join();
    }

    [Fact]
    public void Wake_after_dispose_is_harmless()
    {
        var waiter = new LoopWaiter();
        waiter.Dispose();
        waiter.Wake();
        waiter.Dispose();
    }
}
