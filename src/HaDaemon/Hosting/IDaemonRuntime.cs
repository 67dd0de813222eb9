using HaDaemon.Core.Time;

namespace HaDaemon.Hosting;

/// <summary>
/// The VRRP side of the daemon as the host sees it. Every member except <see cref="PrepareReload"/> runs on the
/// event-loop thread; the runtime posts its own I/O events to the <see cref="EventLoop"/> given to <see cref="Start"/>.
/// </summary>
public interface IDaemonRuntime : ILoopDriver, IDisposable
{
    /// <summary>Opens sockets, cleans stale VIPs, starts the instances. Throws <see cref="DaemonExitException"/> when it cannot run.</summary>
    void Start(EventLoop loop, Instant now);

    /// <summary>Graceful stop: masters send priority 0, addresses are released (unless -V), stop notifies run.
    /// The task completes (on any thread) when the runtime has nothing left to send.</summary>
    Task Stop(Instant now);

    /// <summary>Off the loop thread: reads and checks the configuration again. Returns the change to apply on the
    /// loop thread, or null when the new configuration is unusable (the errors are logged; the old one stays).</summary>
    Action<Instant>? PrepareReload();

    /// <summary>USR1/USR2/STATS_CLEAR/JSON dumps.</summary>
    void Dump(DaemonSignal which, Instant now);

    /// <summary>The process settings of the configuration in force (after the last applied reload).</summary>
    Config.Model.ProcessDefs Process => Config.Model.ProcessDefs.Default;

    /// <summary>One line for systemd's STATUS=, e.g. "2 instances: VI_1 MASTER, VI_2 BACKUP".</summary>
    string StatusLine { get; }
}
