using Serilog.Events;
using Serilog.Formatting;

namespace HaDaemon.Logging;

/// <summary>
/// Console lines for systemd's journal: <c>&lt;N&gt;message</c>, where N is the syslog severity (sd-daemon(3)
/// prefixes), so that <c>journalctl -p warning</c> works. No timestamp: the journal adds its own.
/// </summary>
public sealed class JournalFormatter : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write('<');
        output.Write(SyslogLevel.Of(logEvent.Level));
        output.Write('>');
        // One journal entry per line: a multi-line message or exception would otherwise lose its severity.
        output.Write(LogText.OneLine(logEvent));
        output.Write('\n');
    }
}
