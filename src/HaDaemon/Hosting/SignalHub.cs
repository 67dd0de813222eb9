using System.Runtime.InteropServices;
using HaDaemon.Cli;

namespace HaDaemon.Hosting;

/// <summary>
/// Turns POSIX signals into <see cref="DaemonSignal"/>s via PosixSignalRegistration (raw numbers are accepted by
/// casting, which is how USR1/USR2 and the real-time signals are reached). Every handled signal is cancelled so the
/// runtime's default action (termination for USR1, HUP…) never runs; the handler only posts work, it never blocks.
/// </summary>
public sealed class SignalHub : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <summary>
    /// The handled signals whose inherited SIG_IGN is undone. SIGTERM too: the JIT runtime installs its own handler at
    /// start whatever was inherited (so there is nothing to undo), but NativeAOT leaves an inherited SIG_IGN in place and
    /// the daemon could not be stopped. Not SIGINT: the runtime keeps an inherited SIG_IGN for it (a shell's background
    /// job) and never installs a handler after a reset, so resetting it would let Ctrl-C kill the daemon without
    /// releasing its VIPs; an ignored SIGINT stays ignored.
    /// </summary>
    public static readonly int[] RestorableFromIgnore =
    [
        SignalFunctions.Stop, SignalFunctions.Reload, SignalFunctions.Data, SignalFunctions.Stats, SignalFunctions.StatsClear, SignalFunctions.Json,
    ];

    /// <summary>Signals the daemon needs delivered: the handled ones, SIGCHLD (the runtime reaps children by it) and
    /// SIGXCPU (the realtime CPU limit's warning).</summary>
    public static readonly int[] MustBeUnblocked =
    [
        SignalFunctions.Interrupt, .. RestorableFromIgnore, 17 /* SIGCHLD */, 24 /* SIGXCPU */,
    ];

    /// <summary>
    /// Undoes an inherited SIG_IGN or blocked mask for the daemon's signals (see <see cref="InheritedSignalDisposition"/>).
    /// Call on the main thread before any hub is created; returns what it changed, for the log.
    /// </summary>
    public static (IReadOnlyList<int> Ignored, IReadOnlyList<int> Blocked) ResetInherited() =>
        (InheritedSignalDisposition.RestoreIgnored(RestorableFromIgnore), InheritedSignalDisposition.Unblock(MustBeUnblocked));

    public SignalHub(bool ignoreSigint, Action<DaemonSignal> handler)
    {
        Register(PosixSignal.SIGTERM, DaemonSignal.Stop, handler);
        Register(PosixSignal.SIGINT, ignoreSigint ? null : DaemonSignal.Stop, handler);
        Register(PosixSignal.SIGHUP, DaemonSignal.Reload, handler);
        Register((PosixSignal)SignalFunctions.Data, DaemonSignal.Data, handler);
        Register((PosixSignal)SignalFunctions.Stats, DaemonSignal.Stats, handler);
        Register((PosixSignal)SignalFunctions.StatsClear, DaemonSignal.StatsClear, handler);
        Register((PosixSignal)SignalFunctions.Json, DaemonSignal.Json, handler);
    }

    private void Register(PosixSignal signal, DaemonSignal? meaning, Action<DaemonSignal> handler) =>
        _registrations.Add(PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            if (meaning is { } m)
            {
                handler(m);
            }
        }));

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _registrations.Clear();
    }
}
