namespace HaDaemon.Status.Http;

/// <summary>Bounds that keep a misbehaving or hostile client from costing the daemon more than a little memory.</summary>
public sealed record StatusServerLimits
{
    /// <summary>Open connections at most; a connection beyond this gets a best-effort 503 and is closed at once.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>Request line + headers at most; a bigger head gets 431 and the connection is closed.</summary>
    public int MaxRequestHeaderBytes { get; init; } = 8192;

    /// <summary>The whole request head must arrive within this (slowloris), else the connection is closed.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Rendering by the provider plus writing the response; a client that does not read is cut off after it.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After the response, how long the server keeps reading (and discarding, at most 64 KiB) what the client still
    /// sends before it closes. Closing a socket with unread input makes the kernel send RST, which can destroy a 4xx
    /// response the client has not read yet; this short "lingering close" lets it arrive.
    /// </summary>
    public TimeSpan CloseLinger { get; init; } = TimeSpan.FromSeconds(1);
}
