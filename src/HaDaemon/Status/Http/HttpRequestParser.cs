using System.Text;

namespace HaDaemon.Status.Http;

/// <summary>What to answer to one request head: <see cref="Status"/> 200 serves <see cref="Resource"/>; anything else
/// is the error status to send, with <see cref="Problem"/> saying why (for the debug log).</summary>
public readonly record struct HttpRequestVerdict(int Status, StatusResource Resource, bool HeadOnly, string? Problem)
{
    public static HttpRequestVerdict Error(int status, string problem, bool headOnly = false) => new(status, default, headOnly, problem);
}

/// <summary>
/// Decides a complete request head (request line + fields + blank line) of the status endpoint. Strict where
/// leniency is a known smuggling vector: exactly one SP between the parts of the request line, no whitespace before
/// a field's colon, no folding, no bare CR, one Host in HTTP/1.1 (RFC 9112 §3.2). The endpoint takes no request
/// bodies: Transfer-Encoding or a Content-Length other than 0 is a 400, so no body is ever read.
/// HEAD is served like GET without the body (RFC 9110 §9.1 expects HEAD wherever GET is); other methods get 405.
/// </summary>
public static class HttpRequestParser
{
    private const int MaxMethodLength = 32;

    public static HttpRequestVerdict Decide(ReadOnlySpan<byte> head)
    {
        var rest = head;
        if (!HttpSyntax.TryTakeLine(ref rest, out var requestLine) || !TrySplitRequestLine(requestLine, out var method, out var target, out var version))
        {
            return HttpRequestVerdict.Error(400, "malformed request line");
        }

        var headOnly = method.SequenceEqual("HEAD"u8);
        var fields = CheckFields(rest, version[7] != (byte)'0');
        if (fields is not null)
        {
            return HttpRequestVerdict.Error(400, fields, headOnly);
        }

        var query = target.IndexOf((byte)'?');
        var path = query < 0 ? target : target[..query];
        StatusResource resource;
        if (path.SequenceEqual("/metrics"u8))
        {
            resource = StatusResource.Metrics;
        }
        else if (path.SequenceEqual("/status"u8))
        {
            resource = StatusResource.Status;
        }
        else
        {
            return HttpRequestVerdict.Error(404, "unknown path " + Encoding.ASCII.GetString(path), headOnly);
        }

        return headOnly || method.SequenceEqual("GET"u8)
            ? new HttpRequestVerdict(200, resource, headOnly, null)
            : HttpRequestVerdict.Error(405, "method " + Encoding.ASCII.GetString(method) + " not allowed");
    }

    /// <summary>
    /// True when <paramref name="line"/> has the shape "TOKEN SP /target SP HTTP/1.x". Also used on the first line
    /// while the rest of the head is still arriving, so that garbage is refused at once instead of after the timeout.
    /// </summary>
    public static bool TrySplitRequestLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> method, out ReadOnlySpan<byte> target, out ReadOnlySpan<byte> version)
    {
        method = target = version = default;
        var sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0 || sp1 > MaxMethodLength)
        {
            return false;
        }

        var afterMethod = line[(sp1 + 1)..];
        var sp2 = afterMethod.IndexOf((byte)' ');
        if (sp2 <= 0)
        {
            return false;
        }

        method = line[..sp1];
        target = afterMethod[..sp2];
        version = afterMethod[(sp2 + 1)..];
        return HttpSyntax.IsToken(method) && IsOriginForm(target) && HttpSyntax.IsHttp1Version(version);
    }

    /// <summary>"/path[?query]" of visible ASCII (RFC 9112 §3.2.1); absolute-form and "*" are not served here.</summary>
    private static bool IsOriginForm(ReadOnlySpan<byte> target)
    {
        if (target.IsEmpty || target[0] != (byte)'/')
        {
            return false;
        }

        foreach (var b in target)
        {
            if (b is < 0x21 or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Null when the field lines are acceptable, otherwise the problem.</summary>
    private static string? CheckFields(ReadOnlySpan<byte> rest, bool http11)
    {
        var hosts = 0;
        while (HttpSyntax.TryTakeLine(ref rest, out var line))
        {
            if (line.IsEmpty)
            {
                return rest.IsEmpty ? (http11 && hosts != 1 ? "HTTP/1.1 request needs exactly one Host field" : null) : "data after the head";
            }

            if (!HttpSyntax.TryParseField(line, out var name, out var value))
            {
                return "malformed field line";
            }

            if (Ascii.EqualsIgnoreCase(name, "Host"u8))
            {
                hosts++;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                return "request body (Transfer-Encoding) not accepted";
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8) && (!HttpSyntax.TryParseLength(value, out var length) || length != 0))
            {
                return "request body (Content-Length) not accepted";
            }
        }

        return "bare CR or unterminated line";
    }
}
