using HaDaemon.Core.Time;

namespace HaDaemon.Hosting;

/// <summary>What the event loop runs between events: the engine's timers, behind a deadline.</summary>
public interface ILoopDriver
{
    /// <summary>When <see cref="OnDeadline"/> is next due; <see cref="Instant.Never"/> when nothing is armed.</summary>
    Instant NextDeadline { get; }

    /// <summary>Called on the loop thread once <see cref="NextDeadline"/> has passed.</summary>
    void OnDeadline(Instant now);
}
