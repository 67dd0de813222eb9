using System.Runtime.InteropServices;
using HaDaemon.Tuning.Native;

namespace HaDaemon.Tuning;

/// <summary>The real calls (Linux libc).</summary>
public sealed unsafe class LinuxSchedulingCalls : ISchedulingCalls
{
    public static LinuxSchedulingCalls Instance { get; } = new();

    public int CurrentThreadId() => SchedLibc.GetTid();

    /// <summary>
    /// On Linux the nice value and the CPU affinity belong to each thread (setpriority(PRIO_PROCESS, 0) and
    /// sched_setaffinity(0) change the caller only); keepalived sets them before it has threads, the runtime already
    /// has a dozen. So every thread gets it; a thread created meanwhile inherits it from an adjusted creator, or is
    /// caught by the next pass.
    /// </summary>
    public string? SetNice(int nice) =>
        ForEveryThread(tid => SchedLibc.SetPriority(SchedLibc.PRIO_PROCESS, (uint)tid, nice));

    private static string? ForEveryThread(Func<int, int> call)
    {
        var done = new HashSet<int>();
        string? error = null;
        for (var pass = 0; pass < 5; pass++)
        {
            var fresh = ThreadIds().Where(done.Add).ToList();
            if (fresh.Count == 0)
            {
                break;
            }
            foreach (var tid in fresh)
            {
                // A thread that ended meanwhile (ESRCH) is no failure.
                if (call(tid) != 0 && SchedLibc.LastError(out var errno) is var e && errno != SchedLibc.ESRCH)
                {
                    error ??= e;
                }
            }
        }
        return error;
    }

    private static IEnumerable<int> ThreadIds()
    {
        try
        {
            return Directory.GetDirectories("/proc/self/task")
                .Select(d => int.TryParse(Path.GetFileName(d), out var tid) ? tid : 0).Where(tid => tid > 0).ToList();
        }
        catch (IOException)
        {
            return [SchedLibc.GetTid()];
        }
    }

    public string? SetRoundRobin(int threadId, int priority) =>
        SchedLibc.SchedSetScheduler(threadId, SchedLibc.SCHED_RR | SchedLibc.SCHED_RESET_ON_FORK, &priority) == 0
            ? null : SchedLibc.LastError(out _);

    public string? SetNormal(int threadId)
    {
        var priority = 0;
        return SchedLibc.SchedSetScheduler(threadId, SchedLibc.SCHED_OTHER, &priority) == 0 ? null : SchedLibc.LastError(out _);
    }

    public string? SetRealtimeLimit(long softMicros, long hardMicros)
    {
        var limit = new SchedLibc.RLimit { Current = (ulong)softMicros, Maximum = (ulong)hardMicros };
        return SchedLibc.SetRLimit(SchedLibc.RLIMIT_RTTIME, &limit) == 0 ? null : SchedLibc.LastError(out _);
    }

    public string? SetAffinity(IReadOnlyList<int> cpus)
    {
        // cpu_set_t is 1024 bits in glibc; the kernel accepts any multiple of the word size that covers its CPUs.
        var words = Math.Max(16, (cpus.Max() / 64) + 1);
        var mask = new ulong[words];
        foreach (var cpu in cpus)
        {
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }
        return ForEveryThread(tid =>
        {
            fixed (ulong* p = mask)
            {
                return SchedLibc.SchedSetAffinity(tid, (nuint)(words * sizeof(ulong)), p);
            }
        });
    }

    /// <summary>
    /// keepalived 2.2.7 uses MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT. ONFAULT matters even more here: without it
    /// every writable mapping the runtime has (GC regions, thread stacks, the mapped assemblies) would be populated
    /// at once and every later mmap would be too. Kernels before 4.4 reject ONFAULT with EINVAL; then the plain flags.
    /// </summary>
    public string? LockMemory(out string flags)
    {
        flags = "MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT";
        if (SchedLibc.MLockAll(SchedLibc.MCL_CURRENT | SchedLibc.MCL_FUTURE | SchedLibc.MCL_ONFAULT) == 0)
        {
            return null;
        }
        var error = SchedLibc.LastError(out var errno);
        if (errno != SchedLibc.EINVAL)
        {
            return error;
        }
        flags = "MCL_CURRENT|MCL_FUTURE";
        return SchedLibc.MLockAll(SchedLibc.MCL_CURRENT | SchedLibc.MCL_FUTURE) == 0 ? null : SchedLibc.LastError(out _);
    }

    public IDisposable? OnCpuTimeWarning(Action warn) =>
        PosixSignalRegistration.Create((PosixSignal)SchedLibc.SIGXCPU, context =>
        {
            // The default action (core dump) must not run: keepalived only logs.
            context.Cancel = true;
            warn();
        });
}
