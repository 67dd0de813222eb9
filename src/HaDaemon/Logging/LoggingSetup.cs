using HaDaemon.Cli;
using Serilog;
using Serilog.Events;

namespace HaDaemon.Logging;

/// <summary>
/// Builds the Serilog logger from keepalived's logging options: syslog unless <c>-G</c> (facility <c>-S</c>),
/// console with <c>-l</c> (journal prefixes when stdout is systemd's journal stream), a file with <c>-g</c>,
/// and the level from <c>-D</c>.
/// </summary>
public static class LoggingSetup
{
    private const string ConsoleTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(CommandLineOptions options, Func<string, string?> environment)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(options.LogDetail switch
            {
                0 => LogEventLevel.Information,
                1 => LogEventLevel.Debug,
                _ => LogEventLevel.Verbose,
            })
            // The host's own chatter ("Application started…") is not part of keepalived's log.
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning);

        if (options.LogConsole)
        {
            config = string.IsNullOrEmpty(environment("JOURNAL_STREAM"))
                ? config.WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
                : config.WriteTo.Console(new JournalFormatter());
        }
        if (options.LogFile is { } file)
        {
            config = config.WriteTo.File(file, outputTemplate: ConsoleTemplate, buffered: false,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }
        if (!options.NoSyslog && !options.ConfigTest)
        {
            config = config.WriteTo.Sink(new SyslogSink(options.SyslogFacility));
        }
        return config.CreateLogger();
    }
}
