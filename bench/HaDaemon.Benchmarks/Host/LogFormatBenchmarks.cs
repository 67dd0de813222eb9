using System.Net;
using BenchmarkDotNet.Attributes;
using HaDaemon.Core.Engine;
using HaDaemon.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace HaDaemon.Benchmarks.Host;

/// <summary>
/// Cost of one transition line per format: keepalived-style text (the journal/syslog body) against the JSON object.
/// Transitions are rare; this shows that choosing JSON costs nothing an operator could notice.
/// </summary>
[MemoryDiagnoser]
public class LogFormatBenchmarks
{
    private LogEvent _transition = null!;

    private sealed class Keep : ILogEventSink
    {
        public LogEvent? Last { get; private set; }

        public void Emit(LogEvent logEvent) => Last = logEvent;
    }

    [GlobalSetup]
    public void Setup()
    {
        var keep = new Keep();
        using var serilog = new LoggerConfiguration().WriteTo.Sink(keep).CreateLogger();
        using var factory = new SerilogLoggerFactory(serilog);
        TransitionLog.Write(factory.CreateLogger("HaDaemon.Runtime.VrrpRuntime"),
            new StateChanged("VI_1", VrrpState.Master, VrrpState.Backup, TransitionReason.HigherPriorityAdvert, 100, 42),
            51, IPAddress.Parse("10.0.0.2"));
        _transition = keep.Last!;
    }

    [Benchmark(Baseline = true)]
    public string Text() => LogText.OneLine(_transition);

    [Benchmark]
    public string Json() => JsonLogFormatter.Render(_transition);
}
