namespace HaDaemon.Status.Http;

/// <summary>The outcome of <see cref="StatusHttpServer.Start"/>: a running server, or why there is none.</summary>
public sealed record StatusServerStart(StatusHttpServer? Server, string? Error)
{
    public bool IsSuccess => Server is not null;

    internal static StatusServerStart Fail(string error) => new(null, error);
}
