using System.Runtime.InteropServices;

namespace HaDaemon.Config.Environment;

/// <summary>The real system: libc stat/lstat, /etc/passwd, /etc/group and PATH.</summary>
public sealed unsafe partial class SystemScriptEnvironment : IScriptEnvironment
{
    public int OwnUid { get; } = (int)NativeMethods.geteuid();

    public int OwnGid { get; } = (int)NativeMethods.getegid();

    public FileStatus? LinkStatus(string path) => StatCall(path, follow: false);

    public FileStatus? Status(string path) => StatCall(path, follow: true);

    public string? RealPath(string path) => RealPath(path, 0);

    /// <summary>
    /// realpath(3): a link's target is itself canonicalised, since it may run through linked directories
    /// (/usr/bin/pidof -> /sbin/killall5 with /sbin -> usr/sbin on merged-/usr systems gives /usr/sbin/killall5;
    /// stopping at /sbin/killall5 made the path check see the /sbin link as a non-directory and inhibit the script).
    /// </summary>
    private string? RealPath(string path, int depth)
    {
        const int MaxLinks = 40; // SYMLOOP_MAX on Linux: a link cycle ends as "not accessible", not as a hang
        if (depth > MaxLinks)
        {
            return null;
        }
        try
        {
            var full = Path.GetFullPath(path);
            var info = new FileInfo(full);
            if (!info.Exists && !Directory.Exists(full))
            {
                return null;
            }
            // Resolve every component, not only the last one: walk from the root.
            var result = "/";
            foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var next = Path.Combine(result, part);
                var fsi = new FileInfo(next);
                var target = fsi.LinkTarget is null ? null : fsi.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null)
                {
                    result = next;
                    continue;
                }
                if (RealPath(target.FullName, depth + 1) is not { } canonical)
                {
                    return null;
                }
                result = canonical;
            }
            return result;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public string? FindInPath(string name)
    {
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (Status(candidate) is { Kind: FileKind.Regular } st && (st.Mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }
        return null;
    }

    public UserEntry? FindUser(string name)
    {
        foreach (var fields in ReadColonFile("/etc/passwd"))
        {
            if (fields.Length >= 4 && fields[0] == name && int.TryParse(fields[2], out var uid) && int.TryParse(fields[3], out var gid))
            {
                return new UserEntry(name, uid, gid);
            }
        }
        return null;
    }

    public int? FindGroup(string name)
    {
        foreach (var fields in ReadColonFile("/etc/group"))
        {
            if (fields.Length >= 3 && fields[0] == name && int.TryParse(fields[2], out var gid))
            {
                return gid;
            }
        }
        return null;
    }

    private static IEnumerable<string[]> ReadColonFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            yield break;
        }
        catch (UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var line in lines)
        {
            yield return line.Split(':');
        }
    }

    private static FileStatus? StatCall(string path, bool follow)
    {
        // struct stat differs between the two 64-bit ABIs .NET runs on here; keep a generous buffer and read the
        // three fields we need at the ABI's offsets.
        var buffer = stackalloc byte[256];
        int rc = follow ? NativeMethods.stat(path, buffer) : NativeMethods.lstat(path, buffer);
        if (rc != 0)
        {
            return null;
        }
        int modeOffset, uidOffset, gidOffset;
        switch (RuntimeInformation.ProcessArchitecture)
        {
            case Architecture.X64:
                (modeOffset, uidOffset, gidOffset) = (24, 28, 32);
                break;
            case Architecture.Arm64:
                (modeOffset, uidOffset, gidOffset) = (16, 24, 28);
                break;
            default:
                return null;
        }
        uint mode = *(uint*)(buffer + modeOffset);
        int uid = *(int*)(buffer + uidOffset);
        int gid = *(int*)(buffer + gidOffset);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            _ => FileKind.Other,
        };
        return new FileStatus(kind, uid, gid, (UnixFileMode)(mode & 0xFFF));
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int stat(string path, byte* buffer);

        [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int lstat(string path, byte* buffer);

        [LibraryImport("libc")]
        internal static partial uint geteuid();

        [LibraryImport("libc")]
        internal static partial uint getegid();
    }
}
