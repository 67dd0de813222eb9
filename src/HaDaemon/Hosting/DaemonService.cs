using HaDaemon.Cli;
using HaDaemon.Core.Time;
using HaDaemon.Systemd;
using HaDaemon.Timing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Hosting;

/// <summary>
/// Owns the event loop and the runtime for the host's lifetime: start → READY=1, signals → stop/reload/dumps,
/// reload → RELOADING=1 … READY=1, stop → STOPPING=1 and a graceful runtime stop, watchdog pings from the loop
/// thread itself (so a stuck loop stops the pings and systemd notices).
/// </summary>
public sealed class DaemonService : IHostedService
{
    /// <summary>keepalived gives STOP scripts 1 s; the rest of the stop is bounded too so a wedged runtime cannot hang exit.
    /// The notify dispatcher's shutdown drain must fit inside it (see NotifyDispatcherOptions.ShutdownDrainLimit).</summary>
    public static TimeSpan StopBudget { get; } = TimeSpan.FromSeconds(3);

    private readonly EventLoop _loop;
    private readonly IDaemonRuntime _runtime;
    private readonly SdNotifier _notifier;
    private readonly DaemonExit _exit;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private readonly Duration? _watchdog;
    private readonly Lock _reloadGate = new();
    private Task _reloads = Task.CompletedTask;
    private int _stopping;

    public DaemonService(EventLoop loop, IDaemonRuntime runtime, SdNotifier notifier, DaemonExit exit,
        IHostApplicationLifetime lifetime, ILogger<DaemonService> logger, Duration? watchdogInterval)
    {
        _loop = loop;
        _runtime = runtime;
        _notifier = notifier;
        _exit = exit;
        _lifetime = lifetime;
        _logger = logger;
        _watchdog = watchdogInterval;
        _loop.Faulted += _ => Fail(ExitCodes.ProgramError);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _loop.Driver = _runtime;
        _loop.Start();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop.Post(now =>
        {
            try
            {
                _runtime.Start(_loop, now);
                started.TrySetResult();
            }
            catch (Exception ex)
            {
                started.TrySetException(ex);
            }
        });
        try
        {
            await started.Task.WaitAsync(cancellationToken);
        }
        catch (DaemonExitException ex)
        {
            _logger.LogError("{Message}", ex.Message);
            Fail(ex.ExitCode);
            return;
        }
        ReleaseStartupGarbage();
        Tuning?.Activate();
        Notify(_notifier.Ready(_runtime.StatusLine));
        if (_watchdog is { } interval)
        {
            _loop.Schedule(MonotonicClock.Now, now => PingWatchdog(now, interval));
        }
    }

    /// <summary>
    /// Realtime scheduling for the loop thread (<c>vrrp_rt_priority</c>, <c>max_auto_priority</c>): switched on once
    /// the runtime has started and off while a reload is applied, like keepalived's reset_process_priorities.
    /// </summary>
    public Tuning.ProcessTuning? Tuning { get; set; }

    /// <summary>Entry point for <see cref="SignalHub"/>; also called by tests.</summary>
    public void OnSignal(DaemonSignal signal)
    {
        switch (signal)
        {
            case DaemonSignal.Stop:
                _logger.LogInformation("Stopping on signal");
                _lifetime.StopApplication();
                break;
            case DaemonSignal.Reload:
                lock (_reloadGate)
                {
                    // One reload at a time, in signal order: a second HUP during a reload reloads again afterwards.
                    _reloads = _reloads.ContinueWith(_ => Reload(), TaskScheduler.Default).Unwrap();
                }
                break;
            default:
                _loop.Post(now => _runtime.Dump(signal, now));
                break;
        }
    }

    /// <summary>Completes when every reload requested so far has been applied or rejected.</summary>
    public Task ReloadsDone
    {
        get
        {
            lock (_reloadGate)
            {
                return _reloads;
            }
        }
    }

    private async Task Reload()
    {
        if (Volatile.Read(ref _stopping) != 0)
        {
            return;
        }
        _logger.LogInformation("Reloading");
        Notify(_notifier.Reloading());
        Action<Instant>? apply = null;
        try
        {
            apply = _runtime.PrepareReload();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Reload failed; keeping the running configuration");
        }
        if (apply is not null)
        {
            var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Tuning?.Suspend();
            _loop.Post(now =>
            {
                try
                {
                    apply(now);
                }
                finally
                {
                    applied.TrySetResult();
                }
            });
            await applied.Task;
            if (Tuning is { } tuning && !tuning.Settings.SameTuning(_runtime.Process))
            {
                // Not silently ignored: keepalived's VRRP child re-applies them when it reloads.
                _logger.LogWarning("Reload: vrrp_priority, vrrp_rt_priority, vrrp_rlimit_rttime, vrrp_no_swap, vrrp_cpu_affinity, " +
                    "max_auto_priority and min_auto_priority_delay changes take effect at the next restart");
            }
            Tuning?.Activate();
        }
        Notify(_notifier.Ready(_runtime.StatusLine));
    }

    /// <summary>
    /// Reading and checking the configuration allocates far more than the daemon keeps (a 1000-instance file: ~15 MB
    /// of tokens and drafts against a few MB of model), and the GC would otherwise keep that space committed for the
    /// process's life. One compacting, decommitting collection right after start returns it (1000 instances: heap
    /// 20.3 → 4.6 MiB in a 9 ms pause, RSS 40.3 → 38.5 MiB; 1 instance: RSS 17.9 → 16.8 MiB). Like every blocking
    /// collection it pauses all threads once, the event loop included; the pause is logged (-D). Not repeated after
    /// reloads, where instances are running and may advertise every 10 ms.
    /// </summary>
    private void ReleaseStartupGarbage()
    {
        var before = GC.GetTotalMemory(forceFullCollection: false);
        var pausedBefore = GC.GetTotalPauseDuration();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _logger.LogDebug("Start-up garbage released: heap {Before:0.0} -> {After:0.0} MiB, pause {Pause:0.0} ms",
            before / 1048576.0, GC.GetTotalMemory(forceFullCollection: false) / 1048576.0,
            (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _stopping, 1);
        Notify(_notifier.Stopping());
        var stopped = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop.Post(now =>
        {
            try
            {
                stopped.TrySetResult(_runtime.Stop(now));
            }
            catch (Exception ex)
            {
                stopped.TrySetException(ex);
            }
        });
        try
        {
            var stopTask = await stopped.Task.WaitAsync(StopBudget, CancellationToken.None);
            await stopTask.WaitAsync(StopBudget, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            _logger.LogError("Graceful stop did not finish within {Budget}", StopBudget);
            Fail(ExitCodes.Fatal);
        }
        catch (Exception ex)
        {
            _logger.LogCritical(ex, "program error during stop");
            Fail(ExitCodes.ProgramError);
        }
        _loop.RequestStop();
        await _loop.Completion.WaitAsync(StopBudget, CancellationToken.None).ConfigureAwait(false);
    }

    private void PingWatchdog(Instant now, Duration interval)
    {
        Notify(_notifier.Watchdog());
        _loop.Schedule(now + interval, next => PingWatchdog(next, interval));
    }

    private void Fail(int code)
    {
        _exit.Fail(code);
        _lifetime.StopApplication();
    }

    private void Notify(bool sent)
    {
        if (!sent && _notifier.LastError is { } error)
        {
            _logger.LogWarning("{Error}", error);
        }
    }
}
