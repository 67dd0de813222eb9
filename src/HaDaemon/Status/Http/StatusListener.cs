using System.Net.Sockets;
using StatusListen = HaDaemon.Config.Model.StatusListen;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Status.Http;

/// <summary>Socket set-up of the status server: binding the listener, tuning and refusing accepted connections.</summary>
internal static class StatusListener
{
    /// <summary>
    /// As many pending connections as the server serves at once (StatusServerLimits.MaxConnections): a unix-socket
    /// connect() fails with EAGAIN, not a retry, once the backlog is full, so a burst of 1000 scrapers arriving while
    /// the accept loop waits for a CPU must fit in it (the kernel caps it at net.core.somaxconn, 4096 by default).
    /// </summary>
    private const int Backlog = 1024;
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    /// <summary>Binds and listens on the TCP endpoint of <paramref name="listen"/>, or says why not.</summary>
    public static (Socket? Listener, string? Error) BindTcp(StatusListen listen, bool allowRemote)
    {
        var (endPoint, refusal) = StatusListenPolicy.ResolveTcp(listen, allowRemote);
        if (endPoint is null)
        {
            return (null, refusal);
        }

        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR alone: the server closes connections first, so TIME_WAIT entries on its port would make a
            // quick restart fail with EADDRINUSE. (.NET's ReuseAddress option would also set SO_REUSEPORT, which lets a
            // second daemon bind the same port and silently share the traffic.)
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            socket.Bind(endPoint);
            socket.Listen(Backlog);
            return (socket, null);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return (null, e.Message);
        }
    }

    /// <summary>Binds and listens on a unix socket at <paramref name="path"/> with mode 0660, replacing only a stale
    /// socket file, or says why not.</summary>
    public static (Socket? Listener, string? Error) BindUnix(string path, ILogger logger)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (null, "unix socket status endpoints are supported on Linux only");
        }

        if (UnixSocketFile.Prepare(path, logger) is { } problem)
        {
            return (null, problem);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var bound = false;
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            bound = true;
            File.SetUnixFileMode(path, UnixSocketFile.Mode);
            socket.Listen(Backlog);
            return (socket, null);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            socket.Dispose();
            if (bound)
            {
                UnixSocketFile.RemoveIfSocket(path, logger);
            }

            return (null, e.Message);
        }
    }

    /// <summary>TCP_NODELAY: the head and the body are two sends; without it Nagle would hold the body back until
    /// the client's delayed ACK of the head (up to 40 ms per scrape).</summary>
    public static void Tune(Socket client)
    {
        if (client.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
        {
            client.NoDelay = true;
        }
    }

    /// <summary>Over the connection limit: a best-effort 503 that can never block (a fresh socket's send buffer takes
    /// it, and if not it is dropped), then close.</summary>
    public static void RefuseBusy(Socket client)
    {
        try
        {
            client.Blocking = false;
            client.Send(HttpResponses.Busy.Bytes, SocketFlags.None, out _);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Nothing to tell a client that is already gone.
        }
        finally
        {
            client.Dispose();
        }
    }
}
