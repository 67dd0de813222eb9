using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Monitoring;

/// <summary>
/// A stream of link and address events, and deletions of protocol-keepalived routes and rules. Events are delivered
/// one at a time on the monitor's own loop.
/// </summary>
public interface ILinkMonitor : IDisposable
{
    /// <summary>
    /// Starts delivering. The current links are reported first as <see cref="LinkChanged"/> events, so the host starts
    /// from the kernel's view. An exception thrown by <paramref name="handler"/> goes to <paramref name="onHandlerError"/>
    /// and does not stop the stream.
    /// </summary>
    PlatformResult Start(Action<NetEvent> handler, Action<Exception>? onHandlerError = null);
}
