using System.Net.Sockets;
using System.Text;
using HaDaemon.Scripts.Native;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Status.Http;

/// <summary>
/// The file system side of a unix-socket status endpoint. A socket file left by a crashed daemon is replaced, but
/// only when it IS a socket (lstat, symlinks not followed) and nobody answers on it: a regular file, a symlink or a
/// live endpoint at the configured path is an error, never deleted.
/// </summary>
public static class UnixSocketFile
{
    /// <summary>sun_path holds 108 bytes including the terminating NUL.</summary>
    public const int MaxPathBytes = 107;

    /// <summary>Owner and group may connect (connecting needs write permission on the socket file).</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    /// <summary>Makes <paramref name="path"/> ready for bind(); null when it is, otherwise why not.</summary>
    internal static string? Prepare(string path, ILogger logger)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            return $"status socket path '{path}' is not absolute";
        }

        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            return $"status socket path '{path}' is longer than {MaxPathBytes} bytes (the limit of a unix socket address)";
        }

        var directory = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            return $"directory '{directory}' of status socket '{path}' does not exist";
        }

        if (LibC.LinkStatus(path) is not { } status)
        {
            return null; // absent (or not visible to us, which bind() will then report)
        }

        if ((status.Mode & LibC.S_IFMT) != LibC.S_IFSOCK)
        {
            return $"'{path}' exists and is not a socket; refusing to replace it";
        }

        var probe = Probe(path);
        if (probe != SocketError.ConnectionRefused)
        {
            return probe == SocketError.Success
                ? $"status socket '{path}' is in use by a running process (another hadaemon?)"
                : $"cannot tell whether status socket '{path}' is stale: {probe}";
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot remove stale status socket '{path}': {e.Message}";
        }

        logger.LogInformation("Removed stale status socket {Path}", path);
        return null;
    }

    /// <summary>True when <paramref name="path"/> itself (not a symlink's target) is a socket.</summary>
    public static bool IsSocket(string path) => LibC.LinkStatus(path) is { } status && (status.Mode & LibC.S_IFMT) == LibC.S_IFSOCK;

    /// <summary>Removes the socket file at <paramref name="path"/> if it is still a socket.</summary>
    internal static void RemoveIfSocket(string path, ILogger logger)
    {
        if (!IsSocket(path))
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Cannot remove status socket {Path}: {Error}", path, e.Message);
        }
    }

    /// <summary>Connects to the socket: Success = someone listens, ConnectionRefused = stale.</summary>
    private static SocketError Probe(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }
}
