using System.Runtime.InteropServices;

namespace HaDaemon.Tuning.Native;

/// <summary>
/// The libc calls behind keepalived's lib/process.c (set_process_priorities, set_process_dont_swap,
/// set_process_cpu_affinity) that .NET does not expose. Linux x86-64/arm64 values.
/// </summary>
internal static unsafe partial class SchedLibc
{
    private const string Lib = "libc";

    public const int PRIO_PROCESS = 0;
    public const int SCHED_OTHER = 0;
    public const int SCHED_RR = 2;
    /// <summary>Children (scripts) start with normal scheduling, as keepalived asks for.</summary>
    public const int SCHED_RESET_ON_FORK = 0x40000000;
    public const int RLIMIT_RTTIME = 15;
    public const int MCL_CURRENT = 1;
    public const int MCL_FUTURE = 2;
    /// <summary>Linux ≥ 4.4: lock pages as they are touched instead of populating every mapping now.</summary>
    public const int MCL_ONFAULT = 4;
    /// <summary>SIGXCPU on x86-64 and arm64: the RLIMIT_RTTIME soft limit's warning.</summary>
    public const int SIGXCPU = 24;
    public const int EINVAL = 22;
    public const int ESRCH = 3;

    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport(Lib, EntryPoint = "setpriority", SetLastError = true)]
    public static partial int SetPriority(int which, uint who, int priority);

    [LibraryImport(Lib, EntryPoint = "sched_setscheduler", SetLastError = true)]
    public static partial int SchedSetScheduler(int tid, int policy, int* priority);

    [LibraryImport(Lib, EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SchedSetAffinity(int tid, nuint size, ulong* mask);

    [LibraryImport(Lib, EntryPoint = "setrlimit", SetLastError = true)]
    public static partial int SetRLimit(int resource, RLimit* limit);

    [LibraryImport(Lib, EntryPoint = "mlockall", SetLastError = true)]
    public static partial int MLockAll(int flags);

    [LibraryImport(Lib, EntryPoint = "gettid")]
    public static partial int GetTid();

    /// <summary>strerror(errno) of the last call, the text keepalived's "%m" prints.</summary>
    public static string LastError(out int errno)
    {
        errno = Marshal.GetLastPInvokeError();
        return Marshal.GetPInvokeErrorMessage(errno);
    }
}
