using System.Text;

namespace HaDaemon.Status.Http;

/// <summary>
/// What <see cref="StatusHttpClient.GetAsync"/> got: a response (<see cref="Error"/> null; any status code), or no
/// usable response at all and <see cref="Error"/> says why (refused, timed out, malformed…).
/// </summary>
public sealed record StatusHttpResponse(int StatusCode, string? ContentType, byte[] Body, string? Error)
{
    /// <summary>A response arrived and it is a 200.</summary>
    public bool IsOk => Error is null && StatusCode == 200;

    public string BodyText => Encoding.UTF8.GetString(Body);

    internal static StatusHttpResponse Fail(string error) => new(0, null, [], error);
}
