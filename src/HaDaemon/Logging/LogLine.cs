using HaDaemon.Config.Model;
using Serilog.Events;

namespace HaDaemon.Logging;

/// <summary>The part of a journal or syslog line after its prefix, in the chosen format.</summary>
public static class LogLine
{
    public static Func<LogEvent, string> Body(LogFormat format) =>
        format == LogFormat.Json ? JsonLogFormatter.Render : LogText.OneLine;
}
