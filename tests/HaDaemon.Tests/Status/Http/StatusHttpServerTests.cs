using System.Net.Sockets;
using System.Text;
using HaDaemon.Status.Http;
using HaDaemon.Tests.Scripts;
using static HaDaemon.Tests.Status.Http.StatusTestServer;

namespace HaDaemon.Tests.Status.Http;

/// <summary>The request/response behaviour of the status server, on loopback TCP and on a unix socket alike.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StatusHttpServerTests : TempDirTest
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Unix)]
    public async Task Get_metrics_and_status_answer_200_with_the_providers_bytes(Transport transport)
    {
        await using var server = Start(transport, Tmp);

        var metrics = await server.ExchangeAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, StatusOf(metrics));
        Assert.Contains("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n", HeadOf(metrics), StringComparison.Ordinal);
        Assert.Contains($"\r\nContent-Length: {MetricsBody.Length}\r\n", HeadOf(metrics), StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", HeadOf(metrics), StringComparison.Ordinal);
        Assert.Equal(MetricsBody, BodyOf(metrics));

        var status = await server.ExchangeAsync("GET /status HTTP/1.0\r\n\r\n");
        Assert.Equal(200, StatusOf(status));
        Assert.Contains("\r\nContent-Type: application/json\r\n", HeadOf(status), StringComparison.Ordinal);
        Assert.Equal(StatusBody, BodyOf(status));
        Assert.Equal(2, server.Server.RequestsServed);
    }

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Unix)]
    public async Task Query_strings_are_ignored_and_bare_LF_lines_are_accepted(Transport transport)
    {
        await using var server = Start(transport, Tmp);
        Assert.Equal(MetricsBody, BodyOf(await server.ExchangeAsync("GET /metrics?name[]=up&x=1 HTTP/1.1\r\nHost: x\r\n\r\n")));
        Assert.Equal(StatusBody, BodyOf(await server.ExchangeAsync("GET /status HTTP/1.1\nHost: x\n\n")));
    }

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Unix)]
    public async Task Head_gets_the_headers_of_get_without_the_body(Transport transport)
    {
        await using var server = Start(transport, Tmp);
        var response = await server.ExchangeAsync("HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, StatusOf(response));
        Assert.Contains($"\r\nContent-Length: {MetricsBody.Length}\r\n", response, StringComparison.Ordinal);
        Assert.Equal("", BodyOf(response));
    }

    [Theory]
    [InlineData(Transport.Tcp, "POST")]
    [InlineData(Transport.Tcp, "DELETE")]
    [InlineData(Transport.Unix, "PUT")]
    [InlineData(Transport.Unix, "get")]
    public async Task Other_methods_on_the_resources_get_405_with_Allow(Transport transport, string method)
    {
        await using var server = Start(transport, Tmp);
        var response = await server.ExchangeAsync($"{method} /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(405, StatusOf(response));
        Assert.Contains("\r\nAllow: GET, HEAD\r\n", response, StringComparison.Ordinal);
        Assert.Equal(0, server.Server.RequestsServed);
        Assert.Equal(1, server.Server.RequestsRejected);
    }

    [Theory]
    [InlineData(Transport.Tcp, "/")]
    [InlineData(Transport.Tcp, "/metrics/")]
    [InlineData(Transport.Tcp, "/Metrics")]
    [InlineData(Transport.Unix, "/status.json")]
    [InlineData(Transport.Unix, "/../metrics")]
    public async Task Other_paths_get_404(Transport transport, string path)
    {
        await using var server = Start(transport, Tmp);
        Assert.Equal(404, StatusOf(await server.ExchangeAsync($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n")));
    }

    public static TheoryData<Transport, string> Malformed()
    {
        var cases = new[]
        {
            "GET /metrics\r\n\r\n",                              // HTTP/0.9 style
            "GET /metrics HTTP/2.0\r\nHost: x\r\n\r\n",          // not HTTP/1.x
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",                  // the HTTP/2 preface
            "GET  /metrics HTTP/1.1\r\nHost: x\r\n\r\n",         // two spaces
            "GET metrics HTTP/1.1\r\nHost: x\r\n\r\n",           // not origin-form
            "GET http://x/metrics HTTP/1.1\r\nHost: x\r\n\r\n",  // absolute-form
            "GET /metrics HTTP/1.1\r\n\r\n",                     // HTTP/1.1 without Host
            "GET /metrics HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nHost : x\r\n\r\n",         // space before the colon
            "GET /metrics HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n",  // bare CR
            "GET /metrics HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
            "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /met\0rics HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nHost: x\0\r\n\r\n",
            "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",            // a TLS ClientHello
            "hello there\n",
            "GET /mé HTTP/1.1\r\nHost: x\r\n\r\n",
        };
        var data = new TheoryData<Transport, string>();
        foreach (var c in cases)
        {
            data.Add(Transport.Tcp, c);
        }

        data.Add(Transport.Unix, cases[0]);
        data.Add(Transport.Unix, cases[^3]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Malformed_requests_get_400_and_the_connection_is_closed(Transport transport, string request)
    {
        await using var server = Start(transport, Tmp);
        // ExchangeAsync returns only once the server closed the connection.
        var response = await server.ExchangeAsync(request);
        Assert.Equal(400, StatusOf(response));
        Assert.Equal(0, server.Server.RequestsServed);
    }

    [Fact]
    public async Task Content_length_zero_on_a_get_is_fine()
    {
        await using var server = Start(Transport.Tcp, Tmp);
        Assert.Equal(200, StatusOf(await server.ExchangeAsync("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")));
    }

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Unix)]
    public async Task An_over_long_head_gets_431_and_is_not_read_further(Transport transport)
    {
        await using var server = Start(transport, Tmp, new StatusServerLimits { MaxRequestHeaderBytes = 1024 });
        using var socket = await server.ConnectAsync();
        var head = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Filler: " + new string('a', 4000) + "\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        var response = await ReadToEndAsync(socket);
        Assert.Equal(431, StatusOf(response));
    }

    [Fact]
    public async Task A_head_exactly_at_the_limit_is_served()
    {
        const int Limit = 256;
        await using var server = Start(Transport.Tcp, Tmp, new StatusServerLimits { MaxRequestHeaderBytes = Limit });
        var prefix = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Filler: ";
        var request = prefix + new string('a', Limit - prefix.Length - 4) + "\r\n\r\n";
        Assert.Equal(Limit, request.Length);
        Assert.Equal(200, StatusOf(await server.ExchangeAsync(request)));
        Assert.Equal(431, StatusOf(await server.ExchangeAsync(prefix + new string('a', Limit - prefix.Length - 3) + "\r\n\r\n")));
    }

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Unix)]
    public async Task A_silent_client_is_closed_after_the_request_timeout(Transport transport)
    {
        await using var server = Start(transport, Tmp, new StatusServerLimits { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        using var silent = await server.ConnectAsync();
        Assert.True(await ClosedByServerAsync(silent, Generous));
        Assert.True(await TempScripts.Eventually(() => server.Server.ActiveConnections == 0, Generous));
        Assert.Equal(1, server.Server.ConnectionsTimedOut);
    }

    [Fact]
    public async Task A_trickling_client_is_closed_after_the_request_timeout()
    {
        await using var server = Start(Transport.Tcp, Tmp, new StatusServerLimits { RequestTimeout = TimeSpan.FromMilliseconds(500) });
        using var slow = await server.ConnectAsync();
        var request = Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: " + new string('s', 200) + "\r\n\r\n");
        var closed = false;
        foreach (var b in request)
        {
            try
            {
                await slow.SendAsync(new[] { b });
            }
            catch (SocketException)
            {
                closed = true;
                break;
            }

            if (slow.Poll(0, SelectMode.SelectRead))
            {
                // Readable on a client that expects nothing yet: the server closed it (EOF), with no response.
                closed = await ReadToEndAsync(slow) == "";
                break;
            }

            await Task.Delay(20);
        }

        Assert.True(closed, "the server waited for a head trickling in longer than the request timeout");
        Assert.Equal(0, server.Server.RequestsServed);
    }

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Unix)]
    public async Task A_client_that_never_reads_does_not_block_others(Transport transport)
    {
        var big = new byte[16 * 1024 * 1024];
        Array.Fill(big, (byte)'x');
        await using var server = Start(transport, Tmp, new StatusServerLimits { ResponseTimeout = TimeSpan.FromSeconds(2) },
            (r, _) => ValueTask.FromResult(r == StatusResource.Metrics ? new StatusReply("text/plain", big) : new StatusReply("application/json", "{}"u8.ToArray())));

        // Several stuck readers: 16 MiB each cannot fit the socket buffers, so their writes stay pending.
        var stuck = new List<Socket>();
        for (var i = 0; i < 4; i++)
        {
            var socket = server.NewClient();
            socket.ReceiveBufferSize = 4096;
            await socket.ConnectAsync(server.EndPoint);
            await socket.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
            stuck.Add(socket);
        }

        var other = await server.ExchangeAsync("GET /status HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("{}", BodyOf(other));

        // The stuck ones are cut off once the response timeout passes.
        Assert.True(await TempScripts.Eventually(() => server.Server.ActiveConnections == 0, Generous));
        Assert.Equal(stuck.Count, server.Server.ConnectionsTimedOut);
        Assert.Equal(1, server.Server.RequestsServed);
        foreach (var socket in stuck)
        {
            socket.Dispose();
        }
    }

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Unix)]
    public async Task A_provider_exception_is_a_500_logged_once_and_the_server_keeps_serving(Transport transport)
    {
        var calls = 0;
        await using var server = Start(transport, Tmp, provider: (r, ct) => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("render failed")
            : FixedProvider(r, ct));

        Assert.Equal(500, StatusOf(await server.ExchangeAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")));
        Assert.Single(server.Logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("Metrics", StringComparison.Ordinal));
        Assert.Equal(200, StatusOf(await server.ExchangeAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")));
    }

    [Fact]
    public async Task An_asynchronously_failing_provider_is_a_500()
    {
        await using var server = Start(Transport.Tcp, Tmp, provider: async (_, ct) =>
        {
            await Task.Yield();
            throw new IOException("disk on fire");
        });
        Assert.Equal(500, StatusOf(await server.ExchangeAsync("GET /status HTTP/1.1\r\nHost: x\r\n\r\n")));
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_in_time_is_a_503()
    {
        var release = new TaskCompletionSource<StatusReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = Start(Transport.Tcp, Tmp, new StatusServerLimits { ResponseTimeout = TimeSpan.FromMilliseconds(300) },
            (_, _) => new ValueTask<StatusReply>(release.Task));
        Assert.Equal(503, StatusOf(await server.ExchangeAsync("GET /status HTTP/1.1\r\nHost: x\r\n\r\n")));
        release.SetException(new InvalidOperationException("late failure, observed by the server"));
    }

    [Fact]
    public async Task A_provider_content_type_with_a_line_break_is_a_500_not_a_header_injection()
    {
        await using var server = Start(Transport.Tcp, Tmp, provider: (_, _) =>
            ValueTask.FromResult(new StatusReply("text/plain\r\nSet-Cookie: a=b", "x"u8.ToArray())));
        var response = await server.ExchangeAsync("GET /status HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(500, StatusOf(response));
        Assert.DoesNotContain("Set-Cookie", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Unix)]
    public async Task Connections_beyond_the_limit_are_refused_and_serving_resumes_after(Transport transport)
    {
        await using var server = Start(transport, Tmp, new StatusServerLimits { MaxConnections = 2, RequestTimeout = TimeSpan.FromSeconds(60) });
        using var idle1 = await server.ConnectAsync();
        using var idle2 = await server.ConnectAsync();
        Assert.True(await TempScripts.Eventually(() => server.Server.ActiveConnections == 2, Generous));

        using (var third = await server.ConnectAsync())
        {
            var response = await ReadToEndAsync(third);
            Assert.True(response == "" || StatusOf(response) == 503, response);
        }

        Assert.Equal(1, server.Server.RequestsRefused);
        idle1.Dispose();
        idle2.Dispose();
        Assert.True(await TempScripts.Eventually(() => server.Server.ActiveConnections == 0, Generous));
        Assert.Equal(200, StatusOf(await server.ExchangeAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")));
    }

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Unix)]
    public async Task Dispose_closes_open_connections_and_stops_accepting(Transport transport)
    {
        var server = Start(transport, Tmp, new StatusServerLimits { RequestTimeout = TimeSpan.FromMinutes(10) });
        using var idle = await server.ConnectAsync();
        Assert.True(await TempScripts.Eventually(() => server.Server.ActiveConnections == 1, Generous));

        await server.DisposeAsync().AsTask().WaitAsync(Generous);
        Assert.True(await ClosedByServerAsync(idle, Generous));
        Assert.Equal(0, server.Server.ActiveConnections);

        using var late = server.NewClient();
        await Assert.ThrowsAsync<SocketException>(async () => await late.ConnectAsync(server.EndPoint));
        await server.DisposeAsync(); // twice is harmless
    }
}
