using HaDaemon.Core.Engine.Tracking;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine;

/// <summary>What instances share inside one router: the clock of the event being handled and the output queue.</summary>
internal sealed class EngineContext
{
    private readonly Queue<EngineCommand> _commands = new();
    private long _transitionId;

    public Instant Now { get; set; }

    /// <summary>
    /// keepalived's vrrp_delayed_start_time: until then, BACKUP down timers count from this instant, not from now.
    /// <see cref="Instant.Zero"/> = no delay.
    /// </summary>
    public Instant DelayedStartUntil { get; set; } = Instant.Zero;

    public bool InStartupDelay => Now < DelayedStartUntil;

    /// <summary>The shared tracker states (one script may be tracked by many instances).</summary>
    public TrackerBoard Board { get; } = new();

    /// <summary>Every instance's next deadline, kept ordered as timers are set.</summary>
    public DeadlineQueue Deadlines { get; } = new();

    public void Emit(EngineCommand command) => _commands.Enqueue(command);

    public long NextTransitionId() => ++_transitionId;

    public bool TryDequeue(out EngineCommand command) => _commands.TryDequeue(out command!);

    public int Pending => _commands.Count;
}
