using System.Globalization;

namespace HaDaemon.Logging;

/// <summary>
/// JSON string literals written as pure ASCII: quotes, backslashes and control characters escaped, every non-ASCII
/// character as <c>\uXXXX</c> (surrogate pairs as two escapes) and a lone surrogate as U+FFFD. Pure ASCII survives
/// syslog relays, terminals and files in any locale, and a lone surrogate — which a log property can carry, but no
/// JSON reader accepts — never makes a line unparseable.
/// </summary>
public static class JsonText
{
    public static void WriteString(TextWriter output, string value)
    {
        output.Write('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    output.Write("\\\"");
                    break;
                case '\\':
                    output.Write("\\\\");
                    break;
                case '\n':
                    output.Write("\\n");
                    break;
                case '\r':
                    output.Write("\\r");
                    break;
                case '\t':
                    output.Write("\\t");
                    break;
                case >= ' ' and < '\x7f':
                    output.Write(c);
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        WriteEscape(output, c);
                        WriteEscape(output, value[++i]);
                    }
                    else
                    {
                        WriteEscape(output, char.IsSurrogate(c) ? '\uFFFD' : c);
                    }
                    break;
            }
        }
        output.Write('"');
    }

    public static string Quote(string value)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteString(writer, value);
        return writer.ToString();
    }

    private static void WriteEscape(TextWriter output, char c)
    {
        output.Write("\\u");
        output.Write(((int)c).ToString("x4", CultureInfo.InvariantCulture));
    }
}
