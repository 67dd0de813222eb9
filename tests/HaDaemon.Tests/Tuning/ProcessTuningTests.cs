using HaDaemon.Config.Model;
using HaDaemon.Tests.Scripts;
using HaDaemon.Tuning;

namespace HaDaemon.Tests.Tuning;

/// <summary>keepalived's keywords → the calls made (set_process_priorities order and rules), with fake calls.</summary>
public sealed class ProcessTuningTests
{
    private sealed class FakeCalls : ISchedulingCalls
    {
        public List<string> Calls { get; } = [];
        public int Tid { get; set; } = 100;
        public string? Fail { get; init; }
        public Action? Warn { get; private set; }

        private string? Record(string call)
        {
            Calls.Add(call);
            return Fail is not null && call.StartsWith(Fail, StringComparison.Ordinal) ? "Operation not permitted" : null;
        }

        public int CurrentThreadId() => Tid;
        public string? SetNice(int nice) => Record($"nice {nice}");
        public string? SetRoundRobin(int threadId, int priority) => Record($"rr {threadId} {priority}");
        public string? SetNormal(int threadId) => Record($"normal {threadId}");
        public string? SetRealtimeLimit(long softMicros, long hardMicros) => Record($"rttime {softMicros}/{hardMicros}");
        public string? SetAffinity(IReadOnlyList<int> cpus) => Record("affinity " + string.Join(',', cpus));

        public string? LockMemory(out string flags)
        {
            flags = "MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT";
            return Record("mlockall");
        }

        public IDisposable? OnCpuTimeWarning(Action warn)
        {
            Warn = warn;
            Calls.Add("sigxcpu");
            return null;
        }
    }

    [Fact]
    public void Nothing_configured_makes_no_calls()
    {
        var calls = new FakeCalls();
        var tuning = new ProcessTuning(ProcessDefs.Default, new ListLogger(), calls);
        tuning.ApplyToProcess();
        _ = tuning.EnlistCurrentThread("loop");
        Assert.Empty(calls.Calls);
        Assert.Equal(0, tuning.RealtimePriority);
    }

    [Fact]
    public void Nice_affinity_and_locking_apply_to_the_process()
    {
        var calls = new FakeCalls();
        var defs = ProcessDefs.Default with { Nice = -10, NoSwap = true, CpuAffinity = [0, 1] };
        new ProcessTuning(defs, new ListLogger(), calls).ApplyToProcess();
        Assert.Equal(["nice -10", "mlockall", "affinity 0,1"], calls.Calls);
    }

    [Fact]
    public void Realtime_priority_goes_to_enlisted_threads_once_active_with_the_rttime_limit_and_replaces_nice()
    {
        var calls = new FakeCalls();
        var logger = new ListLogger();
        var tuning = new ProcessTuning(ProcessDefs.Default with { Nice = -10, RealtimePriority = 40, RealtimeLimitMicros = 20_000 }, logger, calls);
        tuning.ApplyToProcess();
        _ = tuning.EnlistCurrentThread("loop");
        Assert.Empty(calls.Calls);
        tuning.Activate();
        Assert.Equal(["sigxcpu", "rttime 10000/20000", "rr 100 40"], calls.Calls);
        calls.Tid = 101;
        _ = tuning.EnlistCurrentThread("receive");
        Assert.Equal("rr 101 40", calls.Calls[^1]);
        calls.Warn!();
        Assert.Contains("VRRP process has used too much CPU time, vrrp_rlimit_rttime may need to be increased", logger.Messages);
    }

    [Fact]
    public void Reloads_run_at_normal_priority_and_the_limit_is_set_once()
    {
        var calls = new FakeCalls();
        var tuning = new ProcessTuning(ProcessDefs.Default with { RealtimePriority = 10 }, new ListLogger(), calls);
        _ = tuning.EnlistCurrentThread("loop");
        tuning.Activate();
        tuning.Suspend();
        tuning.OnOverdue(TimeSpan.FromSeconds(5));
        tuning.Activate();
        Assert.Equal(["sigxcpu", "rttime 500000/1000000", "rr 100 10", "normal 100", "rr 100 10"], calls.Calls);
    }

    [Fact]
    public void Late_loop_raises_every_enlisted_thread_and_sets_the_default_limit_once()
    {
        var calls = new FakeCalls();
        var logger = new ListLogger();
        var tuning = new ProcessTuning(ProcessDefs.Default with { MaxAutoPriority = 2 }, logger, calls);
        tuning.ApplyToProcess();
        tuning.Activate();
        _ = tuning.EnlistCurrentThread("loop");
        calls.Tid = 101;
        _ = tuning.EnlistCurrentThread("receive");
        Assert.Empty(calls.Calls);

        tuning.OnOverdue(TimeSpan.FromMilliseconds(500));
        Assert.Empty(calls.Calls);
        tuning.OnOverdue(TimeSpan.FromSeconds(2));
        tuning.OnOverdue(TimeSpan.FromSeconds(2));
        tuning.OnOverdue(TimeSpan.FromSeconds(2));
        Assert.Equal(["rr 100 1", "rr 101 1", "sigxcpu", "rttime 500000/1000000", "rr 100 2", "rr 101 2"], calls.Calls);
        Assert.Equal(2, tuning.RealtimePriority);
        Assert.Equal(3, logger.Messages.Count(m => m.StartsWith("A thread timer expired 2.000000 seconds ago", StringComparison.Ordinal)));
        Assert.Equal(["Set realtime priority 1", "Set realtime priority 2"], logger.Messages.Where(m => m.StartsWith("Set realtime", StringComparison.Ordinal)));
    }

    [Fact]
    public void Failures_are_logged_with_keepalived_s_words_and_do_not_throw()
    {
        var logger = new ListLogger();
        new ProcessTuning(ProcessDefs.Default with { NoSwap = true }, logger, new FakeCalls { Fail = "mlockall" }).ApplyToProcess();
        Assert.Contains("Unable to lock process in memory - Operation not permitted", logger.Messages);

        var calls = new FakeCalls { Fail = "rr" };
        var tuning = new ProcessTuning(ProcessDefs.Default with { MaxAutoPriority = 5 }, logger, calls);
        _ = tuning.EnlistCurrentThread("loop");
        tuning.Activate();
        tuning.OnOverdue(TimeSpan.FromSeconds(3));
        Assert.Equal(0, tuning.RealtimePriority);
        Assert.DoesNotContain(calls.Calls, c => c.StartsWith("rttime", StringComparison.Ordinal));
        Assert.Contains(logger.Messages, m => m.Contains("cannot raise priority of thread loop", StringComparison.Ordinal));
    }

    [Fact]
    public void A_thread_that_ended_is_not_touched_again()
    {
        var calls = new FakeCalls();
        var tuning = new ProcessTuning(ProcessDefs.Default with { RealtimePriority = 10 }, new ListLogger(), calls);
        _ = tuning.EnlistCurrentThread("loop");
        calls.Tid = 101;
        using (tuning.EnlistCurrentThread("vrrp-rx4"))
        {
            tuning.Activate();
        }
        tuning.Suspend();
        Assert.Equal(["sigxcpu", "rttime 500000/1000000", "rr 100 10", "rr 101 10", "normal 100"], calls.Calls);
    }
}
