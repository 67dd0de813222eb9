using HaDaemon.Config.Model;
using HaDaemon.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace HaDaemon.Tests.Logging;

public class LogFormatGateTests
{
    /// <summary>What reached the sinks: each message with the format its sinks were built for.</summary>
    private readonly List<(LogFormat Format, string Message)> _written = [];
    private int _built;
    private int _disposed;

    private LogFormatGate Gate(LogFormat? commandLine) => new(commandLine, format =>
    {
        _built++;
        return new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new Recorder(this, format)).CreateLogger();
    });

    private sealed class Recorder(LogFormatGateTests owner, LogFormat format) : ILogEventSink, IDisposable
    {
        public void Emit(LogEvent logEvent) => owner._written.Add((format, logEvent.MessageTemplate.Text));

        public void Dispose() => owner._disposed++;
    }

    private static LogEvent Event(string text) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse(text), []);

    [Fact]
    public void The_command_line_decides_at_once_and_the_configuration_cannot_override_it()
    {
        using var gate = Gate(LogFormat.Json);
        gate.Emit(Event("a"));
        Assert.Equal([(LogFormat.Json, "a")], _written);
        Assert.False(gate.ApplyConfigured(LogFormat.Text));
        gate.Emit(Event("b"));
        Assert.Equal([(LogFormat.Json, "a"), (LogFormat.Json, "b")], _written);
        Assert.Equal(1, _built);
    }

    [Fact]
    public void Without_the_option_events_wait_for_the_configuration_and_keep_their_order()
    {
        using var gate = Gate(null);
        gate.Emit(Event("starting"));
        gate.Emit(Event("diagnostic"));
        Assert.Empty(_written);
        Assert.Null(gate.Current);

        Assert.False(gate.ApplyConfigured(LogFormat.Json)); // the first decision is not a change
        gate.Emit(Event("running"));
        Assert.Equal([(LogFormat.Json, "starting"), (LogFormat.Json, "diagnostic"), (LogFormat.Json, "running")], _written);
        Assert.Equal(LogFormat.Json, gate.Current);
    }

    [Fact]
    public void A_configuration_without_the_keyword_means_text()
    {
        using var gate = Gate(null);
        gate.Emit(Event("a"));
        gate.ApplyConfigured(null);
        Assert.Equal([(LogFormat.Text, "a")], _written);
    }

    [Fact]
    public void A_reload_switches_the_format_and_closes_the_old_sinks_first()
    {
        using var gate = Gate(null);
        gate.ApplyConfigured(LogFormat.Json);
        gate.Emit(Event("a"));
        Assert.False(gate.ApplyConfigured(LogFormat.Json)); // unchanged: the sinks stay
        Assert.Equal(1, _built);
        Assert.True(gate.ApplyConfigured(null));
        Assert.Equal(1, _disposed);
        gate.Emit(Event("b"));
        Assert.Equal([(LogFormat.Json, "a"), (LogFormat.Text, "b")], _written);
    }

    [Fact]
    public void A_failed_first_load_settles_the_choice_but_a_failed_reload_changes_nothing()
    {
        using (var gate = Gate(null))
        {
            gate.Emit(Event("bad config"));
            gate.SettleIfOpen(LogFormat.Json);
            Assert.Equal([(LogFormat.Json, "bad config")], _written);
            gate.SettleIfOpen(LogFormat.Text);
            Assert.Equal(LogFormat.Json, gate.Current);
        }
    }

    [Fact]
    public void Dispose_writes_what_is_held_in_text_and_closes_the_sinks()
    {
        var gate = Gate(null);
        gate.Emit(Event("cannot read the configuration"));
        gate.Dispose();
        Assert.Equal([(LogFormat.Text, "cannot read the configuration")], _written);
        Assert.Equal(1, _disposed);
        gate.Emit(Event("late"));
        Assert.Single(_written);
    }

    [Fact]
    public void A_flood_before_the_configuration_settles_on_text()
    {
        using var gate = Gate(null);
        for (var i = 0; i < LogFormatGate.HoldLimit; i++)
        {
            gate.Emit(Event("x"));
        }
        Assert.Equal(LogFormat.Text, gate.Current);
        Assert.Equal(LogFormatGate.HoldLimit, _written.Count);
        Assert.False(gate.ApplyConfigured(null));
    }
}
