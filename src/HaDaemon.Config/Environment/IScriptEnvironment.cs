namespace HaDaemon.Config.Environment;

public enum FileKind
{
    Other,
    Regular,
    Directory,
    SymbolicLink,
}

/// <summary>The parts of struct stat that keepalived's script-security check looks at.</summary>
public readonly record struct FileStatus(FileKind Kind, int Uid, int Gid, UnixFileMode Mode);

/// <summary>A user from the passwd database.</summary>
public readonly record struct UserEntry(string Name, int Uid, int Gid);

/// <summary>
/// File system and user database as seen by keepalived's check_script_secure (lib/notify.c). Injected so that
/// tests can describe root-owned, world-writable or missing scripts without touching the real system.
/// </summary>
public interface IScriptEnvironment
{
    /// <summary>stat(2) without following a final symbolic link; null if the path cannot be stat'ed.</summary>
    FileStatus? LinkStatus(string path);

    /// <summary>stat(2) following symbolic links; null if the path cannot be stat'ed.</summary>
    FileStatus? Status(string path);

    /// <summary>realpath(3): absolute, symlinks resolved; null if it does not resolve.</summary>
    string? RealPath(string path);

    /// <summary>The PATH search execvp would do for a bare command name; null if not found.</summary>
    string? FindInPath(string name);

    UserEntry? FindUser(string name);

    int? FindGroup(string name);

    /// <summary>The uid/gid the daemon runs scripts as by default (its own).</summary>
    int OwnUid { get; }

    int OwnGid { get; }
}
