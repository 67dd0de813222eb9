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
}
