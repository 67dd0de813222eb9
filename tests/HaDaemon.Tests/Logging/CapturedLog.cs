using System.Text.Json;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using MelLogger = Microsoft.Extensions.Logging.ILogger;

namespace HaDaemon.Tests.Logging;

/// <summary>
/// The daemon's logging path in a test: Microsoft.Extensions.Logging calls go through Serilog (as in the daemon)
/// into a list of events, which the tests format and parse back.
/// </summary>
public sealed class CapturedLog : IDisposable
{
    private readonly List<LogEvent> _events = [];
    private readonly Logger _serilog;
    private readonly SerilogLoggerFactory _factory;

    public CapturedLog()
    {
        _serilog = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new Sink(_events)).CreateLogger();
        _factory = new SerilogLoggerFactory(_serilog);
    }

    public MelLogger Logger(string category = "test") => _factory.CreateLogger(category);

    public IReadOnlyList<LogEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>A separate object: Serilog disposes disposable sinks, and this class disposes Serilog.</summary>
    private sealed class Sink(List<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            lock (events)
            {
                events.Add(logEvent);
            }
        }
    }

    /// <summary>The single captured event as the JSON formatter writes it, checked to be one line, and parsed.</summary>
    public JsonElement SingleJson() => Json(Assert.Single(Events));

    public static string Line(LogEvent e)
    {
        using var writer = new StringWriter();
        new HaDaemon.Logging.JsonLogFormatter().Format(e, writer);
        return writer.ToString();
    }

    public static JsonElement Json(LogEvent e)
    {
        var line = Line(e);
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line[..^1]);
        Assert.DoesNotContain('\r', line);
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    public static IReadOnlyList<string> FieldNames(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];

    public void Dispose()
    {
        _factory.Dispose();
        _serilog.Dispose();
    }
}
