using System.Net;
using HaDaemon.Config.Model;

namespace HaDaemon.Status.Http;

/// <summary>
/// Where the status endpoint may listen. The endpoint has no authentication, so by default it only binds loopback
/// (127.0.0.0/8, ::1, ::ffff:127.x); anything else — including the wildcards 0.0.0.0 and :: — needs
/// <c>hadaemon_status_allow_remote</c>. Pure decisions, no sockets: the server and the tests share them.
/// </summary>
public static class StatusListenPolicy
{
    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>Null when <paramref name="address"/> may be bound, otherwise the reason it may not.</summary>
    public static string? CheckAddress(IPAddress address, bool allowRemote) =>
        allowRemote || IsLoopback(address)
            ? null
            : $"refusing to serve status on non-loopback address {address} without hadaemon_status_allow_remote (the endpoint has no authentication)";

    /// <summary>The TCP endpoint to bind for <paramref name="listen"/>, or why it cannot be bound. Port 0 is accepted
    /// (the kernel picks one; tests use it although the config parser refuses it).</summary>
    public static (IPEndPoint? EndPoint, string? Error) ResolveTcp(StatusListen listen, bool allowRemote)
    {
        if (listen.Address is null || !IPAddress.TryParse(listen.Address, out var address))
        {
            return (null, $"status listen address '{listen.Address}' is not an IP address");
        }

        if (listen.Port is not { } port || port is < 0 or > 65535)
        {
            return (null, $"status listen port '{listen.Port}' is not a TCP port");
        }

        if (CheckAddress(address, allowRemote) is { } refusal)
        {
            return (null, refusal);
        }

        // An IPv4-mapped loopback is bound as the IPv4 address it maps: same traffic, no dual-mode socket needed.
        return (new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, port), null);
    }

    /// <summary>"127.0.0.1:9165", "[::1]:9165" or "unix:/run/hadaemon/status.sock", for messages.</summary>
    public static string Describe(StatusListen listen)
    {
        if (listen.UnixSocketPath is { } path)
        {
            return "unix:" + path;
        }

        var address = listen.Address ?? "?";
        return (address.Contains(':', StringComparison.Ordinal) ? "[" + address + "]" : address) + ":" + listen.Port;
    }
}
