using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using HaDaemon.Status.Http;
using HaDaemon.Tests.Scripts;
using static HaDaemon.Tests.Status.Http.StatusTestServer;

namespace HaDaemon.Tests.Status.Http;

/// <summary>Runs alone (after the parallel tests): it counts the process's open sockets, which other tests change.</summary>
[CollectionDefinition(nameof(StatusHttpLoad), DisableParallelization = true)]
public sealed class StatusHttpLoad;

/// <summary>1000 connections at once — a third idle, a third sending garbage, a third valid GETs — against one server.</summary>
[Collection(nameof(StatusHttpLoad))]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StatusHttpLoadTests : TempDirTest
{
    private const int Connections = 1000;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Unix)]
    public async Task A_thousand_concurrent_connections_idle_garbage_and_valid(Transport transport)
    {
        var unobserved = new ConcurrentQueue<Exception>();
        void Record(object? sender, UnobservedTaskExceptionEventArgs e) => unobserved.Enqueue(e.Exception);
        TaskScheduler.UnobservedTaskException += Record;
        try
        {
            var baseline = OpenSockets();
            var body = new byte[64 * 1024];
            Array.Fill(body, (byte)'m');
            // A generous request timeout: opening 1000 connections on a loaded machine may take seconds, and the
            // valid ones must not time out before their GET is sent. (Timeouts are tested on their own.)
            await using (var server = Start(transport, Tmp, new StatusServerLimits { RequestTimeout = TimeSpan.FromMinutes(2) },
                (_, _) => ValueTask.FromResult(new StatusReply("text/plain", body))))
            {
                // Open all 1000 first, so that they are all open at the same time.
                var sockets = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => server.ConnectAsync())).WaitAsync(Generous);
                var roles = Enumerable.Range(0, Connections).Select(i => (Role)(i % 3)).ToArray();
                var idle = sockets.Where((_, i) => roles[i] == Role.Idle).ToArray();
                var active = sockets.Where((_, i) => roles[i] != Role.Idle).ToArray();
                var activeRoles = roles.Where(r => r != Role.Idle).ToArray();
                var results = await Task.WhenAll(active.Select((s, i) => Exercise(s, activeRoles[i]))).WaitAsync(Generous);

                Assert.All(results.Where((_, i) => activeRoles[i] == Role.Valid), r => Assert.Equal(200, StatusOf(r)));
                Assert.All(results.Where((_, i) => activeRoles[i] == Role.Valid), r => Assert.Equal(body.Length, BodyOf(r).Length));
                Assert.All(results.Where((_, i) => activeRoles[i] == Role.Garbage), r => Assert.True(StatusOf(r) == 400 || r == "", r));
                foreach (var socket in active)
                {
                    socket.Dispose();
                }

                // The idle ones are still held open (with nothing sent to them), everything else is finished.
                Assert.True(await TempScripts.Eventually(() => server.Server.ActiveConnections == idle.Length, Generous),
                    $"{server.Server.ActiveConnections} open, {idle.Length} idle");
                Assert.All(idle, s => Assert.Equal(0, s.Available));
                Assert.Equal(roles.Count(r => r == Role.Valid), server.Server.RequestsServed);
                Assert.Equal(0, server.Server.RequestsRefused);

                foreach (var socket in idle)
                {
                    socket.Dispose();
                }

                Assert.True(await TempScripts.Eventually(() => server.Server.ActiveConnections == 0, Generous));

                // Still serving afterwards.
                Assert.Equal(200, StatusOf(await server.ExchangeAsync("GET /status HTTP/1.1\r\nHost: x\r\n\r\n")));
            }

            Assert.True(await TempScripts.Eventually(() => OpenSockets() <= baseline, Generous), $"open sockets {OpenSockets()} > baseline {baseline}");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.DoesNotContain(unobserved, e => e.ToString().Contains("HaDaemon.Status", StringComparison.Ordinal) || e.ToString().Contains("System.Net.Sockets", StringComparison.Ordinal));
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= Record;
        }
    }

    private enum Role
    {
        Valid,
        Idle,
        Garbage,
    }

    private static readonly byte[] Garbage = Encoding.Latin1.GetBytes("\x16\x03\x01 garbage \0 bytes\r\n\r\n");

    private static async Task<string> Exercise(Socket socket, Role role)
    {
        await socket.SendAsync(role == Role.Valid ? "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray() : Garbage);
        return await ReadToEndAsync(socket, Generous);
    }

    /// <summary>The sockets this process has open (/proc/self/fd links to "socket:[inode]").</summary>
    private static int OpenSockets() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(fd =>
        {
            try
            {
                return fd.LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false; // closed while we looked
            }
        });
}
