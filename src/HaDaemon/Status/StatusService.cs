using HaDaemon.Config.Model;
using HaDaemon.Core.Time;
using HaDaemon.Hosting;
using HaDaemon.Status.Http;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Status;

/// <summary>
/// The status endpoint inside the daemon: binds where <c>hadaemon_status_listen</c> says (again after a reload that
/// changes it), and answers each scrape from one snapshot taken on the event loop. Concurrent scrapes share the
/// snapshot being taken and its rendered pages, so a thousand clients cost one pass over the engine and one
/// rendering, and formatting runs off the loop.
/// </summary>
public sealed class StatusService : IAsyncDisposable
{
    private readonly EventLoop _loop;
    private readonly Func<Instant, StatusSnapshot> _collect;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task<Pages>? _pending;
    private StatusHttpServer? _server;
    private (string? Address, int? Port, string? Path, bool AllowRemote)? _bound;

    public StatusService(EventLoop loop, Func<Instant, StatusSnapshot> collect, ILogger logger)
    {
        _loop = loop;
        _collect = collect;
        _logger = logger;
    }

    /// <summary>Where the endpoint listens now (null when off or not bound).</summary>
    public System.Net.EndPoint? LocalEndPoint => _server?.LocalEndPoint;

    /// <summary>Starts, moves or stops the endpoint to match the configuration. A bind failure is logged; VRRP goes on.</summary>
    public void Apply(StatusListen? listen, bool allowRemote)
    {
        var wanted = listen is null ? ((string?, int?, string?, bool)?)null : (listen.Address, listen.Port, listen.UnixSocketPath, allowRemote);
        if (wanted == _bound && (_server is not null || wanted is null))
        {
            return;
        }
        StopServer();
        _bound = wanted;
        if (listen is null)
        {
            return;
        }
        var started = StatusHttpServer.Start(listen, allowRemote, Provide, new StatusServerLimits(), _logger);
        if (started.Server is { } server)
        {
            _server = server;
            _logger.LogInformation("Status endpoint listening on {Endpoint} (/status, /metrics)", StatusListenPolicy.Describe(listen));
        }
        else
        {
            _logger.LogError("Status endpoint not started on {Endpoint}: {Error}", StatusListenPolicy.Describe(listen), started.Error);
        }
    }

    private async ValueTask<StatusReply> Provide(StatusResource resource, CancellationToken cancellationToken)
    {
        var pages = await Snapshot().WaitAsync(cancellationToken).ConfigureAwait(false);
        return resource == StatusResource.Metrics
            ? new StatusReply(PrometheusText.ContentType, pages.Metrics.Value)
            : new StatusReply(StatusPage.ContentType, pages.Status.Value);
    }

    /// <summary>A snapshot and its two pages, each rendered at most once however many scrapes share it.</summary>
    private sealed class Pages(StatusSnapshot snapshot)
    {
        public Lazy<byte[]> Metrics { get; } = new(() => MetricsPage.Render(snapshot));

        public Lazy<byte[]> Status { get; } = new(() => StatusPage.Render(snapshot));
    }

    private Task<Pages> Snapshot()
    {
        lock (_gate)
        {
            if (_pending is { IsCompleted: false } pending)
            {
                return pending;
            }
            var taken = new TaskCompletionSource<Pages>(TaskCreationOptions.RunContinuationsAsynchronously);
            _loop.Post(now =>
            {
                try
                {
                    taken.TrySetResult(new Pages(_collect(now)));
                }
                catch (Exception ex)
                {
                    taken.TrySetException(ex);
                }
            });
            return _pending = taken.Task;
        }
    }

    private void StopServer()
    {
        if (_server is { } server)
        {
            _server = null;
            _ = server.DisposeAsync().AsTask().ContinueWith(
                t => _logger.LogWarning(t.Exception, "Status endpoint did not close cleanly"),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }


    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
