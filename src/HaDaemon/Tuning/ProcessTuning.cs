using HaDaemon.Config.Model;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Tuning;

/// <summary>
/// keepalived's set_process_priorities / set_process_cpu_affinity for the VRRP process, mapped onto HaDaemon's one
/// process: nice value, CPU affinity and memory locking apply to the whole process; realtime scheduling
/// (SCHED_RR, configured or raised by <see cref="AutoPriority"/>) applies only to the threads that keep VRRP's timing
/// — the event loop thread and the advert receive threads enlist themselves — so the GC, the thread pool and scripts never run at realtime priority and
/// cannot starve the box. Failures are logged with keepalived's words and never stop the daemon.
/// </summary>
public sealed class ProcessTuning : IDisposable
{
    private readonly ProcessDefs _defs;
    private readonly ILogger _logger;
    private readonly ISchedulingCalls _calls;
    private readonly AutoPriority _auto;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, string> _threads = [];
    private IDisposable? _cpuWarning;
    private bool _limitSet;
    private bool _active;

    public ProcessTuning(ProcessDefs defs, ILogger logger, ISchedulingCalls? calls = null)
    {
        _defs = defs;
        _logger = logger;
        _calls = calls ?? LinuxSchedulingCalls.Instance;
        _auto = new AutoPriority(defs.MaxAutoPriority, defs.MinAutoPriorityDelay);
    }

    /// <summary>The settings applied at start.</summary>
    public ProcessDefs Settings => _defs;

    /// <summary>The SCHED_RR priority the enlisted threads run at; 0 = normal scheduling.</summary>
    public int RealtimePriority { get; private set; }

    /// <summary>Process-wide settings, in keepalived's order; call once before the event loop starts.</summary>
    public void ApplyToProcess()
    {
        // keepalived sets the nice value only when no realtime priority is configured.
        if (_defs.RealtimePriority == 0 && _defs.Nice != 0 && _calls.SetNice(_defs.Nice) is { } niceError)
        {
            _logger.LogInformation("Unable to set process priority to {Priority} - {Error}", _defs.Nice, niceError);
        }
        if (_defs.NoSwap)
        {
            if (_calls.LockMemory(out var flags) is { } lockError)
            {
                _logger.LogInformation("Unable to lock process in memory - {Error}", lockError);
            }
            else
            {
                _logger.LogDebug("Process locked in memory ({Flags})", flags);
            }
        }
        if (_defs.CpuAffinity.Count > 0 && _calls.SetAffinity(_defs.CpuAffinity) is { } affinityError)
        {
            _logger.LogWarning("unable to set cpu affinity to vrrp process ({Error})", affinityError);
        }
    }

    /// <summary>
    /// Called by a timing-critical thread on itself: it runs at <see cref="RealtimePriority"/> while active. Dispose
    /// the result when the thread ends (its id may be reused by an unrelated thread later).
    /// </summary>
    public IDisposable EnlistCurrentThread(string name)
    {
        var tid = _calls.CurrentThreadId();
        lock (_gate)
        {
            _threads[tid] = name;
            if (_active && RealtimePriority > 0)
            {
                SetThread(tid, name, RealtimePriority);
            }
        }
        return new Enlistment(this, tid);
    }

    private sealed class Enlistment(ProcessTuning owner, int tid) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._threads.Remove(tid);
            }
        }
    }

    /// <summary>
    /// Switches the enlisted threads to realtime once the daemon runs (first call: <c>vrrp_rt_priority</c> and the
    /// RTTIME limit). Start-up and reloads run at normal priority, as keepalived resets its scheduling while it
    /// reloads: loading instances is long CPU work without blocking, which RLIMIT_RTTIME (10 ms by default) would
    /// answer with SIGKILL.
    /// </summary>
    public void Activate()
    {
        lock (_gate)
        {
            _active = true;
            if (RealtimePriority == 0 && _defs.RealtimePriority > 0)
            {
                RealtimePriority = _defs.RealtimePriority;
            }
            if (RealtimePriority == 0)
            {
                return;
            }
            if (!_limitSet)
            {
                SetRealtimeLimit();
            }
            foreach (var (tid, name) in _threads)
            {
                SetThread(tid, name, RealtimePriority);
            }
        }
    }

    /// <summary>Normal scheduling for the enlisted threads until the next <see cref="Activate"/> (reloads).</summary>
    public void Suspend()
    {
        lock (_gate)
        {
            _active = false;
            if (RealtimePriority == 0)
            {
                return;
            }
            foreach (var (tid, name) in _threads)
            {
                if (_calls.SetNormal(tid) is { } error)
                {
                    _logger.LogWarning("cannot reset realtime scheduling of thread {Thread} ({Tid}) - {Error}", name, tid, error);
                }
            }
        }
    }

    /// <summary>The event loop woke this long after its earliest deadline (loop thread).</summary>
    public void OnOverdue(TimeSpan late)
    {
        var reaction = _auto.OnOverdue(late, RealtimePriority);
        if (reaction.Message is { } message)
        {
            _logger.LogInformation("{Message}", message);
        }
        if (reaction.RaiseTo is not { } priority)
        {
            return;
        }
        lock (_gate)
        {
            if (!_active)
            {
                return;
            }
            var raised = false;
            foreach (var (tid, name) in _threads)
            {
                raised |= SetThread(tid, name, priority);
            }
            if (!raised)
            {
                return;
            }
            RealtimePriority = priority;
            if (!_limitSet)
            {
                SetRealtimeLimit();
            }
        }
        _logger.LogInformation("Set realtime priority {Priority}", priority);
    }

    private bool SetThread(int tid, string name, int priority)
    {
        if (_calls.SetRoundRobin(tid, priority) is { } error)
        {
            _logger.LogWarning("cannot raise priority of thread {Thread} ({Tid}) to realtime {Priority} - {Error}", name, tid, priority, error);
            return false;
        }
        return true;
    }

    /// <summary>RLIMIT_RTTIME: hard = vrrp_rlimit_rttime, soft = half of it (SIGXCPU warnings before the SIGKILL).</summary>
    private void SetRealtimeLimit()
    {
        _cpuWarning ??= _calls.OnCpuTimeWarning(() =>
            _logger.LogInformation("VRRP process has used too much CPU time, vrrp_rlimit_rttime may need to be increased"));
        var hard = _defs.RealtimeLimitMicros;
        if (_calls.SetRealtimeLimit(hard / 2, hard) is { } error)
        {
            _logger.LogWarning("child process cannot set realtime rlimit - {Error}", error);
            return;
        }
        _limitSet = true;
    }

    public void Dispose() => _cpuWarning?.Dispose();
}
