using System.Globalization;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace HaDaemon.Logging;

/// <summary>Renders an event as one line (message, then the exception's type and message).</summary>
public static class LogText
{
    // ":l" renders string properties as they are: "(VI_1) Entering", not "(\"VI_1\") Entering" (Serilog's default
    // quotes them); ":j" renders structured values as JSON. Same as the console template's {Message:lj}.
    private static readonly MessageTemplateTextFormatter MessageOnly = new("{Message:lj}", CultureInfo.InvariantCulture);

    public static string OneLine(LogEvent logEvent)
    {
        var text = Message(logEvent);
        if (logEvent.Exception is { } ex)
        {
            text += $" ({ex.GetType().Name}: {ex.Message})";
        }
        return text.ReplaceLineEndings(" ");
    }

    /// <summary>The rendered message alone, line ends kept.</summary>
    public static string Message(LogEvent logEvent)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        MessageOnly.Format(logEvent, writer);
        return writer.ToString();
    }
}
