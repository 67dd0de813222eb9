using System.Runtime.InteropServices;

namespace HaDaemon.Hosting;

/// <summary>
/// Undoes an inherited "ignore" for the signals the daemon handles. A process started under <c>nohup</c>, from a
/// shell's background job (SIGINT/SIGQUIT) or by a supervisor that ran <c>trap '' HUP</c> inherits SIG_IGN, and
/// .NET then never delivers that signal to a PosixSignalRegistration: <c>nohup hadaemon</c> silently lost SIGHUP
/// reloads. keepalived installs its handlers whatever it inherited, so we put SIG_IGN back to SIG_DFL first; a
/// disposition that is not SIG_IGN (the runtime's own handlers) is left untouched.
/// </summary>
internal static unsafe partial class InheritedSignalDisposition
{
    private const nint SIG_IGN = 1;
    private const nint SIG_DFL = 0;
    private const int SA_SIGINFO = 4;

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

    public static bool IsIgnored(int signal)
    {
        var current = stackalloc byte[SigactionSize];
        new Span<byte>(current, SigactionSize).Clear();
        return sigaction(signal, null, current) == 0
            && *(nint*)current == SIG_IGN && (*(int*)(current + FlagsOffset) & SA_SIGINFO) == 0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sigaction(int signal, byte* action, byte* oldAction);
}
