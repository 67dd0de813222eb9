namespace HaDaemon.Status.Http;

/// <summary>What the status endpoint serves: <c>GET /metrics</c> (Prometheus text) and <c>GET /status</c> (JSON).</summary>
public enum StatusResource
{
    Metrics,
    Status,
}

/// <summary>One rendered resource. <see cref="Body"/> is written to the socket as is, never copied.</summary>
public sealed record StatusReply(string ContentType, ReadOnlyMemory<byte> Body);

/// <summary>
/// Renders a resource for one request. Called on a thread-pool thread, once per request; the token fires when the
/// response timeout passes or the server stops. An exception becomes a 500 and never reaches the accept loop.
/// </summary>
public delegate ValueTask<StatusReply> StatusResourceProvider(StatusResource resource, CancellationToken cancellationToken);
