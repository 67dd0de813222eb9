using System.Net;
using System.Net.Sockets;
using System.Text;
using HaDaemon.Config.Diagnostics;
using StatusListen = HaDaemon.Config.Model.StatusListen;
using HaDaemon.Status.Http;
using HaDaemon.Tests.Scripts;

namespace HaDaemon.Tests.Status.Http;

/// <summary>The two transports every server behaviour is tested on.</summary>
public enum Transport
{
    Tcp,
    Unix,
}

/// <summary>A running <see cref="StatusHttpServer"/> on loopback port 0 or a unix socket in a temp dir, with a
/// provider the test controls, plus raw-socket helpers to talk to it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StatusTestServer : IAsyncDisposable
{
    public const string MetricsBody = "# HELP hadaemon_up 1 when running\nhadaemon_up 1\n";
    public const string StatusBody = "{\"instances\":[]}";

    private StatusTestServer(StatusHttpServer server, StatusListen listen, ListLogger logger)
    {
        Server = server;
        Listen = listen;
        Logger = logger;
    }

    public StatusHttpServer Server { get; }

    /// <summary>Where a client reaches the server (the real port filled in).</summary>
    public StatusListen Listen { get; }

    public ListLogger Logger { get; }

    public EndPoint EndPoint => Server.LocalEndPoint;

    public static StatusListen ListenOn(Transport transport, TempScripts tmp) => transport == Transport.Tcp
        ? new StatusListen("127.0.0.1", 0, null, default)
        : new StatusListen(null, null, tmp.Path("status.sock"), new SourceLocation("test.conf", 1, 1));

    /// <summary>Replies with fixed bodies for /metrics and /status.</summary>
    public static ValueTask<StatusReply> FixedProvider(StatusResource resource, CancellationToken ct) => ValueTask.FromResult(resource == StatusResource.Metrics
        ? new StatusReply("text/plain; version=0.0.4; charset=utf-8", Encoding.UTF8.GetBytes(MetricsBody))
        : new StatusReply("application/json", Encoding.UTF8.GetBytes(StatusBody)));

    public static StatusTestServer Start(Transport transport, TempScripts tmp, StatusServerLimits? limits = null, StatusResourceProvider? provider = null)
    {
        var logger = new ListLogger();
        var listen = ListenOn(transport, tmp);
        var start = StatusHttpServer.Start(listen, false, provider ?? FixedProvider, limits ?? new StatusServerLimits(), logger);
        Assert.True(start.IsSuccess, start.Error);
        var server = start.Server!;
        var reachable = server.LocalEndPoint is IPEndPoint ip ? listen with { Port = ip.Port } : listen;
        return new StatusTestServer(server, reachable, logger);
    }

    public Socket NewClient()
    {
        var socket = EndPoint.AddressFamily == AddressFamily.Unix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        return socket;
    }

    public async Task<Socket> ConnectAsync()
    {
        var socket = NewClient();
        await socket.ConnectAsync(EndPoint).WaitAsync(TimeSpan.FromSeconds(30));
        return socket;
    }

    /// <summary>Sends raw bytes and returns everything the server sends until it closes (generous bound).</summary>
    public async Task<string> ExchangeAsync(string request) => await ExchangeAsync(Encoding.Latin1.GetBytes(request));

    public async Task<string> ExchangeAsync(byte[] request)
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(request);
        return await ReadToEndAsync(socket);
    }

    /// <summary>Reads until the server closes; a reset after data counts as the end (the data is kept).</summary>
    public static async Task<string> ReadToEndAsync(Socket socket, TimeSpan? limit = null)
    {
        using var cts = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    /// <summary>True once the server has closed <paramref name="socket"/> (EOF or reset), false if it stays open
    /// past the generous <paramref name="limit"/>.</summary>
    public static async Task<bool> ClosedByServerAsync(Socket socket, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static int StatusOf(string response) =>
        response.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(response.AsSpan(9, 3)) : 0;

    public static string BodyOf(string response) => response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

    public static string HeadOf(string response) => response[..(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)];

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
