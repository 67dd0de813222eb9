using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>
/// The VRRP process's scheduling keywords and the parent's startup/shutdown scripts (keepalived 2.2.7
/// global_parser.c: get_priority, get_realtime_priority, get_cpu_affinity, get_rt_rlimit, max_auto_priority_handler,
/// startup_shutdown_script*). Messages and ranges are keepalived's; every error carries the value's position.
/// </summary>
internal static class ProcessKeywords
{
    /// <summary>sched_get_priority_min/max(SCHED_RR) on Linux.</summary>
    public const int MinRealtimePriority = 1;
    public const int MaxRealtimePriority = 99;

    public static void AddTo(KeywordTable<GlobalDraft> t) =>
        t.Line("vrrp_priority", (c, s, g) => g.Process = g.Process with { Nice = Nice(c, s) })
         .Flag("vrrp_no_swap", (c, s, g) => g.Process = g.Process with { NoSwap = true })
         .Line("vrrp_rt_priority", (c, s, g) => g.Process = g.Process with { RealtimePriority = RealtimePriority(c, s) ?? g.Process.RealtimePriority })
         .Line("vrrp_cpu_affinity", (c, s, g) => g.Process = g.Process with { CpuAffinity = CpuAffinity(c, s, OnlineCpus()) })
         .Line("vrrp_rlimit_rttime", (c, s, g) => g.Process = g.Process with { RealtimeLimitMicros = RealtimeLimit(c, s) ?? g.Process.RealtimeLimitMicros })
         .Line("vrrp_rlimit_rtime", (c, s, g) =>
         {
             c.Info(s.Keyword.Location, "Keyword 'vrrp_rlimit_rtime' is deprecated - please use 'vrrp_rlimit_rttime'", "deprecated-keyword");
             g.Process = g.Process with { RealtimeLimitMicros = RealtimeLimit(c, s) ?? g.Process.RealtimeLimitMicros };
         })
         .Flag("max_auto_priority", (c, s, g) => g.Process = g.Process with { MaxAutoPriority = MaxAutoPriority(c, s) ?? g.Process.MaxAutoPriority })
         .Line("min_auto_priority_delay", (c, s, g) =>
         {
             if (Values.TryInt(c, s.Arguments[0], 1, 10_000_000, out var us, silent: true))
             {
                 g.Process = g.Process with { MinAutoPriorityDelay = TimeSpan.FromMicroseconds(us) };
             }
             else
             {
                 c.Error(s.Loc(0), $"min_auto_priority_delay '{s.Arguments[0].Text}' must be in [1, 10000000] - ignoring", "invalid-number");
             }
         })
         .Line("startup_script", (c, s, g) => g.Process = g.Process with { StartupScript = Script(c, s, g.Process.StartupScript, "startup") })
         .Line("shutdown_script", (c, s, g) => g.Process = g.Process with { ShutdownScript = Script(c, s, g.Process.ShutdownScript, "shutdown") })
         .Line("startup_script_timeout", (c, s, g) => g.Process = g.Process with { StartupScriptTimeout = ScriptTimeout(c, s, "startup") ?? g.Process.StartupScriptTimeout })
         .Line("shutdown_script_timeout", (c, s, g) => g.Process = g.Process with { ShutdownScriptTimeout = ScriptTimeout(c, s, "shutdown") ?? g.Process.ShutdownScriptTimeout });

    /// <summary>get_priority: −20..19; a bad value is an error and resets to 0 ("not set"), as keepalived does.</summary>
    private static int Nice(BindContext c, ConfigStatement s)
    {
        if (Values.TryInt(c, s.Arguments[0], -20, 19, out var v, silent: true))
        {
            return (int)v;
        }
        c.Error(s.Loc(0), $"Invalid vrrp process priority specified - '{s.Arguments[0].Text}' is not in [-20, 19]", "invalid-number");
        return 0;
    }

    /// <summary>get_realtime_priority: any integer, clamped to [1, 99] with an error; not a number = ignored.</summary>
    private static int? RealtimePriority(BindContext c, ConfigStatement s)
    {
        if (!Values.TryInt(c, s.Arguments[0], int.MinValue, int.MaxValue, out var v, silent: true))
        {
            c.Error(s.Loc(0), $"vrrp process real-time priority '{s.Arguments[0].Text}' invalid", "invalid-number");
            return null;
        }
        if (v < MinRealtimePriority)
        {
            c.Error(s.Loc(0), $"vrrp process real-time priority {v} less than minimum {MinRealtimePriority} - setting to minimum", "invalid-number");
            return MinRealtimePriority;
        }
        if (v > MaxRealtimePriority)
        {
            c.Error(s.Loc(0), $"vrrp process real-time priority {v} greater than maximum {MaxRealtimePriority} - setting to maximum", "invalid-number");
            return MaxRealtimePriority;
        }
        return (int)v;
    }

    /// <summary>
    /// get_cpu_affinity: every argument is one CPU id in [0, online CPUs − 1] (no "0-3" ranges in keepalived 2.2.7);
    /// the first bad id empties the whole set.
    /// </summary>
    internal static IReadOnlyList<int> CpuAffinity(BindContext c, ConfigStatement s, int onlineCpus)
    {
        var cpus = new SortedSet<int>();
        for (var i = 0; i < s.Arguments.Count; i++)
        {
            if (!Values.TryInt(c, s.Arguments[i], 0, onlineCpus - 1, out var id, silent: true))
            {
                c.Error(s.Loc(i), $"Invalid cpu_id:{s.Arguments[i].Text} specified for vrrp process (online CPUs: 0-{onlineCpus - 1})", "invalid-cpu");
                return [];
            }
            cpus.Add((int)id);
        }
        return [.. cpus];
    }

    /// <summary>sysconf(_SC_NPROCESSORS_ONLN), which keepalived checks ids against (not the current affinity).</summary>
    private static int OnlineCpus()
    {
        try
        {
            var text = File.ReadAllText("/sys/devices/system/cpu/online").Trim();
            var highest = text.Split(',').Select(r => r.Split('-')[^1]).Select(int.Parse).Max();
            return highest + 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return System.Environment.ProcessorCount;
        }
    }

    /// <summary>get_rt_rlimit: 1..UINT32_MAX µs; 1 becomes 2 (the soft limit is half and must not be 0).</summary>
    private static long? RealtimeLimit(BindContext c, ConfigStatement s)
    {
        if (!Values.TryInt(c, s.Arguments[0], 1, uint.MaxValue, out var v, silent: true))
        {
            // keepalived stores 0 here (no limit at all); keeping the previous value keeps the safety net.
            c.Error(s.Loc(0), $"Invalid vrrp real-time limit - {s.Arguments[0].Text}", "invalid-number");
            return null;
        }
        return Math.Max(v, 2);
    }

    /// <summary>max_auto_priority [N]: no argument = the maximum (99); −1 disables.</summary>
    private static int? MaxAutoPriority(BindContext c, ConfigStatement s)
    {
        if (s.Arguments.Count == 0)
        {
            return MaxRealtimePriority;
        }
        if (Values.TryInt(c, s.Arguments[0], -1, MaxRealtimePriority, out var v, silent: true))
        {
            return (int)v;
        }
        c.Error(s.Loc(0), $"max_auto_priority '{s.Arguments[0].Text}' must be in [0, {MaxRealtimePriority}] (or -1 to disable) - ignoring", "invalid-number");
        return null;
    }

    private static ScriptInvocation? Script(BindContext c, ConfigStatement s, ScriptInvocation? existing, string type)
    {
        if (existing is not null)
        {
            c.Error(s.Location, $"{type} script already specified", "duplicate-keyword");
            return existing;
        }
        return ScriptCommands.Parse(c, s, type);
    }

    private static TimeSpan? ScriptTimeout(BindContext c, ConfigStatement s, string type)
    {
        if (Values.TryInt(c, s.Arguments[0], 1, 1000, out var v, silent: true))
        {
            return TimeSpan.FromSeconds(v);
        }
        c.Error(s.Loc(0), $"{type}_script_timeout '{s.Arguments[0].Text}' must be in [1, 1000] - ignoring", "invalid-number");
        return null;
    }
}
