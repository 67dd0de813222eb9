using HaDaemon.Config.Model;
using Serilog.Core;
using Serilog.Events;

namespace HaDaemon.Logging;

/// <summary>
/// Chooses the log format and owns the sinks written in it. The logger exists before the configuration is read,
/// but <c>hadaemon_log_format</c> is in the configuration: so, unless <c>--log-format</c> decided it already, events
/// are held (in order) until the first load settles the format, then written — every line of one run's start has
/// the same format. Bad configurations, early exits and floods settle it to the default (text) instead.
/// A reload may change the format: the sinks are rebuilt in the new one (files are reopened in append mode).
/// </summary>
public sealed class LogFormatGate : ILogEventSink, IDisposable
{
    /// <summary>Events held before the format is known; more than this settles it to the default.</summary>
    public const int HoldLimit = 10_000;

    private readonly LogFormat? _commandLine;
    private readonly Func<LogFormat, Logger> _buildSinks;
    private readonly Lock _lock = new();
    private readonly List<LogEvent> _held = [];
    private Logger? _sinks;
    private bool _disposed;

    /// <param name="commandLine"><c>--log-format</c>; when given it wins over the configuration and nothing is held.</param>
    /// <param name="buildSinks">The sinks, writing in the given format.</param>
    public LogFormatGate(LogFormat? commandLine, Func<LogFormat, Logger> buildSinks)
    {
        _commandLine = commandLine;
        _buildSinks = buildSinks;
        if (commandLine is { } format)
        {
            Switch(format);
        }
    }

    private LogFormat? _current;

    /// <summary>The format in effect; null while it waits for the configuration.</summary>
    public LogFormat? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            if (_sinks is not null)
            {
                _sinks.Write(logEvent);
                return;
            }
            _held.Add(logEvent);
            if (_held.Count >= HoldLimit)
            {
                Switch(LogFormat.Text);
            }
        }
    }

    /// <summary>
    /// A configuration was loaded: its <c>hadaemon_log_format</c> (null = not set, i.e. text) takes effect unless the
    /// command line chose. Returns true when this changed a format that was already in effect (a reload).
    /// </summary>
    public bool ApplyConfigured(LogFormat? configured)
    {
        lock (_lock)
        {
            var wanted = _commandLine ?? configured ?? LogFormat.Text;
            var before = _current;
            if (_disposed || before == wanted)
            {
                return false;
            }
            Switch(wanted);
            return before is not null;
        }
    }

    /// <summary>Settles a still-open choice (a configuration that cannot run, a failure before loading).</summary>
    public void SettleIfOpen(LogFormat? configured)
    {
        lock (_lock)
        {
            SettleLocked(configured);
        }
    }

    /// <summary>Writes whatever is held (in the default format if nothing decided it) and closes the sinks.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            SettleLocked(null);
            _disposed = true;
            _sinks?.Dispose();
            _sinks = null;
        }
    }

    private void SettleLocked(LogFormat? configured)
    {
        if (_current is null && !_disposed)
        {
            Switch(configured ?? LogFormat.Text);
        }
    }

    private void Switch(LogFormat format)
    {
        var previous = _sinks;
        // The old sinks close first: a log file must not be open twice while the new ones open it.
        previous?.Dispose();
        _sinks = _buildSinks(format);
        _current = format;
        foreach (var held in _held)
        {
            _sinks.Write(held);
        }
        _held.Clear();
    }
}
