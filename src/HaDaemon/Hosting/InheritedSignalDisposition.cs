using static HaDaemon.Scripts.Native.LibC;

namespace HaDaemon.Hosting;

/// <summary>
/// Undoes what a parent can hand down that stops signals reaching the daemon. keepalived installs its handlers and
/// reads its signals from a signalfd whatever it inherited; .NET delivers nothing to a PosixSignalRegistration for a
/// signal that is ignored (<c>nohup hadaemon</c> silently lost SIGHUP reloads) or blocked in the signal mask (a
/// supervisor that execs with signals blocked: SIGTERM then did nothing, and the stop that follows is a SIGKILL that
/// leaves the VIPs behind). So before the handlers are registered: SIG_IGN goes back to SIG_DFL (a disposition that
/// is not SIG_IGN, such as the runtime's own handlers, is left alone) and the handled signals are unblocked.
/// </summary>
internal static unsafe class InheritedSignalDisposition
{
    private const nint SIG_IGN = 1;
    private const nint SIG_DFL = 0;
    private const int SA_SIGINFO = 4;
    private const int SIG_UNBLOCK = 1;

    /// <summary>glibc's struct sigaction is 152 bytes on x86_64 and arm64 (handler, 128-byte mask, flags, restorer);
    /// the buffer is larger so another layout cannot overrun it. Handler first, flags after the mask.</summary>
    private const int SigactionSize = 256;
    private const int FlagsOffset = 8 + 128;

    /// <summary>Resets each signal in <paramref name="signals"/> that is ignored to its default action; returns the
    /// ones it reset.</summary>
    public static IReadOnlyList<int> RestoreIgnored(IEnumerable<int> signals)
    {
        var restored = new List<int>();
        var current = stackalloc byte[SigactionSize];
        var reset = stackalloc byte[SigactionSize];
        foreach (var signal in signals)
        {
            new Span<byte>(current, SigactionSize).Clear();
            if (sigaction(signal, null, current) != 0)
            {
                continue;
            }
            var handler = *(nint*)current;
            var flags = *(int*)(current + FlagsOffset);
            if (handler != SIG_IGN || (flags & SA_SIGINFO) != 0)
            {
                continue;
            }
            new Span<byte>(reset, SigactionSize).Clear();
            *(nint*)reset = SIG_DFL;
            if (sigaction(signal, reset, null) == 0)
            {
                restored.Add(signal);
            }
        }
        return restored;
    }

    /// <summary>Unblocks <paramref name="signals"/> for the calling thread (call it on the main thread, which lives as
    /// long as the process: a process-directed signal goes to a thread that does not block it); returns the ones that
    /// were blocked.</summary>
    public static IReadOnlyList<int> Unblock(IEnumerable<int> signals)
    {
        var set = stackalloc byte[SigSetSize];
        var old = stackalloc byte[SigSetSize];
        new Span<byte>(old, SigSetSize).Clear();
        if (sigemptyset(set) != 0)
        {
            return [];
        }
        var wanted = signals.Where(signal => sigaddset(set, signal) == 0).ToArray();
        if (pthread_sigmask(SIG_UNBLOCK, set, old) != 0)
        {
            return [];
        }
        return [.. wanted.Where(signal => sigismember(old, signal) == 1)];
    }
}
