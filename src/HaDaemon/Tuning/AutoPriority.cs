using System.Globalization;

namespace HaDaemon.Tuning;

/// <summary>
/// keepalived's reaction to a late event loop (lib/scheduler.c after epoll_wait, lib/process.c
/// increment_process_priority): when the earliest timer is more than <c>min_auto_priority_delay</c> overdue it logs
/// "A thread timer expired …" and, if <c>max_auto_priority</c> is positive, switches to SCHED_RR at the minimum
/// priority (1) or raises the priority by one, up to that maximum. Pure: the caller applies the result.
/// </summary>
public sealed class AutoPriority(int maxPriority, TimeSpan minDelay)
{
    /// <summary>What to do about one overdue wake-up: the log line (null if not late enough) and the new priority (null = keep).</summary>
    public readonly record struct Reaction(string? Message, int? RaiseTo);

    public Reaction OnOverdue(TimeSpan late, int currentPriority)
    {
        if (late <= minDelay)
        {
            return default;
        }
        var micros = (long)late.TotalMicroseconds;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"A thread timer expired {micros / 1_000_000}.{micros % 1_000_000:D6} seconds ago");
        // max_auto_priority -1 ("disable") leaves keepalived's max_rt_priority at 0: never raised, like the default.
        if (maxPriority <= 0 || currentPriority >= maxPriority)
        {
            return new Reaction(message, null);
        }
        return new Reaction(message, currentPriority == 0 ? 1 : currentPriority + 1);
    }
}
