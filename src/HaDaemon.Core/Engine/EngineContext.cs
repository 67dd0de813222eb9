using HaDaemon.Core.Engine.Tracking;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine;

/// <summary>What instances share inside one router: the clock of the event being handled and the output queue.</summary>
internal sealed class EngineContext
{
    private readonly Queue<EngineCommand> _commands = new();
    private long _transitionId;

    public Instant Now { get; set; }

    /// <summary>The shared tracker states (one script may be tracked by many instances).</summary>
    public TrackerBoard Board { get; } = new();

    public void Emit(EngineCommand command) => _commands.Enqueue(command);

    public long NextTransitionId() => ++_transitionId;

    public bool TryDequeue(out EngineCommand command) => _commands.TryDequeue(out command!);

    public int Pending => _commands.Count;
}
