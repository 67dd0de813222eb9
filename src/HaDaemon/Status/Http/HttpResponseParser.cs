using System.Text;

namespace HaDaemon.Status.Http;

/// <summary>The head of a response, as the client needs it.</summary>
public readonly record struct HttpResponseHead(int StatusCode, string? ContentType, long? ContentLength);

/// <summary>
/// Parses a complete response head (status line + fields + blank line) for <see cref="StatusHttpClient"/>.
/// Only what the status server sends needs to work; anything else is reported, never guessed at (a chunked body,
/// for one, is refused rather than mis-read).
/// </summary>
public static class HttpResponseParser
{
    /// <summary>The parsed head, or an error text in <paramref name="error"/>.</summary>
    public static HttpResponseHead? Parse(ReadOnlySpan<byte> head, out string? error)
    {
        var rest = head;
        if (!HttpSyntax.TryTakeLine(ref rest, out var statusLine) || !TryParseStatusLine(statusLine, out var status))
        {
            error = "malformed status line";
            return null;
        }

        string? contentType = null;
        long? contentLength = null;
        while (HttpSyntax.TryTakeLine(ref rest, out var line))
        {
            if (line.IsEmpty)
            {
                error = null;
                return new HttpResponseHead(status, contentType, contentLength);
            }

            if (!HttpSyntax.TryParseField(line, out var name, out var value))
            {
                error = "malformed header field";
                return null;
            }

            if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
            {
                contentType = Encoding.Latin1.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                error = "Transfer-Encoding responses are not supported";
                return null;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!HttpSyntax.TryParseLength(value, out var length) || (contentLength is { } earlier && earlier != length))
                {
                    error = "invalid Content-Length";
                    return null;
                }

                contentLength = length;
            }
        }

        error = "malformed header (bare CR or unterminated line)";
        return null;
    }

    /// <summary>"HTTP/1.x NNN[ reason]".</summary>
    private static bool TryParseStatusLine(ReadOnlySpan<byte> line, out int status)
    {
        status = 0;
        if (line.Length < 12 || !HttpSyntax.IsHttp1Version(line[..8]) || line[8] != (byte)' ' || (line.Length > 12 && line[12] != (byte)' '))
        {
            return false;
        }

        foreach (var b in line.Slice(9, 3))
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            status = (status * 10) + (b - '0');
        }

        return status >= 100;
    }
}
