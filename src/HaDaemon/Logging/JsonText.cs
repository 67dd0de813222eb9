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
        var plain = 0; // start of the run of characters that need no escape, written in one piece
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is >= ' ' and < '\x7f' and not '"' and not '\\')
            {
                continue;
            }
            output.Write(value.AsSpan(plain, i - plain));
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
            plain = i + 1;
        }
        output.Write(value.AsSpan(plain));
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
