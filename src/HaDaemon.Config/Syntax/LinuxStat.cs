using System.Runtime.InteropServices;

namespace HaDaemon.Config.Syntax;

/// <summary>
/// The file type and permission bits via Linux statx(2). .NET's FileInfo cannot tell a FIFO or a device from a
/// regular file, and opening a FIFO blocks until a writer appears, so an include matching one would hang the reader;
/// keepalived avoids that with stat() + S_ISREG, which this reproduces. statx's buffer layout is the same on every
/// architecture, unlike struct stat's.
/// </summary>
internal static partial class LinuxStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxTypeAndMode = 0x1 | 0x2;
    private const int ModeOffset = 28;

    public const uint TypeMask = 0xF000;
    public const uint RegularFile = 0x8000;
    public const uint Directory = 0x4000;
    public const uint AnyExecute = 0x49;

    private static bool unavailable = !OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>The st_mode of <paramref name="path"/>; null when it does not exist (or cannot be examined);
    /// <paramref name="supported"/> is false when statx is not available here.</summary>
    public static unsafe uint? Mode(string path, bool followLinks, out bool supported)
    {
        supported = !unavailable;
        if (unavailable)
        {
            return null;
        }
        try
        {
            var buffer = stackalloc byte[256];
            if (Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxTypeAndMode, buffer) != 0)
            {
                return null;
            }
            return *(ushort*)(buffer + ModeOffset);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            unavailable = true;
            supported = false;
            return null;
        }
    }
}
