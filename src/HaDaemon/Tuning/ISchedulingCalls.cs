namespace HaDaemon.Tuning;

/// <summary>
/// The system calls process tuning makes, behind an interface so the mapping from keepalived's keywords to calls is
/// unit-tested without privileges. Every method returns null on success or the error text (strerror).
/// </summary>
public interface ISchedulingCalls
{
    /// <summary>The calling thread's kernel id (gettid).</summary>
    int CurrentThreadId();

    /// <summary>setpriority(PRIO_PROCESS, tid, nice) for every thread of the process.</summary>
    string? SetNice(int nice);

    /// <summary>sched_setscheduler(tid, SCHED_RR | SCHED_RESET_ON_FORK, priority) for one thread.</summary>
    string? SetRoundRobin(int threadId, int priority);

    /// <summary>sched_setscheduler(tid, SCHED_OTHER, 0): back to normal scheduling.</summary>
    string? SetNormal(int threadId);

    /// <summary>setrlimit(RLIMIT_RTTIME, {soft, hard}) in µs.</summary>
    string? SetRealtimeLimit(long softMicros, long hardMicros);

    /// <summary>sched_setaffinity(tid, …) for every thread of the process (new ones inherit it).</summary>
    string? SetAffinity(IReadOnlyList<int> cpus);

    /// <summary>mlockall; <paramref name="flags"/> says which flags were used.</summary>
    string? LockMemory(out string flags);

    /// <summary>Handles SIGXCPU (RLIMIT_RTTIME's soft limit) instead of letting it kill the process.</summary>
    IDisposable? OnCpuTimeWarning(Action warn);
}
