using System.Diagnostics;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>
/// The real daemon with keepalived's process keywords, checked from /proc: the event loop thread's scheduling
/// policy and priority, the nice value, locked memory, CPU affinity, RLIMIT_RTTIME, and the startup/shutdown scripts.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ProcessTuningIntegrationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private const int SchedRoundRobin = 2;

    /// <summary>/proc/PID/task/TID/stat fields after the command name: nice (19), rt_priority (40), policy (41).</summary>
    private static (int Nice, int RtPriority, int Policy) ThreadScheduling(int pid, int tid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/task/{tid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state).
        return (int.Parse(fields[19 - 3]), int.Parse(fields[40 - 3]), int.Parse(fields[41 - 3]));
    }

    private static int ThreadNamed(int pid, string name) =>
        Directory.GetDirectories($"/proc/{pid}/task").Select(d => int.Parse(Path.GetFileName(d)))
            .Single(tid => File.ReadAllText($"/proc/{pid}/task/{tid}/comm").Trim() == name);

    private static string StatusField(int pid, string field) =>
        File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim();

    [NetnsFact]
    public void Realtime_priority_applies_to_the_event_loop_and_receive_threads_only_with_the_default_rttime_limit()
    {
        using var lab = VrrpLab.Create("hrt", nodes: 1);
        lab.WriteConfig(0, "global_defs {\n vrrp_rt_priority 20\n}\n" + lab.Instance(150));
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", Patience);

        var loop = ThreadScheduling(daemon.Pid, ThreadNamed(daemon.Pid, "hadaemon-loop"));
        Assert.Equal((20, SchedRoundRobin), (loop.RtPriority, loop.Policy));
        // The main thread (and with it the GC and the thread pool) stays SCHED_OTHER.
        Assert.Equal((0, 0), (ThreadScheduling(daemon.Pid, daemon.Pid).RtPriority, ThreadScheduling(daemon.Pid, daemon.Pid).Policy));
        // Realtime: the loop and the advert receive thread of eth0's IPv4 socket, nothing else.
        var realtime = Directory.GetDirectories($"/proc/{daemon.Pid}/task").Select(d => int.Parse(Path.GetFileName(d)))
            .Where(tid => ThreadScheduling(daemon.Pid, tid) is { Policy: SchedRoundRobin, RtPriority: 20 })
            .Select(tid => File.ReadAllText($"/proc/{daemon.Pid}/task/{tid}/comm").Trim()).Order().ToList();
        Assert.Equal(["hadaemon-loop", "vrrp-rx4"], realtime);
        Assert.Equal(realtime.Count, Directory.GetDirectories($"/proc/{daemon.Pid}/task")
            .Count(d => ThreadScheduling(daemon.Pid, int.Parse(Path.GetFileName(d))).Policy != 0));
        var limits = File.ReadAllLines($"/proc/{daemon.Pid}/limits").Single(l => l.StartsWith("Max realtime timeout", StringComparison.Ordinal));
        Assert.Matches(@"^Max realtime timeout\s+500000\s+1000000\s+us", limits);
        // The soft limit's SIGXCPU is logged, not the default core dump.
        daemon.Signal("XCPU");
        daemon.WaitFor("VRRP process has used too much CPU time, vrrp_rlimit_rttime may need to be increased", TimeSpan.FromSeconds(10));
        Assert.False(daemon.HasExited);
        daemon.Signal("TERM");
        Assert.Equal(0, daemon.WaitForExit(TimeSpan.FromSeconds(10)));
    }

    [NetnsFact]
    public void Nice_value_memory_locking_and_cpu_affinity_apply_to_the_process()
    {
        using var lab = VrrpLab.Create("hnc", nodes: 1);
        lab.WriteConfig(0, "global_defs {\n vrrp_priority -7\n vrrp_no_swap\n vrrp_cpu_affinity 0\n}\n" + lab.Instance(150));
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", Patience);

        var pid = daemon.Pid;
        Assert.All(Directory.GetDirectories($"/proc/{pid}/task"), d => Assert.Equal(-7, ThreadScheduling(pid, int.Parse(Path.GetFileName(d))).Nice));
        Assert.Equal(0, ThreadScheduling(pid, ThreadNamed(pid, "hadaemon-loop")).Policy);
        var locked = long.Parse(StatusField(pid, "VmLck").Split(' ')[0]);
        Assert.True(locked > 0, "VmLck is " + locked + " kB");
        Assert.Equal("0", StatusField(pid, "Cpus_allowed_list"));
        Assert.DoesNotContain("Unable to lock process in memory", daemon.Log, StringComparison.Ordinal);
        daemon.Signal("TERM");
        Assert.Equal(0, daemon.WaitForExit(TimeSpan.FromSeconds(10)));
    }

    [NetnsFact]
    public void Startup_script_runs_before_vrrp_starts_and_shutdown_script_after_the_addresses_are_gone()
    {
        using var lab = VrrpLab.Create("hss", nodes: 1);
        var up = Path.Combine(lab.WorkDir, "startup.addrs");
        var down = Path.Combine(lab.WorkDir, "shutdown.addrs");
        var upScript = lab.Script("up.sh", $"ip -4 addr show > {up}.tmp; mv {up}.tmp {up}");
        var downScript = lab.Script("down.sh", $"ip -4 addr show > {down}.tmp; mv {down}.tmp {down}");
        lab.WriteConfig(0, $"global_defs {{\n startup_script {upScript}\n shutdown_script {downScript}\n}}\n" + lab.Instance(150));
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", Patience);
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
        var vip = $"inet {lab.Vip(100)}/";
        Assert.DoesNotContain(vip, File.ReadAllText(up), StringComparison.Ordinal);
        Assert.Contains($"inet {lab.Network.Ipv4(0)}/", File.ReadAllText(up), StringComparison.Ordinal);

        daemon.Signal("TERM");
        Assert.Equal(0, daemon.WaitForExit(TimeSpan.FromSeconds(15)));
        Assert.DoesNotContain(vip, File.ReadAllText(down), StringComparison.Ordinal);
        Assert.Contains($"inet {lab.Network.Ipv4(0)}/", File.ReadAllText(down), StringComparison.Ordinal);
    }

    [NetnsFact]
    public void A_hung_shutdown_script_is_killed_at_its_timeout_and_the_daemon_exits()
    {
        using var lab = VrrpLab.Create("hsh", nodes: 1);
        var pidFile = Path.Combine(lab.WorkDir, "hang.pid");
        var hang = lab.Script("hang.sh", $"echo $$ > {pidFile}\nexec sleep 600");
        lab.WriteConfig(0, $"global_defs {{\n shutdown_script {hang}\n shutdown_script_timeout 1\n}}\n" + lab.Instance(150));
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", Patience);

        var stopping = Stopwatch.StartNew();
        daemon.Signal("TERM");
        Assert.Equal(0, daemon.WaitForExit(TimeSpan.FromSeconds(15)));
        Assert.True(stopping.Elapsed >= TimeSpan.FromSeconds(1), "the script had its second: " + stopping.Elapsed);
        Assert.Contains("shutdown script timed out", daemon.Log, StringComparison.Ordinal);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal),
            "the hung script still runs");
    }

    [NetnsFact]
    public void A_loop_held_up_beyond_min_auto_priority_delay_raises_itself_to_realtime()
    {
        using var lab = VrrpLab.Create("hap", nodes: 1);
        lab.WriteConfig(0, "global_defs {\n max_auto_priority 5\n min_auto_priority_delay 300000\n}\n" + lab.Instance(150));
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", Patience);
        var tid = ThreadNamed(daemon.Pid, "hadaemon-loop");
        // On a machine loaded enough to hold the loop up by 0.3 s already, the daemon has done it on its own (the log
        // lines below say so); otherwise it is still SCHED_OTHER and we hold it up ourselves.
        if (ThreadScheduling(daemon.Pid, tid).Policy == 0)
        {
            // Held up like a starved box: the advert timer (0.1 s) is ~1 s overdue when the loop runs again.
            daemon.Signal("STOP");
            Thread.Sleep(1000);
            daemon.Signal("CONT");
        }
        daemon.WaitFor(@"A thread timer expired [0-9]+\.[0-9]{6} seconds ago", TimeSpan.FromSeconds(10));
        daemon.WaitFor("Set realtime priority 1", TimeSpan.FromSeconds(10));
        Assert.Equal((1, SchedRoundRobin), (ThreadScheduling(daemon.Pid, tid).RtPriority, ThreadScheduling(daemon.Pid, tid).Policy));
        var rx = ThreadScheduling(daemon.Pid, ThreadNamed(daemon.Pid, "vrrp-rx4"));
        Assert.Equal((1, SchedRoundRobin), (rx.RtPriority, rx.Policy));
        Assert.Matches(@"^Max realtime timeout\s+500000\s+1000000\s+us",
            File.ReadAllLines($"/proc/{daemon.Pid}/limits").Single(l => l.StartsWith("Max realtime timeout", StringComparison.Ordinal)));
        daemon.Signal("TERM");
        Assert.Equal(0, daemon.WaitForExit(TimeSpan.FromSeconds(10)));
    }

    [NetnsFact]
    public void A_reload_that_changes_scheduling_says_it_needs_a_restart_and_its_shutdown_script_is_the_one_run()
    {
        using var lab = VrrpLab.Create("hrl", nodes: 1);
        var ran = Path.Combine(lab.WorkDir, "ran");
        var first = lab.Script("first.sh", $"echo first >> {ran}");
        var second = lab.Script("second.sh", $"echo second >> {ran}");
        lab.WriteConfig(0, $"global_defs {{\n vrrp_priority -3\n shutdown_script {first}\n}}\n" + lab.Instance(150));
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", Patience);

        lab.WriteConfig(0, $"global_defs {{\n vrrp_priority -6\n shutdown_script {second}\n}}\n" + lab.Instance(150));
        daemon.Signal("HUP");
        daemon.WaitFor("changes take effect at the next restart", Patience);
        Assert.Equal(-3, ThreadScheduling(daemon.Pid, ThreadNamed(daemon.Pid, "hadaemon-loop")).Nice);
        daemon.Signal("TERM");
        Assert.Equal(0, daemon.WaitForExit(TimeSpan.FromSeconds(15)));
        Assert.Equal(["second"], File.ReadAllLines(ran));
    }
}
