using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using HaDaemon.Benchmarks.Linux;
using HaDaemon.Status.Http;
using Microsoft.Extensions.Logging.Abstractions;
using StatusListen = HaDaemon.Config.Model.StatusListen;

namespace HaDaemon.Benchmarks.Status;

/// <summary>
/// One scrape of the status endpoint: GET /metrics with a 200 KB body (about what 1000 instances render), over
/// loopback TCP and over a unix socket, each through <see cref="StatusHttpClient"/> (what <c>hadaemon status</c>
/// does) and through a raw client that reuses its buffer (so the allocations left are the server's and the
/// socket's). Loopback only: no namespace needed. Run: -- --filter '*StatusHttp*'
/// </summary>
[Config(typeof(InProcessShortConfig))]
[MemoryDiagnoser]
public class StatusHttpBenchmarks
{
    public const int BodyBytes = 200 * 1024;

    private static readonly byte[] Request = "GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray();

    private readonly byte[] _receive = new byte[BodyBytes + 4096];
    private StatusHttpServer _tcp = null!;
    private StatusHttpServer _unix = null!;
    private StatusListen _tcpListen = null!;
    private StatusListen _unixListen = null!;
    private string _socketDirectory = null!;
    private byte[] _body = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = MetricsLikeBody(BodyBytes);
        var reply = new StatusReply("text/plain; version=0.0.4; charset=utf-8", _body);
        StatusResourceProvider provider = (_, _) => ValueTask.FromResult(reply);

        _tcp = StatusHttpServer.Start(new StatusListen("127.0.0.1", 0, null, default), false, provider, new StatusServerLimits(), NullLogger.Instance).Server!;
        _tcpListen = new StatusListen("127.0.0.1", ((IPEndPoint)_tcp.LocalEndPoint).Port, null, default);

        _socketDirectory = Directory.CreateTempSubdirectory("hadaemon-bench-").FullName;
        _unixListen = new StatusListen(null, null, Path.Combine(_socketDirectory, "status.sock"), default);
        _unix = StatusHttpServer.Start(_unixListen, false, provider, new StatusServerLimits(), NullLogger.Instance).Server!;
    }

    [Benchmark(Description = "TCP loopback, StatusHttpClient.GetAsync /metrics (200 KB)")]
    public async Task<int> TcpClient() => (await StatusHttpClient.GetAsync(_tcpListen, "/metrics", TimeSpan.FromSeconds(10))).Body.Length;

    [Benchmark(Description = "unix socket, StatusHttpClient.GetAsync /metrics (200 KB)")]
    public async Task<int> UnixClient() => (await StatusHttpClient.GetAsync(_unixListen, "/metrics", TimeSpan.FromSeconds(10))).Body.Length;

    [Benchmark(Description = "TCP loopback, raw client, reused buffer (200 KB)")]
    public Task<int> TcpRaw() => RawGetAsync(_tcp.LocalEndPoint, ProtocolType.Tcp);

    [Benchmark(Description = "unix socket, raw client, reused buffer (200 KB)")]
    public Task<int> UnixRaw() => RawGetAsync(_unix.LocalEndPoint, ProtocolType.Unspecified);

    [GlobalCleanup]
    public void Cleanup()
    {
        _tcp.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _unix.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_socketDirectory, recursive: true);
    }

    private async Task<int> RawGetAsync(EndPoint endPoint, ProtocolType protocol)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, protocol);
        await socket.ConnectAsync(endPoint);
        await socket.SendAsync(Request, SocketFlags.None);
        var total = 0;
        int n;
        while ((n = await socket.ReceiveAsync(_receive.AsMemory(total), SocketFlags.None)) > 0)
        {
            total += n;
        }

        return total > BodyBytes ? total : throw new InvalidOperationException($"short response: {total} bytes");
    }

    /// <summary>Prometheus-like text: one labelled gauge line per instance and metric, up to the size asked.</summary>
    private static byte[] MetricsLikeBody(int size)
    {
        var text = new StringBuilder(size + 128);
        for (var i = 0; text.Length < size; i++)
        {
            text.Append("hadaemon_vrrp_instance_priority{instance=\"VI_").Append(i).Append("\",interface=\"eth0\",vrid=\"").Append(i % 255 + 1).Append("\"} 100\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }
}
