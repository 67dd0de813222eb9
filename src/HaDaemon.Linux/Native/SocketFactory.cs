using System.Net.Sockets;
using HaDaemon.Linux.Namespaces;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Native;

/// <summary>
/// Creates sockets with libc socket() inside a network context and wraps them in managed <see cref="Socket"/>s,
/// after which the ordinary managed API (options, Send, ReceiveAsync) works on them.
/// </summary>
internal static class SocketFactory
{
    public static PlatformResult<Socket> Create(INetworkContext context, int domain, int type, int protocol, string operation) =>
        context.Run<PlatformResult<Socket>>(() =>
        {
            var fd = Libc.Socket(domain, type | Libc.SOCK_CLOEXEC, protocol);
            if (fd < 0)
            {
                return PlatformError.FromErrno(operation, Libc.LastErrno);
            }
            return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        });

    /// <summary>Runs a socket operation and turns a <see cref="SocketException"/> into a typed error.</summary>
    public static PlatformResult Try(string operation, Action action)
    {
        try
        {
            action();
            return PlatformResult.Applied;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return ToError(operation, e);
        }
    }

    public static PlatformError ToError(string operation, Exception exception) => exception switch
    {
        SocketException e => PlatformError.FromErrno(operation, e.ErrorCode is > 0 and < 4096 ? e.ErrorCode : Errno.EINVAL) with
        {
            Message = $"{operation}: {e.Message} ({e.SocketErrorCode}, errno {e.ErrorCode})",
        },
        _ => PlatformError.Disposed(operation),
    };
}
