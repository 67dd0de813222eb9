using Serilog.Events;
using Serilog.Formatting;

namespace HaDaemon.Logging;

/// <summary>
/// Console lines for systemd's journal: <c>&lt;N&gt;message</c>, where N is the syslog severity (sd-daemon(3)
/// prefixes), so that <c>journalctl -p warning</c> works. No timestamp: the journal adds its own.
/// With <c>--log-format json</c> the message is the JSON object: journald strips the prefix (it becomes the entry's
/// PRIORITY), so MESSAGE is exactly the object and <c>journalctl -o cat</c> prints one JSON object per line.
/// </summary>
public sealed class JournalFormatter(Func<LogEvent, string>? body = null) : ITextFormatter
{
    private readonly Func<LogEvent, string> _body = body ?? LogText.OneLine;

    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write('<');
        output.Write(SyslogLevel.Of(logEvent.Level));
        output.Write('>');
        // One journal entry per line: a multi-line message or exception would otherwise lose its severity.
        output.Write(_body(logEvent));
        output.Write('\n');
    }
}
