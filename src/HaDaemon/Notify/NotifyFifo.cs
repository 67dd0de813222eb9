using System.Runtime.InteropServices;
using System.Text;
using HaDaemon.Scripts;
using HaDaemon.Scripts.Native;
using Microsoft.Extensions.Logging;
using static HaDaemon.Scripts.Native.LibC;

namespace HaDaemon.Notify;

/// <summary>
/// <c>vrrp_notify_fifo</c>/<c>notify_fifo PATH [user [group]]</c> with its optional <c>*_fifo_script</c>.
/// </summary>
public sealed record NotifyFifoDefinition(string Path, ScriptCommand? Script = null, string? User = null, string? Group = null);

/// <summary>
/// One notify FIFO, handled as keepalived's fifo_open() does: created with mkfifo 0644 when absent (then owned by the
/// configured user/group, and unlinked again at close), opened O_RDWR|O_NONBLOCK so that opening never waits for a
/// reader and a write never blocks. A line that does not fit (nobody reads, 64 KiB pipe buffer full) is dropped,
/// counted and logged — the daemon never stalls on a FIFO. Lines are shorter than PIPE_BUF, so each write is atomic.
/// </summary>
public sealed unsafe class NotifyFifo : IDisposable
{
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private int _fd = -1;
    private bool _created;
    private long _dropped;
    private long _written;

    private NotifyFifo(NotifyFifoDefinition definition, ILogger logger)
    {
        Definition = definition;
        _logger = logger;
    }

    public NotifyFifoDefinition Definition { get; }

    public long LinesDropped => Interlocked.Read(ref _dropped);

    public long LinesWritten => Interlocked.Read(ref _written);

    public bool IsOpen => _fd >= 0;

    /// <summary>Creates (if needed) and opens the FIFO. Failure is logged and leaves a closed FIFO that drops lines.</summary>
    public static NotifyFifo Open(NotifyFifoDefinition definition, ILogger logger)
    {
        var fifo = new NotifyFifo(definition, logger);
        fifo.OpenCore();
        return fifo;
    }

    private void OpenCore()
    {
        var path = Scripts.Native.NativeStringArray.Utf8(Definition.Path);
        try
        {
            if (mkfifo(path, 0b110_100_100) == 0)
            {
                _created = true;
                SetOwner(path);
            }
            else if (Marshal.GetLastPInvokeError() != EEXIST)
            {
                _logger.LogWarning("Unable to create notify fifo {Path}: {Error}", Definition.Path, Marshal.GetLastPInvokeErrorMessage());
                return;
            }

            _fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW, 0);
            if (_fd < 0)
            {
                _logger.LogWarning("Unable to open notify fifo {Path}: {Error}", Definition.Path, Marshal.GetLastPInvokeErrorMessage());
            }
        }
        finally
        {
            NativeMemory.Free(path);
        }
    }

    private void SetOwner(byte* path)
    {
        if (Definition.User is null)
        {
            return;
        }

        var user = UserAccounts.LookupUser(Definition.User);
        var gid = Definition.Group is null ? user?.Gid : UserAccounts.LookupGroup(Definition.Group);
        if (user is null || gid is null || chown(path, (int)user.Value.Uid, (int)gid.Value) != 0)
        {
            _logger.LogWarning("Failed to set uid:gid for fifo {Path}", Definition.Path);
        }
    }

    /// <summary>Writes one line without blocking; returns false (and counts a drop) when it could not.</summary>
    public bool WriteLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            if (_fd < 0)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }

            nint n;
            fixed (byte* p = bytes)
            {
                do
                {
                    n = write(_fd, p, bytes.Length);
                }
                while (n < 0 && Marshal.GetLastPInvokeError() == EINTR);
            }

            if (n == bytes.Length)
            {
                Interlocked.Increment(ref _written);
                return true;
            }

            var dropped = Interlocked.Increment(ref _dropped);
            // Log the first drop and then every 100th, so a FIFO nobody reads cannot flood the log either.
            if (dropped == 1 || dropped % 100 == 0)
            {
                _logger.LogWarning("notify fifo {Path} is full (no reader?): dropped {Count} line(s) so far", Definition.Path, dropped);
            }

            return false;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_fd >= 0)
            {
                close(_fd);
                _fd = -1;
            }

            if (_created)
            {
                // keepalived unlinks a FIFO it created, so a reader blocked in open() sees it vanish.
                File.Delete(Definition.Path);
                _created = false;
            }
        }
    }
}
