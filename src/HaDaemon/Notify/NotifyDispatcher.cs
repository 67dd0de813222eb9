using System.Globalization;
using System.Threading.Channels;
using HaDaemon.Notify.Smtp;
using HaDaemon.Scripts;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Notify;

/// <summary>
/// Delivers state-change notifications like keepalived's send_instance_notifies()/send_group_notifies():
/// the <c>notify_STATE</c> script (no arguments), then the generic <c>notify</c> script with
/// <c>INSTANCE|GROUP NAME STATE PRIORITY</c>, and a line on every notify FIFO.
/// <para>Differences from keepalived, on purpose: keepalived forks every script and forgets it, so two scripts of one
/// instance can run in any order (issue pain point #9). Here each instance/group has a sequential queue: its scripts
/// run one after another in transition order, each with a timeout; different instances run concurrently. The FIFO
/// line is written at once, in call order, so FIFO readers (the ordered channel) are never delayed by a slow script.
/// </para>
/// <see cref="Notify"/> never blocks: it writes the FIFO line (non-blocking) and enqueues the scripts and the alert
/// mail (<see cref="SmtpAlerter"/>, its own queue, so a dead SMTP server holds back no script).
/// </summary>
public sealed class NotifyDispatcher : IAsyncDisposable
{
    private readonly NotifyDispatcherOptions _options;
    private readonly ILogger _logger;
    private readonly ScriptRunner _runner;
    private readonly ChannelWriter<NotifyScriptReport>? _reports;
    private readonly Dictionary<string, TargetQueue> _queues = new(StringComparer.Ordinal);
    private readonly List<NotifyFifo> _fifos = [];
    private readonly List<Task<ScriptRunResult>> _fifoScripts = [];
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _fifoScriptStop = new();
    private readonly Lock _gate = new();
    private readonly SmtpAlerter _smtp;
    private bool _started;
    private bool _stopped;

    public NotifyDispatcher(NotifyDispatcherOptions options, ILogger logger, ScriptRunner? runner = null, ChannelWriter<NotifyScriptReport>? reports = null)
    {
        _options = options;
        _logger = logger;
        _runner = runner ?? ScriptRunner.Instance;
        _reports = reports;
        _smtp = new SmtpAlerter(options.Smtp, logger);
    }

    /// <summary>A reload's new SMTP settings (keepalived re-reads global_defs on reload).</summary>
    public void UpdateSmtp(SmtpAlertSettings? settings) => _smtp.Update(settings);

    public IReadOnlyList<NotifyFifo> Fifos => _fifos;

    /// <summary>Opens (creating if needed) the FIFOs and starts each <c>*_fifo_script</c> with the FIFO path appended.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_started)
            {
                return;
            }

            _started = true;
            foreach (var definition in _options.Fifos)
            {
                var fifo = NotifyFifo.Open(definition, _logger);
                _fifos.Add(fifo);
                if (definition.Script is { } script)
                {
                    _fifoScripts.Add(RunFifoScript(script, definition.Path));
                }
            }
        }
    }

    private async Task<ScriptRunResult> RunFifoScript(ScriptCommand script, string path)
    {
        var result = await _runner.RunAsync(script, new ScriptRunOptions { ExtraArgs = [path] }, _fifoScriptStop.Token);
        if (result.Outcome != ScriptOutcome.Cancelled)
        {
            _logger.LogWarning("notify fifo script {Script} for {Path} ended: {How}; stderr: {Stderr}", script, path, result.Describe(), result.StderrTail);
        }

        return result;
    }

    /// <summary>Queues the scripts of one transition and writes its FIFO line. Never blocks, never throws for bad scripts.</summary>
    public void Notify(NotifyEvent e)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                _logger.LogWarning("notification for {Name} {State} after shutdown ignored", e.Name, e.State);
                return;
            }

            var steps = ScriptsFor(e);
            if (steps.Count > 0)
            {
                QueueFor(e).Enqueue(e, steps);
            }

            var line = NotifyWords.FifoLine(e);
            foreach (var fifo in _fifos)
            {
                fifo.WriteLine(line);
            }

            _smtp.Alert(e);
        }
    }

    private static List<(ScriptCommand Command, bool Generic)> ScriptsFor(NotifyEvent e)
    {
        var steps = new List<(ScriptCommand, bool)>(2);
        if (e.Scripts.SpecificFor(e.ReportedState) is { } specific)
        {
            steps.Add((specific, false));
        }

        if (e.IsScriptState && e.Scripts.Generic is { } generic)
        {
            steps.Add((generic, true));
        }

        return steps;
    }

    private TargetQueue QueueFor(NotifyEvent e)
    {
        var key = NotifyWords.Of(e.Kind) + " " + e.Name;
        if (!_queues.TryGetValue(key, out var queue))
        {
            queue = new TargetQueue(this);
            _queues[key] = queue;
        }

        return queue;
    }

    /// <summary>
    /// At shutdown, after the host has sent the STOP notifications: lets queued scripts finish (STOP scripts are
    /// SIGKILLed after 1 s), cancels whatever is left after <see cref="NotifyDispatcherOptions.ShutdownDrainLimit"/>,
    /// SIGTERMs the FIFO scripts and closes the FIFOs.
    /// </summary>
    public async Task StopAsync()
    {
        Task[] workers;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            workers = [.. _queues.Values.Select(q => q.Complete())];
        }

        // STOP mails get the same drain time as the scripts, side by side, so the stop budget is not exceeded.
        var mails = _smtp.StopAsync(_options.ShutdownDrainLimit);
        var all = Task.WhenAll(workers);
        if (await Task.WhenAny(all, Task.Delay(_options.ShutdownDrainLimit)) != all)
        {
            _logger.LogWarning("notify scripts still running after {Limit}; terminating them", _options.ShutdownDrainLimit);
            await _abort.CancelAsync();
            await all;
        }

        await mails;
        await _fifoScriptStop.CancelAsync();
        await Task.WhenAll(_fifoScripts);
        foreach (var fifo in _fifos)
        {
            fifo.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _smtp.DisposeAsync();
        _abort.Dispose();
        _fifoScriptStop.Dispose();
    }

    private async Task RunStep(NotifyEvent e, ScriptCommand command, bool generic)
    {
        if (_abort.IsCancellationRequested)
        {
            _logger.LogWarning("notify script {Script} for {Name} {State} (transition {TransitionId}) not run: shutting down",
                command, e.Name, NotifyWords.Of(e.ReportedState), e.TransitionId);
            return;
        }

        var stop = e.ReportedState == NotifyState.Stop;
        var options = new ScriptRunOptions
        {
            ExtraArgs = generic ? NotifyWords.GenericArgs(e) : [],
            Timeout = stop ? _options.StopScriptTimeout : _options.ScriptTimeout,
            TermGrace = stop ? TimeSpan.Zero : TimeSpan.FromSeconds(2),
            ExtraEnvironment = new Dictionary<string, string>
            {
                [_options.TransitionIdVariable] = e.TransitionId.ToString(CultureInfo.InvariantCulture),
            },
        };
        var result = await _runner.RunAsync(command, options, _abort.Token);
        // {TransitionId} is the HADAEMON_TRANSITION_ID the script saw and the transition_id of the JSON log's
        // transition line, so a script run can be joined with the transition that caused it.
        if (!result.Succeeded)
        {
            _logger.LogWarning("notify script {Script} for {Kind} {Name} {State} (transition {TransitionId}) failed: {How}; stderr: {Stderr}",
                command, NotifyWords.Of(e.Kind), e.Name, NotifyWords.Of(e.ReportedState), e.TransitionId, result.Describe(), result.StderrTail.TrimEnd());
        }
        else
        {
            _logger.LogDebug("notify script {Script} for {Kind} {Name} {State} (transition {TransitionId}) ran: {How}",
                command, NotifyWords.Of(e.Kind), e.Name, NotifyWords.Of(e.ReportedState), e.TransitionId, result.Describe());
        }

        _reports?.TryWrite(new NotifyScriptReport(e, command, generic, result));
    }

    /// <summary>One instance's (or group's) scripts, run strictly one after another by a single worker.</summary>
    private sealed class TargetQueue
    {
        private readonly NotifyDispatcher _owner;
        private readonly Channel<(NotifyEvent Event, List<(ScriptCommand Command, bool Generic)> Steps)> _pending =
            Channel.CreateUnbounded<(NotifyEvent, List<(ScriptCommand, bool)>)>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Task _worker;

        public TargetQueue(NotifyDispatcher owner)
        {
            _owner = owner;
            _worker = Task.Run(WorkAsync);
        }

        public void Enqueue(NotifyEvent e, List<(ScriptCommand, bool)> steps) => _pending.Writer.TryWrite((e, steps));

        public Task Complete()
        {
            _pending.Writer.TryComplete();
            return _worker;
        }

        private async Task WorkAsync()
        {
            await foreach (var (e, steps) in _pending.Reader.ReadAllAsync())
            {
                foreach (var (command, generic) in steps)
                {
                    await _owner.RunStep(e, command, generic);
                }
            }
        }
    }
}
