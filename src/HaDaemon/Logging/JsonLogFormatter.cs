using System.Globalization;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace HaDaemon.Logging;

/// <summary>
/// <c>--log-format json</c>: one JSON object per event, on one line, with our own field names (no reflection, so it
/// works under NativeAOT):
/// <c>time</c> (UTC, ISO 8601 with milliseconds), <c>level</c> (syslog's names: crit, err, warning, info, debug — the
/// severities the journal and syslog get), <c>message</c> (rendered, one line), <c>logger</c> (the source context,
/// when there is one), <c>exception</c> (<c>{type, message}</c>, when there is one), then every property of the event
/// as its own field in snake_case (<c>TransitionId</c> → <c>transition_id</c>). A property whose name is taken by
/// one of those fields or by an earlier property gets a leading underscore (<c>{Message}</c> → <c>_message</c>).
/// </summary>
public sealed class JsonLogFormatter : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        Write(logEvent, output);
        output.Write('\n');
    }

    /// <summary>The object without a line end: the body of a journal or syslog line.</summary>
    public static string Render(LogEvent logEvent)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(logEvent, writer);
        return writer.ToString();
    }

    public static void Write(LogEvent logEvent, TextWriter output)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { "time", "level", "message", "logger", "exception" };
        output.Write("{\"time\":\"");
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        output.Write("\",\"level\":\"");
        output.Write(SyslogLevel.Name(logEvent.Level));
        output.Write("\",\"message\":");
        JsonText.WriteString(output, LogText.Message(logEvent).ReplaceLineEndings(" "));
        if (logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var context))
        {
            output.Write(",\"logger\":");
            WriteValue(output, context);
        }
        if (logEvent.Exception is { } ex)
        {
            output.Write(",\"exception\":{\"type\":");
            JsonText.WriteString(output, ex.GetType().FullName ?? ex.GetType().Name);
            output.Write(",\"message\":");
            JsonText.WriteString(output, ex.Message);
            output.Write('}');
        }
        foreach (var (name, value) in logEvent.Properties)
        {
            if (name == Constants.SourceContextPropertyName)
            {
                continue;
            }
            var field = SnakeCase.Of(name);
            while (!taken.Add(field))
            {
                field = "_" + field;
            }
            output.Write(',');
            JsonText.WriteString(output, field);
            output.Write(':');
            WriteValue(output, value);
        }
        output.Write('}');
    }

    private static void WriteValue(TextWriter output, LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue scalar:
                WriteScalar(output, scalar.Value);
                break;
            case SequenceValue sequence:
                output.Write('[');
                for (var i = 0; i < sequence.Elements.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Write(',');
                    }
                    WriteValue(output, sequence.Elements[i]);
                }
                output.Write(']');
                break;
            case StructureValue structure:
                output.Write('{');
                for (var i = 0; i < structure.Properties.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Write(',');
                    }
                    JsonText.WriteString(output, SnakeCase.Of(structure.Properties[i].Name));
                    output.Write(':');
                    WriteValue(output, structure.Properties[i].Value);
                }
                output.Write('}');
                break;
            case DictionaryValue dictionary:
                output.Write('{');
                var first = true;
                foreach (var (key, element) in dictionary.Elements)
                {
                    if (!first)
                    {
                        output.Write(',');
                    }
                    first = false;
                    JsonText.WriteString(output, ScalarText(key.Value));
                    output.Write(':');
                    WriteValue(output, element);
                }
                output.Write('}');
                break;
            default:
                JsonText.WriteString(output, value.ToString(null, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteScalar(TextWriter output, object? value)
    {
        switch (value)
        {
            case null:
                output.Write("null");
                break;
            case bool b:
                output.Write(b ? "true" : "false");
                break;
            case byte or sbyte or short or ushort or int or uint or long or ulong or decimal:
                output.Write(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                break;
            case double d when double.IsFinite(d):
                output.Write(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case float f when float.IsFinite(f):
                output.Write(f.ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                JsonText.WriteString(output, ScalarText(value));
                break;
        }
    }

    /// <summary>Non-numeric scalars as text: enums by name, times in ISO 8601, the rest as they format themselves.</summary>
    private static string ScalarText(object? value) => value switch
    {
        null => "null",
        string s => s,
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
