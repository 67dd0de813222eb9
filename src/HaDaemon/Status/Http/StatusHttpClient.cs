using System.Net;
using System.Net.Sockets;
using System.Text;
using HaDaemon.Config.Model;

namespace HaDaemon.Status.Http;

/// <summary>
/// The client side of the status endpoint, for <c>hadaemon status</c>: one GET over TCP or the unix socket named
/// by a <see cref="StatusListen"/>, bounded in time and size. Failures come back as
/// <see cref="StatusHttpResponse.Error"/> texts an operator can act on; only the caller's own cancellation throws.
/// </summary>
public static class StatusHttpClient
{
    /// <summary>A response larger than this is refused (1000 instances render about 200 KB).</summary>
    public const int MaxResponseBytes = 64 * 1024 * 1024;

    private const int MaxHeadBytes = 64 * 1024;

    public static async Task<StatusHttpResponse> GetAsync(StatusListen listen, string path, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(path);
        if (!IsRequestPath(path))
        {
            return StatusHttpResponse.Fail($"'{path}' is not a request path (it must start with '/' and hold only visible ASCII)");
        }

        var where = StatusListenPolicy.Describe(listen);
        var (endPoint, host, targetError) = Target(listen);
        if (endPoint is null)
        {
            return StatusHttpResponse.Fail($"cannot reach status endpoint {where}: {targetError}");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, listen.IsUnixSocket ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, deadline.Token);
            var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: hadaemon\r\nAccept: */*\r\nConnection: close\r\n\r\n");
            await socket.SendAsync(request, SocketFlags.None, deadline.Token);
            return await ReadResponseAsync(socket, where, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return StatusHttpResponse.Fail($"no response from status endpoint {where} within {timeout.TotalSeconds:0.###} s");
        }
        catch (SocketException e)
        {
            return StatusHttpResponse.Fail(Explain(e, listen, where));
        }
    }

    private static bool IsRequestPath(string path) => path.Length > 0 && path[0] == '/' && path.All(c => c is > ' ' and <= '~');

    /// <summary>Where to connect and the Host field to send. A wildcard listen address (0.0.0.0, ::) is reached
    /// over the loopback of its family.</summary>
    private static (EndPoint? EndPoint, string Host, string? Error) Target(StatusListen listen)
    {
        if (listen.UnixSocketPath is { } socketPath)
        {
            return Encoding.UTF8.GetByteCount(socketPath) > UnixSocketFile.MaxPathBytes
                ? (null, "", "the socket path is too long for a unix socket address")
                : (new UnixDomainSocketEndPoint(socketPath), "localhost", null);
        }

        if (listen.Address is null || !IPAddress.TryParse(listen.Address, out var address) || listen.Port is not (>= 1 and <= 65535))
        {
            return (null, "", "not an IP address and port");
        }

        if (address.Equals(IPAddress.Any))
        {
            address = IPAddress.Loopback;
        }
        else if (address.Equals(IPAddress.IPv6Any))
        {
            address = IPAddress.IPv6Loopback;
        }

        var endPoint = new IPEndPoint(address, listen.Port.Value);
        return (endPoint, endPoint.ToString(), null);
    }

    private static string Explain(SocketException e, StatusListen listen, string where)
    {
        if (listen.UnixSocketPath is { } path && !File.Exists(path) && !Directory.Exists(path))
        {
            return $"no status socket at {path} (is hadaemon running with hadaemon_status_listen {path}?)";
        }

        return e.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => $"connection refused by status endpoint {where} (is hadaemon running with hadaemon_status_listen set?)",
            SocketError.ConnectionReset => $"status endpoint {where} reset the connection",
            _ => $"cannot talk to status endpoint {where}: {e.Message}",
        };
    }

    /// <summary>Reads the head, then exactly Content-Length bytes of body straight into the body array (or, without
    /// a Content-Length, up to EOF).</summary>
    private static async Task<StatusHttpResponse> ReadResponseAsync(Socket socket, string where, CancellationToken token)
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        int headLength;
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, token);
            if (n == 0)
            {
                return StatusHttpResponse.Fail(filled == 0
                    ? $"status endpoint {where} closed the connection without a response"
                    : $"malformed response from status endpoint {where}: incomplete head");
            }

            var scanFrom = filled;
            filled += n;
            headLength = HttpSyntax.FindHeadEnd(buffer.AsSpan(0, filled), scanFrom);
            if (headLength > 0)
            {
                break;
            }

            if (headLength < 0 || filled >= MaxHeadBytes)
            {
                return StatusHttpResponse.Fail($"malformed response from status endpoint {where}: not an HTTP/1.x head");
            }

            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        if (HttpResponseParser.Parse(buffer.AsSpan(0, headLength), out var error) is not { } head)
        {
            return StatusHttpResponse.Fail($"malformed response from status endpoint {where}: {error}");
        }

        if (head.ContentLength > MaxResponseBytes)
        {
            return StatusHttpResponse.Fail($"response from status endpoint {where} is larger than {MaxResponseBytes} bytes");
        }

        var early = buffer.AsMemory(headLength, filled - headLength);
        var (body, received) = head.ContentLength is { } length
            ? await ReadBodyAsync(socket, new byte[length], early, token)
            : await ReadToEndAsync(socket, early, token);
        if (body is null)
        {
            return StatusHttpResponse.Fail($"response from status endpoint {where} is larger than {MaxResponseBytes} bytes");
        }

        return received < body.Length
            ? StatusHttpResponse.Fail($"truncated response from status endpoint {where}: {received} of {body.Length} body bytes")
            : new StatusHttpResponse(head.StatusCode, head.ContentType, body, null);
    }

    /// <summary>Fills <paramref name="body"/>: first with the bytes that came with the head, then from the socket
    /// until it is full or the server closes. Returns it and how much arrived.</summary>
    private static async Task<(byte[]? Body, int Received)> ReadBodyAsync(Socket socket, byte[] body, ReadOnlyMemory<byte> early, CancellationToken token)
    {
        var received = Math.Min(early.Length, body.Length);
        early.Span[..received].CopyTo(body);
        int n;
        while (received < body.Length && (n = await socket.ReceiveAsync(body.AsMemory(received), SocketFlags.None, token)) > 0)
        {
            received += n;
        }

        return (body, received);
    }

    /// <summary>A body without Content-Length: everything up to EOF, at most <see cref="MaxResponseBytes"/>
    /// (null beyond).</summary>
    private static async Task<(byte[]? Body, int Received)> ReadToEndAsync(Socket socket, ReadOnlyMemory<byte> early, CancellationToken token)
    {
        var body = new byte[Math.Max(early.Length * 2, 16 * 1024)];
        early.Span.CopyTo(body);
        var received = early.Length;
        int n;
        while ((n = await socket.ReceiveAsync(body.AsMemory(received), SocketFlags.None, token)) > 0)
        {
            received += n;
            if (received == body.Length)
            {
                if (body.Length >= MaxResponseBytes)
                {
                    return (null, received);
                }

                Array.Resize(ref body, Math.Min(body.Length * 2, MaxResponseBytes));
            }
        }

        return (body[..received], received);
    }
}
