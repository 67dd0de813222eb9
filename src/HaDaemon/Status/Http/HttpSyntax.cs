using System.Buffers.Text;

namespace HaDaemon.Status.Http;

/// <summary>The bits of RFC 9110/9112 message syntax both the server and the client check, on raw bytes.</summary>
public static class HttpSyntax
{
    /// <summary>tchar of RFC 9110 §5.6.2: the characters of a method or a header name.</summary>
    public static bool IsTokenChar(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
            or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';

    public static bool IsToken(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (!IsTokenChar(b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A control byte that may not appear anywhere in a message head (HT, CR and LF may, in their places).</summary>
    public static bool IsForbiddenInHead(byte b) => (b < 0x20 && b is not ((byte)'\t' or (byte)'\r' or (byte)'\n')) || b == 0x7F;

    /// <summary>
    /// Scans <paramref name="data"/> from <paramref name="from"/> for the blank line ending a head. Returns the head's
    /// length including that line, 0 when it has not arrived yet, -1 when a forbidden byte came first. CRLF is the
    /// terminator; a bare LF is accepted too (RFC 9112 §2.2 allows it), so "\n\n" and "\n\r\n" both end a head.
    /// </summary>
    public static int FindHeadEnd(ReadOnlySpan<byte> data, int from)
    {
        for (var i = from; i < data.Length; i++)
        {
            var b = data[i];
            if (b == (byte)'\n')
            {
                if ((i >= 1 && data[i - 1] == (byte)'\n') || (i >= 2 && data[i - 1] == (byte)'\r' && data[i - 2] == (byte)'\n'))
                {
                    return i + 1;
                }
            }
            else if (IsForbiddenInHead(b))
            {
                return -1;
            }
        }

        return 0;
    }

    /// <summary>
    /// Takes the next line off <paramref name="rest"/> (without its CRLF/LF). False when no terminated line is left
    /// or the line holds a bare CR (a CR not followed by LF is a classic request-smuggling trick).
    /// </summary>
    public static bool TryTakeLine(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> line)
    {
        var lf = rest.IndexOf((byte)'\n');
        if (lf < 0)
        {
            line = default;
            return false;
        }

        line = rest[..lf];
        rest = rest[(lf + 1)..];
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return !line.Contains((byte)'\r');
    }

    /// <summary>
    /// Splits a field line "Name: value" (RFC 9112 §5): the name a token directly followed by ':' (no whitespace
    /// before it), the value with surrounding spaces/tabs removed. A line starting with whitespace (obsolete line
    /// folding) is refused.
    /// </summary>
    public static bool TryParseField(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var colon = line.IndexOf((byte)':');
        name = colon > 0 ? line[..colon] : default;
        value = colon > 0 ? line[(colon + 1)..].Trim(" \t"u8) : default;
        return colon > 0 && IsToken(name);
    }

    /// <summary>A Content-Length value: digits only, at most 18 of them.</summary>
    public static bool TryParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > 18)
        {
            return false;
        }

        foreach (var b in value)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return Utf8Parser.TryParse(value, out length, out var consumed) && consumed == value.Length;
    }

    /// <summary>"HTTP/1.0", "HTTP/1.1" … "HTTP/1.9": the only versions either side speaks.</summary>
    public static bool IsHttp1Version(ReadOnlySpan<byte> version) =>
        version.Length == 8 && version.StartsWith("HTTP/1."u8) && version[7] is >= (byte)'0' and <= (byte)'9';
}
