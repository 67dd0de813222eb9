namespace HaDaemon.Config.Model;

/// <summary>
/// keepalived's process-level <c>global_defs</c> (global_parser.c, lib/process.c set_process_priorities) for the
/// VRRP process, which HaDaemon's single process plays: scheduling, memory locking, CPU affinity, and the parent's
/// startup/shutdown scripts. Defaults are keepalived 2.2.7's.
/// </summary>
public sealed record ProcessDefs
{
    /// <summary>
    /// RLIMIT_RTTIME when <c>vrrp_rlimit_rttime</c> is not set: 1 s of realtime CPU without blocking (soft limit half).
    /// Deliberately not keepalived's RT_RLIMIT_DEFAULT of 10 ms: the .NET loop thread can legitimately run longer
    /// without blocking (a garbage collection it triggers, JIT of a first-used path outside NativeAOT builds, a burst
    /// of timers), and the hard limit is SIGKILL — measured: the JIT build was killed at 10 ms by its first netlink
    /// event after start. 1 s still ends a runaway realtime loop.
    /// </summary>
    public const long DefaultRealtimeLimitMicros = 1_000_000;

    /// <summary>keepalived 2.2.7's RT_RLIMIT_DEFAULT (lib/process.h), for reference and documentation.</summary>
    public const long KeepalivedRealtimeLimitMicros = 10_000;

    /// <summary>keepalived's timeout for a startup/shutdown script when none is configured.</summary>
    public static readonly TimeSpan DefaultScriptTimeout = TimeSpan.FromSeconds(10);

    public static ProcessDefs Default { get; } = new();

    /// <summary><c>vrrp_priority</c>: nice value −20..19; 0 = leave it (keepalived only calls setpriority when non-zero).
    /// Ignored when <see cref="RealtimePriority"/> is set, as in keepalived.</summary>
    public int Nice { get; init; }

    /// <summary><c>vrrp_rt_priority</c>: SCHED_RR priority 1..99; 0 = not set.</summary>
    public int RealtimePriority { get; init; }

    /// <summary><c>vrrp_rlimit_rttime</c> in µs (hard limit; soft = half). Applied whenever realtime scheduling is in use.</summary>
    public long RealtimeLimitMicros { get; init; } = DefaultRealtimeLimitMicros;

    /// <summary><c>vrrp_no_swap</c>: mlockall.</summary>
    public bool NoSwap { get; init; }

    /// <summary><c>vrrp_cpu_affinity</c>: CPU ids; empty = not set.</summary>
    public IReadOnlyList<int> CpuAffinity { get; init; } = [];

    /// <summary><c>max_auto_priority</c>: the realtime priority the daemon may raise itself to when its timers run
    /// late; 0 = off (keepalived's default), −1 = explicitly disabled.</summary>
    public int MaxAutoPriority { get; init; }

    /// <summary><c>min_auto_priority_delay</c>: how late (µs in the config) a timer must run before the priority is raised.</summary>
    public TimeSpan MinAutoPriorityDelay { get; init; } = TimeSpan.FromSeconds(1);

    public ScriptInvocation? StartupScript { get; init; }

    public TimeSpan StartupScriptTimeout { get; init; } = DefaultScriptTimeout;

    public ScriptInvocation? ShutdownScript { get; init; }

    public TimeSpan ShutdownScriptTimeout { get; init; } = DefaultScriptTimeout;

    /// <summary>Same scheduling, locking and affinity settings (scripts aside): what a reload would have to re-apply.</summary>
    public bool SameTuning(ProcessDefs other) =>
        Nice == other.Nice && RealtimePriority == other.RealtimePriority && RealtimeLimitMicros == other.RealtimeLimitMicros
        && NoSwap == other.NoSwap && CpuAffinity.SequenceEqual(other.CpuAffinity) && MaxAutoPriority == other.MaxAutoPriority
        && MinAutoPriorityDelay == other.MinAutoPriorityDelay;
}
