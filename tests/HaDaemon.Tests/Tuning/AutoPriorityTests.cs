using HaDaemon.Tuning;

namespace HaDaemon.Tests.Tuning;

/// <summary>keepalived's increment_process_priority and its "A thread timer expired" trigger.</summary>
public sealed class AutoPriorityTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Lateness_up_to_the_minimum_delay_does_nothing()
    {
        var auto = new AutoPriority(99, Second);
        Assert.Equal(default, auto.OnOverdue(Second, 0));
        Assert.Equal(default, auto.OnOverdue(TimeSpan.FromMilliseconds(3), 0));
    }

    [Fact]
    public void Late_beyond_the_delay_logs_keepalived_s_line_even_when_raising_is_off()
    {
        var r = new AutoPriority(0, Second).OnOverdue(TimeSpan.FromMicroseconds(2_000_042), 0);
        Assert.Equal("A thread timer expired 2.000042 seconds ago", r.Message);
        Assert.Null(r.RaiseTo);
        Assert.Null(new AutoPriority(-1, Second).OnOverdue(2 * Second, 0).RaiseTo);
    }

    [Fact]
    public void First_raise_is_to_the_minimum_realtime_priority_then_one_step_each_time_up_to_the_maximum()
    {
        var auto = new AutoPriority(3, TimeSpan.FromMilliseconds(100));
        var late = TimeSpan.FromMilliseconds(150);
        var priorities = new List<int>();
        var current = 0;
        for (var i = 0; i < 5; i++)
        {
            if (auto.OnOverdue(late, current).RaiseTo is { } next)
            {
                current = next;
                priorities.Add(next);
            }
        }
        Assert.Equal([1, 2, 3], priorities);
    }

    [Fact]
    public void A_configured_realtime_priority_is_raised_from_where_it_is()
    {
        Assert.Equal(41, new AutoPriority(50, Second).OnOverdue(2 * Second, 40).RaiseTo);
        Assert.Null(new AutoPriority(30, Second).OnOverdue(2 * Second, 40).RaiseTo);
    }
}
