using System.Globalization;
using Serilog.Events;

namespace HaDaemon.Logging;

/// <summary>Renders an event as one line (message, then the exception's type and message).</summary>
public static class LogText
{
    public static string OneLine(LogEvent logEvent)
    {
        var text = logEvent.RenderMessage(CultureInfo.InvariantCulture);
        if (logEvent.Exception is { } ex)
        {
            text += $" ({ex.GetType().Name}: {ex.Message})";
        }
        return text.ReplaceLineEndings(" ");
    }
}
