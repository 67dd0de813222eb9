using Serilog.Events;

namespace HaDaemon.Logging;

/// <summary>Serilog levels as syslog severities (RFC 5424: 2 crit … 7 debug), for journal prefixes and syslog.</summary>
public static class SyslogLevel
{
    public static int Of(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => 2,
        LogEventLevel.Error => 3,
        LogEventLevel.Warning => 4,
        LogEventLevel.Information => 6,
        _ => 7,
    };

    /// <summary>The severity's name as syslog.conf and <c>journalctl -p</c> spell it (the JSON log's <c>level</c>).</summary>
    public static string Name(LogEventLevel level) => Of(level) switch
    {
        2 => "crit",
        3 => "err",
        4 => "warning",
        6 => "info",
        _ => "debug",
    };
}
