using System.Threading.Channels;
using HaDaemon.Core.Time;
using HaDaemon.Logging;
using HaDaemon.Mapping;
using HaDaemon.Scripts;
using HaDaemon.Tracking;
using Microsoft.Extensions.Logging;
using ConfigParamMatch = HaDaemon.Config.Model.ProcessParamMatch;

namespace HaDaemon.Runtime;

/// <summary>vrrp_script, track_file and vrrp_track_process: their monitors run on their own threads and feed the loop.</summary>
public sealed partial class VrrpRuntime
{
    private TrackFileMonitor? _files;
    private ProcessTrackMonitor? _processes;
    private readonly Dictionary<string, TrackScriptResult> _lastScriptRuns = [];
    private readonly Dictionary<string, int> _scriptExitCodes = [];
    private ILogger? _scriptLoggerInstance;

    private ILogger ScriptLog => _scriptLoggerInstance ??= _loggers.CreateLogger("Scripts");

    private void StartTrackers(RuntimeConfig config, Instant now)
    {
        StartScripts(config);
        StartFiles(config, now);
        StartProcesses(config);
    }

    private void StartScripts(RuntimeConfig config)
    {
        var definitions = NotifyMapper.TrackScripts(config.Model);
        if (definitions.Count == 0)
        {
            return;
        }
        _scheduler = new TrackScriptScheduler(definitions, Pump<TrackScriptResult>((t, r) =>
            {
                NoteScriptRun(r);
                _router.ScriptResult(t, r.Name, r.Succeeded);
            }),
            ScriptLog);
        _scheduler.Start();
    }

    /// <summary>
    /// Remembers the run that may tip a script's verdict (its line says why) and, as keepalived does, logs the exit
    /// status whenever it differs from the previous one (keepalived starts from 0, so a first success is quiet).
    /// </summary>
    private void NoteScriptRun(TrackScriptResult run)
    {
        _lastScriptRuns[run.Name] = run;
        if (run.ExitCode is { } code && code != _scriptExitCodes.GetValueOrDefault(run.Name))
        {
            _scriptExitCodes[run.Name] = code;
            KeepalivedLines.ScriptReturnChanged(ScriptLog, run.Name, code);
        }
    }

    /// <summary>init_file first, then the current values straight to the engine (it wants them before it starts), then watch.</summary>
    private void StartFiles(RuntimeConfig config, Instant now)
    {
        var files = config.Model.TrackFiles;
        if (files.Count == 0)
        {
            return;
        }
        var definitions = files.Select(f => new TrackFileDefinition(f.Name, f.Path)).ToList();
        foreach (var (file, definition) in files.Zip(definitions))
        {
            if (file.InitFile && TrackFileInitializer.Apply(definition, (int)(file.InitValue ?? 0), file.InitOverwrite) is { } error)
            {
                _logger.LogWarning("track_file {Name}: {Error}", file.Name, error);
            }
            _router.FileValue(now, file.Name, TrackFileParser.ReadFile(file.Path) ?? 0);
        }
        _files = new TrackFileMonitor(definitions, Pump<TrackFileValue>((t, v) => _router.FileValue(t, v.Name, v.Value)),
            _loggers.CreateLogger("TrackFile"));
        _files.Start();
    }

    private void StartProcesses(RuntimeConfig config)
    {
        var processes = config.Model.TrackProcesses;
        if (processes.Count == 0)
        {
            return;
        }
        var definitions = processes.Select(p => new TrackProcessDefinition(p.Name, p.Process, p.Parameters, p.ParamMatch switch
        {
            ConfigParamMatch.Exact => ProcessParamMatch.Exact,
            ConfigParamMatch.Initial => ProcessParamMatch.Initial,
            ConfigParamMatch.Partial => ProcessParamMatch.Partial,
            _ => ProcessParamMatch.None,
        }, p.FullCommand)).ToList();
        _processes = new ProcessTrackMonitor(definitions, Pump<TrackProcessCount>((t, c) => _router.ProcessCount(t, c.Name, c.Count)),
            _loggers.CreateLogger("TrackProcess"));
        _processes.Start();
    }

    /// <summary>A channel whose items are handed to the engine on the loop thread, each followed by a command drain.</summary>
    private ChannelWriter<T> Pump<T>(Action<Instant, T> apply)
    {
        var channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
        var loop = _loop!;
        _ = Task.Run(async () =>
        {
            await foreach (var item in channel.Reader.ReadAllAsync())
            {
                loop.Post(now =>
                {
                    apply(now, item);
                    Drain(now);
                });
            }
        });
        return channel.Writer;
    }

    private async Task StopTrackersAsync()
    {
        if (_scheduler is not null)
        {
            await _scheduler.DisposeAsync();
            _scheduler = null;
        }
        _files?.Dispose();
        _files = null;
        if (_processes is not null)
        {
            await _processes.DisposeAsync();
            _processes = null;
        }
    }

    /// <summary>On reload the monitors are rebuilt only when their definitions changed; the engine keeps counter state.</summary>
    private void RestartTrackersIfChanged(RuntimeConfig previous, RuntimeConfig next)
    {
        if (TrackerKey(previous) == TrackerKey(next))
        {
            return;
        }
        var loop = _loop!;
        _ = StopTrackersAsync().ContinueWith(_ => loop.Post(t =>
        {
            if (!_stopping)
            {
                StartTrackers(_config, t);
                Drain(t);
            }
        }), TaskScheduler.Default);
    }

    /// <summary>What the monitors are built from, as text (the model's lists compare by reference).</summary>
    private static string TrackerKey(RuntimeConfig c) => string.Join('\n',
        c.Model.Scripts.Select(s => $"S {s.Name} {s.Enabled} {s.Script.Text} {s.Script.User} {s.Interval} {s.Timeout}")
            .Concat(c.Model.TrackFiles.Select(f => $"F {f.Name} {f.Path}"))
            .Concat(c.Model.TrackProcesses.Select(p => $"P {p.Name} {p.Process} {string.Join(' ', p.Parameters)} {p.ParamMatch} {p.FullCommand}")));
}
