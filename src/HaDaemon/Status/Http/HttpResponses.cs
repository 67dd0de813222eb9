using System.Buffers.Text;
using System.Text;

namespace HaDaemon.Status.Http;

/// <summary>
/// The server's responses. Every one says <c>Connection: close</c> (one request per connection: the endpoint is
/// scraped every few seconds, keep-alive would only add idle connections to bound) and <c>Cache-Control: no-store</c>.
/// The error responses are built once; the 200 head is written into the connection's own buffer, so a response
/// allocates nothing and the provider's body goes to the socket as is.
/// </summary>
internal static class HttpResponses
{
    private const string PlainText = "text/plain; charset=utf-8";

    /// <summary>Content types longer than this are refused (a 500), as are ones with control characters.</summary>
    public const int MaxContentTypeLength = 256;

    private static readonly CannedResponse BadRequest = Canned(400, "Bad Request", "bad request\n");
    private static readonly CannedResponse NotFound = Canned(404, "Not Found", "not found: try /metrics or /status\n");
    private static readonly CannedResponse MethodNotAllowed = Canned(405, "Method Not Allowed", "method not allowed\n", "Allow: GET, HEAD\r\n");
    private static readonly CannedResponse HeadTooLarge = Canned(431, "Request Header Fields Too Large", "request head too large\n");
    private static readonly CannedResponse InternalError = Canned(500, "Internal Server Error", "status provider failed\n");
    private static readonly CannedResponse Unavailable = Canned(503, "Service Unavailable", "busy\n");
    private static readonly CannedResponse ProviderTimeout = Canned(503, "Service Unavailable", "status provider timed out\n");

    public static CannedResponse Error(int status) => status switch
    {
        400 => BadRequest,
        404 => NotFound,
        405 => MethodNotAllowed,
        431 => HeadTooLarge,
        500 => InternalError,
        _ => Unavailable,
    };

    public static CannedResponse Busy => Unavailable;

    public static CannedResponse TimedOut => ProviderTimeout;

    /// <summary>Writes the 200 head for a body of <paramref name="contentLength"/> bytes; the head's length, or -1 when
    /// the content type is unusable (a provider bug) or the head does not fit.</summary>
    public static int WriteOkHead(Span<byte> destination, string contentType, int contentLength)
    {
        if (contentType.Length is 0 or > MaxContentTypeLength || !IsFieldValue(contentType))
        {
            return -1;
        }

        var writer = new AsciiWriter(destination);
        writer.Append("HTTP/1.1 200 OK\r\nContent-Type: "u8);
        writer.Append(contentType);
        writer.Append("\r\nContent-Length: "u8);
        writer.Append(contentLength);
        writer.Append("\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"u8);
        return writer.Overflowed ? -1 : writer.Length;
    }

    private static bool IsFieldValue(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~' && c != '\t')
            {
                return false;
            }
        }

        return true;
    }

    private static CannedResponse Canned(int status, string reason, string body, string extraFields = "")
    {
        var head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: {PlainText}\r\nContent-Length: {Encoding.ASCII.GetByteCount(body)}\r\n" +
                   $"{extraFields}Cache-Control: no-store\r\nConnection: close\r\n\r\n";
        return new CannedResponse(status, Encoding.ASCII.GetBytes(head + body), Encoding.ASCII.GetByteCount(head));
    }

    /// <summary>Appends ASCII to a span, remembering (instead of throwing) when it ran out of room.</summary>
    private ref struct AsciiWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Length { get; private set; }

        public bool Overflowed { get; private set; }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (!bytes.TryCopyTo(_destination[Length..]))
            {
                Overflowed = true;
                return;
            }

            Length += bytes.Length;
        }

        public void Append(string ascii)
        {
            if (_destination.Length - Length < ascii.Length)
            {
                Overflowed = true;
                return;
            }

            Length += Encoding.ASCII.GetBytes(ascii, _destination[Length..]);
        }

        public void Append(int value)
        {
            if (!Utf8Formatter.TryFormat(value, _destination[Length..], out var written))
            {
                Overflowed = true;
                return;
            }

            Length += written;
        }
    }
}

/// <summary>A prebuilt response: <see cref="Bytes"/> is head + body, the first <see cref="HeadLength"/> bytes the head
/// (all a HEAD request gets).</summary>
internal sealed record CannedResponse(int Status, byte[] Bytes, int HeadLength)
{
    public ReadOnlyMemory<byte> For(bool headOnly) => headOnly ? Bytes.AsMemory(0, HeadLength) : Bytes;
}
