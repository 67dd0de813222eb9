using System.Runtime.InteropServices;

namespace HaDaemon.Scripts.Native;

/// <summary>
/// The few libc calls the script machinery needs. .NET's Process cannot put a child in its own process group
/// (needed to kill a script together with everything it spawned) and forking from managed code is unsafe,
/// so scripts are started with posix_spawn. Also the signal-set and disposition calls the daemon's start-up uses
/// (Hosting/InheritedSignalDisposition). Linux/glibc only.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    public const int EINTR = 4;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;
    public const int ESRCH = 3;
    public const int EEXIST = 17;
    public const int ENXIO = 6;

    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    public const short POSIX_SPAWN_SETPGROUP = 0x02;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;

    public const int O_RDONLY = 0x0000;
    public const int O_WRONLY = 0x0001;
    public const int O_RDWR = 0x0002;
    public const int O_NONBLOCK = 0x0800;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_CLOEXEC = 0x80000;

    public const short POLLIN = 0x001;
    public const short POLLERR = 0x008;
    public const short POLLHUP = 0x010;

    public const int WNOHANG = 1;

    /// <summary>glibc's opaque posix_spawnattr_t is 336 bytes, file actions 80, sigset_t 128 (x86_64/arm64).
    /// The buffers are allocated larger so a different layout can never overrun them.</summary>
    public const int SpawnAttrSize = 1024;
    public const int FileActionsSize = 512;
    public const int SigSetSize = 256;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    public const int IN_NONBLOCK = 0x800;
    public const int IN_CLOEXEC = 0x80000;
    public const uint IN_CLOSE_WRITE = 0x008;
    public const uint IN_MOVED_FROM = 0x040;
    public const uint IN_MOVED_TO = 0x080;
    public const uint IN_CREATE = 0x100;
    public const uint IN_DELETE = 0x200;
    public const uint IN_Q_OVERFLOW = 0x4000;
    public const uint IN_ONLYDIR = 0x01000000;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int inotify_init1(int flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int inotify_add_watch(int fd, string path, uint mask);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawnattr_setpgroup(void* attr, int pgroup);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sigemptyset(void* set);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sigfillset(void* set);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sigaddset(void* set, int signal);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sigismember(void* set, int signal);

    /// <summary>Returns the error number (not -1 and errno), as pthread functions do.</summary>
    [LibraryImport(Lib)]
    public static partial int pthread_sigmask(int how, void* set, void* oldSet);

    /// <summary>The action buffers are glibc's struct sigaction (see Hosting/InheritedSignalDisposition for the layout).</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sigaction(int signal, void* action, void* oldAction);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newfd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, byte* path, int oflag, int mode);

    /// <summary>Returns 0 or an errno value (posix_spawn does not use errno).</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawn(out int pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint read(int fd, byte* buf, nint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint write(int fd, byte* buf, nint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int open(byte* path, int flags, int mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int mkfifo(byte* path, int mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int chown(byte* path, int owner, int group);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial long syscall(long number, long arg1, long arg2);

    /// <summary>pidfd_open has the same number (434) on every architecture using the generic syscall table.</summary>
    public const long SYS_pidfd_open = 434;

    [LibraryImport(Lib, SetLastError = true)]
    private static partial int statx(int dirfd, byte* path, int flags, uint mask, byte* statxbuf);

    /// <summary>The S_IFMT bits of a path (following symlinks), or null when it cannot be stat'ed.
    /// statx is used because its layout, unlike struct stat, is the same on every architecture.</summary>
    public static int? FileType(string path)
    {
        const int AT_FDCWD = -100;
        const uint STATX_TYPE = 1;
        var buf = stackalloc byte[256];
        var p = NativeStringArray.Utf8(path);
        try
        {
            return statx(AT_FDCWD, p, 0, STATX_TYPE, buf) == 0 ? *(ushort*)(buf + 28) & 0xF000 : null;
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(p);
        }
    }

    /// <summary>lstat-like (symlinks not followed): type+permission bits, owner uid and gid; null when absent.</summary>
    public static (int Mode, uint Uid, uint Gid)? LinkStatus(string path)
    {
        const int AT_FDCWD = -100;
        const int AT_SYMLINK_NOFOLLOW = 0x100;
        const uint STATX_BASIC_STATS = 0x7ff;
        var buf = stackalloc byte[256];
        var p = NativeStringArray.Utf8(path);
        try
        {
            return statx(AT_FDCWD, p, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf) == 0
                ? (*(ushort*)(buf + 28), *(uint*)(buf + 20), *(uint*)(buf + 24))
                : null;
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(p);
        }
    }

    public const int S_IFMT = 0xF000;
    public const int S_IFDIR = 0x4000;
    public const int S_IFLNK = 0xA000;
    public const int S_IFREG = 0x8000;
    public const int S_IFIFO = 0x1000;
    public const int S_IFSOCK = 0xC000;

    /// <summary>Wait-status decoding, as the W* macros of glibc.</summary>
    public static bool WIfExited(int status) => (status & 0x7f) == 0;
    public static int WExitStatus(int status) => (status >> 8) & 0xff;
    public static bool WIfSignaled(int status) => ((sbyte)((status & 0x7f) + 1) >> 1) > 0;
    public static int WTermSig(int status) => status & 0x7f;
}
