using HaDaemon.Core.Simulation;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Tests.Simulation;

public class EventSchedulerTests
{
    [Fact]
    public void Simultaneous_events_run_in_scheduling_order_and_time_advances_monotonically()
    {
        var scheduler = new EventScheduler();
        var log = new List<string>();
        var t1 = Instant.Zero + Duration.FromSeconds(1);
        scheduler.Schedule(t1, () => log.Add("a@1"));
        scheduler.Schedule(Instant.Zero + Duration.FromMilliseconds(500), () =>
        {
            log.Add("x@0.5");
            // Scheduled later for the same instant as "a": must run after it.
            scheduler.Schedule(t1, () => log.Add("c@1"));
        });
        scheduler.Schedule(t1, () => log.Add("b@1"));

        scheduler.RunUntil(Instant.Zero + Duration.FromSeconds(2));

        Assert.Equal(["x@0.5", "a@1", "b@1", "c@1"], log);
        Assert.Equal(Instant.Zero + Duration.FromSeconds(2), scheduler.Now);
        Assert.Equal(4, scheduler.Processed);
    }

    [Fact]
    public void Events_after_the_limit_stay_queued_and_past_times_mean_now()
    {
        var scheduler = new EventScheduler();
        var ran = 0;
        scheduler.Schedule(Instant.Zero + Duration.FromSeconds(5), () => ran++);
        scheduler.RunUntil(Instant.Zero + Duration.FromSeconds(4));
        Assert.Equal(0, ran);
        Assert.Equal(1, scheduler.Pending);

        scheduler.Schedule(Instant.Zero, () => ran += 10);
        Assert.Equal(Instant.Zero + Duration.FromSeconds(4), scheduler.NextEventTime);
        scheduler.RunUntil(Instant.Zero + Duration.FromSeconds(5));
        Assert.Equal(11, ran);
    }
}
