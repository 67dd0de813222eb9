using HaDaemon.Core.Time;

namespace HaDaemon.Core.Simulation;

/// <summary>
/// The simulator's virtual clock and agenda. Events run in (time, insertion order): two events scheduled for the same
/// instant always run in the order they were scheduled, so a run depends only on the scenario and the seed, never on
/// hash codes, threads or the wall clock.
/// </summary>
public sealed class EventScheduler
{
    private readonly PriorityQueue<Action, (long Ticks, long Sequence)> _agenda = new();
    private long _nextSequence;

    public Instant Now { get; private set; } = Instant.Zero;

    public int Pending => _agenda.Count;

    /// <summary>Events processed since creation (for benchmarks and runaway detection).</summary>
    public long Processed { get; private set; }

    /// <summary>Schedules <paramref name="action"/> at <paramref name="at"/>; a time in the past means "now".</summary>
    public void Schedule(Instant at, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (at < Now)
        {
            at = Now;
        }
        _agenda.Enqueue(action, (at.Ticks, _nextSequence++));
    }

    /// <summary>Runs every event due at or before <paramref name="until"/>, then leaves the clock at <paramref name="until"/>.</summary>
    public void RunUntil(Instant until)
    {
        while (_agenda.TryPeek(out _, out var key) && key.Ticks <= until.Ticks)
        {
            var action = _agenda.Dequeue();
            Now = new Instant(key.Ticks);
            Processed++;
            action();
        }
        if (until > Now && until != Instant.Never)
        {
            Now = until;
        }
    }

    /// <summary>The time of the next event, or <see cref="Instant.Never"/>.</summary>
    public Instant NextEventTime => _agenda.TryPeek(out _, out var key) ? new Instant(key.Ticks) : Instant.Never;
}
