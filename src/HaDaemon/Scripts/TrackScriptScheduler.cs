using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Scripts;

/// <summary>
/// Runs every <c>vrrp_script</c> on its own cadence, as keepalived's vrrp_script_thread does: the first run at
/// <see cref="Start"/>, then one tick every <c>interval</c> measured from the previous tick (not from the end of
/// the run). A tick that finds the previous run still going is skipped with keepalived's log line. Each finished
/// run is written to the results channel; the host's event loop reads it and hands it to the engine.
/// </summary>
public sealed class TrackScriptScheduler : IAsyncDisposable
{
    private readonly IReadOnlyList<TrackScriptDefinition> _scripts;
    private readonly ChannelWriter<TrackScriptResult> _results;
    private readonly ILogger _logger;
    private readonly ScriptRunner _runner;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TrackScriptState> _states = new(StringComparer.Ordinal);
    private readonly List<Task> _loops = [];

    public TrackScriptScheduler(
        IEnumerable<TrackScriptDefinition> scripts,
        ChannelWriter<TrackScriptResult> results,
        ILogger logger,
        ScriptRunner? runner = null,
        TimeProvider? time = null)
    {
        _scripts = scripts.ToList();
        _results = results;
        _logger = logger;
        _runner = runner ?? ScriptRunner.Instance;
        _time = time ?? TimeProvider.System;
        foreach (var script in _scripts)
        {
            _states[script.Name] = TrackScriptState.Idle;
        }
    }

    /// <summary>How many ticks were skipped because the previous run was still going (for status/metrics).</summary>
    public long SkippedRuns => Interlocked.Read(ref _skipped);

    private long _skipped;

    /// <summary>The state of one script now (for the data dump); Idle for unknown names.</summary>
    public TrackScriptState StateOf(string name) => _states.GetValueOrDefault(name, TrackScriptState.Idle);

    public void Start()
    {
        lock (_loops)
        {
            if (_loops.Count > 0)
            {
                return;
            }

            foreach (var script in _scripts)
            {
                _loops.Add(Task.Run(() => LoopAsync(script, _stop.Token)));
            }
        }
    }

    /// <summary>Stops the timers and terminates running scripts (SIGTERM to their groups, SIGKILL 2 s later).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] loops;
        lock (_loops)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops);
        _stop.Dispose();
    }

    private async Task LoopAsync(TrackScriptDefinition script, CancellationToken stop)
    {
        var nextTick = _time.GetTimestamp();
        Task? running = null;
        long runStarted = 0;
        while (!stop.IsCancellationRequested)
        {
            if (running is { IsCompleted: false })
            {
                Interlocked.Increment(ref _skipped);
                var timingOut = _time.GetElapsedTime(runStarted) > script.EffectiveTimeout;
                _logger.LogInformation("Track script {Name} is {What}, expect idle - skipping run",
                    script.Name, timingOut ? "being timed out" : "already running");
            }
            else
            {
                runStarted = _time.GetTimestamp();
                running = RunOnceAsync(script, stop);
            }

            nextTick += (long)(script.Interval.TotalSeconds * _time.TimestampFrequency);
            var wait = TimeSpan.FromSeconds((double)(nextTick - _time.GetTimestamp()) / _time.TimestampFrequency);
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, stop);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (running is not null)
        {
            await running;
        }
    }

    private async Task RunOnceAsync(TrackScriptDefinition script, CancellationToken stop)
    {
        _states[script.Name] = TrackScriptState.Running;
        var options = new ScriptRunOptions { Timeout = script.EffectiveTimeout };
        var timeoutWatch = MarkTermination(script, options.Timeout, stop);
        var run = await _runner.RunAsync(script.Command, options, stop);
        await timeoutWatch.DisposeAsync(); // before going Idle, so a late timer callback cannot overwrite it
        _states[script.Name] = TrackScriptState.Idle;
        if (run.Outcome == ScriptOutcome.Cancelled)
        {
            return; // shutting down: nobody wants the result
        }

        if (run.Outcome == ScriptOutcome.NotStarted)
        {
            _logger.LogWarning("Track script {Name} could not run: {Error}", script.Name, run.Error);
        }
        else if (run.Outcome == ScriptOutcome.Timeout)
        {
            _logger.LogInformation("Track script {Name} timed out", script.Name);
        }

        _results.TryWrite(TrackScriptResult.From(script.Name, run));
    }

    /// <summary>Flips the dump state to "requested termination" when the timeout passes while the run continues.</summary>
    private ITimer MarkTermination(TrackScriptDefinition script, TimeSpan timeout, CancellationToken stop) =>
        _time.CreateTimer(_ =>
        {
            if (!stop.IsCancellationRequested && _states.TryGetValue(script.Name, out var s) && s == TrackScriptState.Running)
            {
                _states[script.Name] = TrackScriptState.RequestedTermination;
            }
        }, null, timeout, Timeout.InfiniteTimeSpan);
}
