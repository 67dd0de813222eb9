using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using HaDaemon.Config.Model;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Status.Http;

/// <summary>
/// HaDaemon's status endpoint transport: a deliberately tiny HTTP/1.1 server on System.Net.Sockets (no Kestrel:
/// it would not fit a small NativeAOT binary). It answers <c>GET</c>/<c>HEAD</c> of <c>/metrics</c> and
/// <c>/status</c> with what the provider renders, one request per connection, and treats every client as possibly
/// hostile: bounded heads, deadlines on reading and writing, a connection cap, and no exception ever reaching the
/// accept loop. See <see cref="HttpRequestParser"/> for what is accepted.
/// </summary>
public sealed class StatusHttpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string? _unixSocketPath;
    private readonly string _description;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<long, StatusConnection> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;
    private long _nextConnectionId;
    private int _activeConnections;
    private long _served;
    private long _refused;
    private long _rejected;
    private long _timedOut;
    private int _disposed;

    private StatusHttpServer(Socket listener, string? unixSocketPath, string description, StatusResourceProvider provider, StatusServerLimits limits, ILogger logger)
    {
        _listener = listener;
        _unixSocketPath = unixSocketPath;
        _description = description;
        Provider = provider;
        Limits = limits;
        Logger = logger;
        LocalEndPoint = listener.LocalEndPoint!;
    }

    /// <summary>The bound endpoint: an <see cref="IPEndPoint"/> (with the real port when 0 was asked for) or a
    /// <see cref="UnixDomainSocketEndPoint"/>.</summary>
    public EndPoint LocalEndPoint { get; }

    /// <summary>Requests answered 200 (GET or HEAD of a resource) and written completely.</summary>
    public long RequestsServed => Interlocked.Read(ref _served);

    /// <summary>Connections turned away at once because <see cref="StatusServerLimits.MaxConnections"/> were open.</summary>
    public long RequestsRefused => Interlocked.Read(ref _refused);

    /// <summary>Requests answered with an error status (400, 404, 405, 431, 500, 503).</summary>
    public long RequestsRejected => Interlocked.Read(ref _rejected);

    /// <summary>Connections closed because the request head or the response ran out of time (slow or silent clients).</summary>
    public long ConnectionsTimedOut => Interlocked.Read(ref _timedOut);

    /// <summary>Connections open right now.</summary>
    public int ActiveConnections => Volatile.Read(ref _activeConnections);

    internal StatusResourceProvider Provider { get; }

    internal StatusServerLimits Limits { get; }

    internal ILogger Logger { get; }

    /// <summary>
    /// Binds <paramref name="listen"/> and starts accepting. Bad input (a non-loopback address without
    /// <paramref name="allowRemote"/>, a missing socket directory, a regular file at the socket path, a port in use…)
    /// is a failed <see cref="StatusServerStart"/> with a message, never an exception.
    /// </summary>
    public static StatusServerStart Start(StatusListen listen, bool allowRemote, StatusResourceProvider provider, StatusServerLimits limits, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(logger);
        if (CheckLimits(limits) is { } badLimits)
        {
            return StatusServerStart.Fail(badLimits);
        }

        var description = StatusListenPolicy.Describe(listen);
        var (listener, error) = listen.UnixSocketPath is { } path ? StatusListener.BindUnix(path, logger) : StatusListener.BindTcp(listen, allowRemote);
        if (listener is null)
        {
            return StatusServerStart.Fail($"status endpoint {description}: {error}");
        }

        var server = new StatusHttpServer(listener, listen.UnixSocketPath, description, provider, limits, logger);
        server._acceptLoop = Task.Run(server.AcceptLoopAsync);
        logger.LogInformation("Status endpoint listening on {Endpoint}", server.LocalEndPoint is IPEndPoint ip ? ip.ToString() : description);
        return new StatusServerStart(server, null);
    }

    /// <summary>Stops accepting, closes every open connection (pending reads and writes end at once), waits for
    /// their handlers, and removes the unix socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;

        // The accept loop has ended, so no connection can be added any more.
        var open = _connections.Values.ToArray();
        foreach (var connection in open)
        {
            connection.Abort();
        }

        await Task.WhenAll(open.Select(c => c.Completion));
        if (_unixSocketPath is not null)
        {
            UnixSocketFile.RemoveIfSocket(_unixSocketPath, Logger);
        }

        _shutdown.Dispose();
        Logger.LogInformation("Status endpoint {Endpoint} closed", _description);
    }

    internal void CountServed() => Interlocked.Increment(ref _served);

    internal void CountRejected() => Interlocked.Increment(ref _rejected);

    internal void CountTimedOut() => Interlocked.Increment(ref _timedOut);

    internal void OnConnectionClosed(StatusConnection connection)
    {
        _connections.TryRemove(connection.Id, out _);
        Interlocked.Decrement(ref _activeConnections);
    }

    private static string? CheckLimits(StatusServerLimits limits) =>
        limits.MaxConnections < 1 ? "MaxConnections must be at least 1"
        : limits.MaxRequestHeaderBytes < 64 ? "MaxRequestHeaderBytes must be at least 64"
        : limits.RequestTimeout <= TimeSpan.Zero || limits.ResponseTimeout <= TimeSpan.Zero || limits.CloseLinger < TimeSpan.Zero
            ? "status server timeouts must be positive"
            : null;

    private async Task AcceptLoopAsync()
    {
        var token = _shutdown.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (Exception e)
            {
                // EMFILE and friends: log, back off briefly instead of spinning, keep serving once fds free up.
                Logger.LogWarning("Status endpoint cannot accept a connection: {Error}", e.Message);
                if (!await BackOffAsync(token))
                {
                    return;
                }

                continue;
            }

            Admit(client, token);
        }
    }

    private static async Task<bool> BackOffAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Admit(Socket client, CancellationToken token)
    {
        if (Interlocked.Increment(ref _activeConnections) > Limits.MaxConnections)
        {
            Interlocked.Decrement(ref _activeConnections);
            Interlocked.Increment(ref _refused);
            StatusListener.RefuseBusy(client);
            return;
        }

        try
        {
            StatusListener.Tune(client);
        }
        catch (SocketException)
        {
            // The peer already reset it; the handler will find out and close.
        }

        var connection = new StatusConnection(this, client, Interlocked.Increment(ref _nextConnectionId));
        _connections[connection.Id] = connection;
        connection.Start(token);
    }
}
