using System.Runtime.InteropServices;
using System.Text;
using HaDaemon.Scripts.Native;

namespace HaDaemon.Tracking;

/// <summary>
/// inotify on directories with keepalived's track_file mask: a file is reported when a writer <em>closes</em> it
/// (IN_CLOSE_WRITE), or when it is renamed in or out, created or deleted — never on the truncation that starts a
/// rewrite (FileSystemWatcher reports IN_MODIFY, so a reader could see the empty file between "&gt; file" and the
/// write and briefly take the value as 0). One background thread polls the descriptor; names go to the callback.
/// </summary>
internal sealed unsafe class DirectoryNotifier : IDisposable
{
    private const uint Mask = LibC.IN_CLOSE_WRITE | LibC.IN_MOVED_TO | LibC.IN_MOVED_FROM | LibC.IN_CREATE | LibC.IN_DELETE | LibC.IN_ONLYDIR;
    private const int PollMilliseconds = 500;

    private readonly int _fd;
    private readonly Dictionary<int, string> _directories = [];
    private readonly Action<string, string?> _changed;
    private readonly Thread _thread;
    private volatile bool _stopping;

    /// <param name="changed">(directory, file name) for each event; a null name means "events were lost: re-read all".</param>
    private DirectoryNotifier(int fd, Action<string, string?> changed)
    {
        _fd = fd;
        _changed = changed;
        _thread = new Thread(Run) { Name = "hadaemon-track-file", IsBackground = true };
    }

    public static DirectoryNotifier Open(Action<string, string?> changed)
    {
        var fd = LibC.inotify_init1(LibC.IN_NONBLOCK | LibC.IN_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"inotify_init1 failed: errno {Marshal.GetLastPInvokeError()}");
        }
        return new DirectoryNotifier(fd, changed);
    }

    /// <summary>Adds a directory; returns an error text instead of throwing (a missing directory is not fatal).</summary>
    public string? Watch(string directory)
    {
        var wd = LibC.inotify_add_watch(_fd, directory, Mask);
        if (wd < 0)
        {
            return $"inotify_add_watch: errno {Marshal.GetLastPInvokeError()}";
        }
        lock (_directories)
        {
            _directories[wd] = directory;
        }
        return null;
    }

    public void Start() => _thread.Start();

    private void Run()
    {
        var buffer = new byte[64 * 1024];
        var poll = new LibC.PollFd { Fd = _fd, Events = LibC.POLLIN };
        while (!_stopping)
        {
            poll.REvents = 0;
            if (LibC.poll(&poll, 1, PollMilliseconds) <= 0 || _stopping)
            {
                continue;
            }
            nint length;
            fixed (byte* p = buffer)
            {
                length = LibC.read(_fd, p, buffer.Length);
            }
            if (length <= 0)
            {
                continue;
            }
            Dispatch(buffer.AsSpan(0, (int)length));
        }
    }

    /// <summary>struct inotify_event { int wd; uint32 mask, cookie, len; char name[len]; } back to back.</summary>
    private void Dispatch(ReadOnlySpan<byte> events)
    {
        while (events.Length >= 16)
        {
            var wd = MemoryMarshal.Read<int>(events);
            var mask = MemoryMarshal.Read<uint>(events[4..]);
            var nameLength = (int)MemoryMarshal.Read<uint>(events[12..]);
            if (16 + nameLength > events.Length)
            {
                return;
            }
            var raw = events.Slice(16, nameLength);
            var end = raw.IndexOf((byte)0);
            var name = Encoding.UTF8.GetString(end < 0 ? raw : raw[..end]);
            events = events[(16 + nameLength)..];
            string? directory;
            lock (_directories)
            {
                _directories.TryGetValue(wd, out directory);
            }
            if ((mask & LibC.IN_Q_OVERFLOW) != 0)
            {
                _changed(string.Empty, null);
            }
            else if (directory is not null && name.Length > 0)
            {
                _changed(directory, name);
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }
        LibC.close(_fd);
    }
}
