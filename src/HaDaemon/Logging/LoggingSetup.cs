using System.Globalization;
using HaDaemon.Cli;
using HaDaemon.Config.Model;
using Serilog;
using Serilog.Events;

namespace HaDaemon.Logging;

/// <summary>
/// Builds the Serilog logger from keepalived's logging options: syslog unless <c>-G</c> (facility <c>-S</c>),
/// console with <c>-l</c> (journal prefixes when stdout is systemd's journal stream), a file with <c>-g</c>,
/// and the level from <c>-D</c>; every one of them in text or JSON (<c>--log-format</c>/<c>hadaemon_log_format</c>,
/// chosen through the returned <see cref="LogFormatGate"/>).
/// </summary>
public static class LoggingSetup
{
    private const string ConsoleTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(CommandLineOptions options, Func<string, string?> environment, out LogFormatGate format)
    {
        var journal = !string.IsNullOrEmpty(environment("JOURNAL_STREAM"));
        format = new LogFormatGate(options.LogFormat, f => Sinks(options, journal, f));
        return new LoggerConfiguration()
            .MinimumLevel.Is(options.LogDetail switch
            {
                0 => LogEventLevel.Information,
                1 => LogEventLevel.Debug,
                _ => LogEventLevel.Verbose,
            })
            // The host's own chatter ("Application started…") is not part of keepalived's log.
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .WriteTo.Sink(format)
            .CreateLogger();
    }

    /// <summary>The sinks the options enable, writing in one format (levels are already filtered upstream).</summary>
    public static Serilog.Core.Logger Sinks(CommandLineOptions options, bool journal, LogFormat format)
    {
        var json = format == LogFormat.Json;
        var config = new LoggerConfiguration().MinimumLevel.Verbose();
        if (options.LogConsole)
        {
            config = (journal, json) switch
            {
                (true, _) => config.WriteTo.Console(new JournalFormatter(LogLine.Body(format))),
                (false, true) => config.WriteTo.Console(new JsonLogFormatter()),
                // The template overload keeps the console's colours on a terminal.
                (false, false) => config.WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture),
            };
        }
        if (options.LogFile is { } file)
        {
            config = json
                ? config.WriteTo.File(new JsonLogFormatter(), file, buffered: false)
                : config.WriteTo.File(file, outputTemplate: ConsoleTemplate, buffered: false, formatProvider: CultureInfo.InvariantCulture);
        }
        if (!options.NoSyslog && !options.ConfigTest)
        {
            config = config.WriteTo.Sink(new SyslogSink(options.SyslogFacility, body: LogLine.Body(format)));
        }
        return config.CreateLogger();
    }
}
