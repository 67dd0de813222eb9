using System.Net;
using System.Net.Sockets;
using System.Text;
using StatusListen = HaDaemon.Config.Model.StatusListen;
using HaDaemon.Status.Http;
using HaDaemon.Tests.Scripts;

namespace HaDaemon.Tests.Status.Http;

/// <summary>The client <c>hadaemon status</c> uses: round trips, and every failure as a readable error.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StatusHttpClientTests : TempDirTest
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    /// <summary>A listening loopback socket on a free port, for hand-written server behaviour.</summary>
    private static Socket LoopbackListener(out int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return listener;
    }

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Unix)]
    public async Task Round_trip_returns_status_content_type_and_body(Transport transport)
    {
        await using var server = StatusTestServer.Start(transport, Tmp);
        var metrics = await StatusHttpClient.GetAsync(server.Listen, "/metrics", Generous);
        Assert.True(metrics.IsOk, metrics.Error);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.ContentType);
        Assert.Equal(StatusTestServer.MetricsBody, metrics.BodyText);

        var missing = await StatusHttpClient.GetAsync(server.Listen, "/nope", Generous);
        Assert.Null(missing.Error);
        Assert.Equal(404, missing.StatusCode);
        Assert.False(missing.IsOk);
    }

    [Fact]
    public async Task A_large_body_arrives_whole()
    {
        var body = new byte[200 * 1024];
        new Random(7).NextBytes(body);
        await using var server = StatusTestServer.Start(Transport.Tcp, Tmp, provider: (_, _) => ValueTask.FromResult(new StatusReply("application/octet-stream", body)));
        var response = await StatusHttpClient.GetAsync(server.Listen, "/metrics", Generous);
        Assert.True(response.IsOk, response.Error);
        Assert.Equal(body, response.Body);
    }

    [Fact]
    public async Task A_wildcard_listen_address_is_reached_over_loopback()
    {
        await using var server = StatusTestServer.Start(Transport.Tcp, Tmp);
        var response = await StatusHttpClient.GetAsync(server.Listen with { Address = "0.0.0.0" }, "/status", Generous);
        Assert.True(response.IsOk, response.Error);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_a_timeout_error()
    {
        using var silent = LoopbackListener(out var port); // the kernel completes the handshake; nobody accepts or answers

        var response = await StatusHttpClient.GetAsync(new StatusListen("127.0.0.1", port, null, default), "/metrics", TimeSpan.FromMilliseconds(300))
            .WaitAsync(Generous);
        Assert.NotNull(response.Error);
        Assert.Contains("no response", response.Error, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_refused_is_an_error_that_says_so()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var response = await StatusHttpClient.GetAsync(new StatusListen("127.0.0.1", port, null, default), "/metrics", Generous);
        Assert.Contains("connection refused", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_unix_socket_is_an_error_that_names_it()
    {
        var path = Tmp.Path("absent.sock");
        var response = await StatusHttpClient.GetAsync(new StatusListen(null, null, path, default), "/metrics", Generous);
        Assert.Contains("no status socket at " + path, response.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadResponses() => new()
    {
        { "SSH-2.0-OpenSSH_9.2\r\n", "malformed" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "truncated" },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "Transfer-Encoding" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", "Content-Length" },
        { "HTTP/1.1 2x0 OK\r\n\r\n", "malformed status line" },
        { "HTTP/1.1 200 OK\r\nBad\0Header: x\r\n\r\n", "malformed" },
        { "", "without a response" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n", "larger than" },
    };

    [Theory]
    [MemberData(nameof(BadResponses))]
    public async Task Malformed_responses_are_errors(string reply, string expected)
    {
        using var listener = LoopbackListener(out var port);
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptAsync();
            await client.SendAsync(Encoding.Latin1.GetBytes(reply));
            client.Shutdown(SocketShutdown.Send);
            await StatusTestServer.ReadToEndAsync(client);
        });

        var response = await StatusHttpClient.GetAsync(new StatusListen("127.0.0.1", port, null, default), "/metrics", Generous);
        Assert.NotNull(response.Error);
        Assert.Contains(expected, response.Error, StringComparison.Ordinal);
        await serve.WaitAsync(Generous);
    }

    [Fact]
    public async Task A_response_without_content_length_is_read_to_the_end()
    {
        using var listener = LoopbackListener(out var port);
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptAsync();
            await client.SendAsync("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it"u8.ToArray());
            client.Shutdown(SocketShutdown.Send); // EOF ends the body; then read the request so the close sends no RST
            await StatusTestServer.ReadToEndAsync(client);
        });

        var response = await StatusHttpClient.GetAsync(new StatusListen("127.0.0.1", port, null, default), "/metrics", Generous);
        Assert.True(response.IsOk, response.Error);
        Assert.Equal("all of it", response.BodyText);
        await serve.WaitAsync(Generous);
    }

    [Theory]
    [InlineData("metrics")]
    [InlineData("/a b")]
    [InlineData("/a\r\nX: y")]
    public async Task Request_paths_that_would_break_the_request_line_are_refused(string path)
    {
        var response = await StatusHttpClient.GetAsync(new StatusListen("127.0.0.1", 9, null, default), path, Generous);
        Assert.Contains("not a request path", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_throws()
    {
        using var silent = LoopbackListener(out var port);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var listen = new StatusListen("127.0.0.1", port, null, default);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StatusHttpClient.GetAsync(listen, "/metrics", Generous, cts.Token));
    }
}
