using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Monitoring;

/// <summary>
/// A stream of link and address events, and (see <see cref="WatchRouting"/>) deletions of protocol-keepalived routes and
/// rules. Events are delivered one at a time on the monitor's own loop.
/// </summary>
public interface ILinkMonitor : IDisposable
{
    /// <summary>
    /// Starts delivering. The current links are reported first as <see cref="LinkChanged"/> events, so the host starts
    /// from the kernel's view. An exception thrown by <paramref name="handler"/> goes to <paramref name="onHandlerError"/>
    /// and does not stop the stream.
    /// </summary>
    PlatformResult Start(Action<NetEvent> handler, Action<Exception>? onHandlerError = null);

    /// <summary>
    /// Joins or leaves the IPv4/IPv6 route and rule groups (keepalived's set_extra_netlink_monitoring): only what the
    /// configuration tracks is listened to, so a busy routing table cannot overflow the socket that carries link and
    /// address events. Call after <see cref="Start"/>, again after a reload.
    /// </summary>
    PlatformResult WatchRouting(bool ipv4Routes, bool ipv6Routes, bool ipv4Rules, bool ipv6Rules);
}
