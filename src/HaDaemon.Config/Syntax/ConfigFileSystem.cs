namespace HaDaemon.Config.Syntax;

/// <summary>What the include logic needs to know about a path (keepalived's stat()/lstat()).</summary>
public enum ConfigFileKind
{
    Missing,
    Directory,
    /// <summary>A regular file without any execute bit: the only kind keepalived reads.</summary>
    RegularFile,
    /// <summary>A regular file with an execute bit, which keepalived skips as "not a regular non-executable file".</summary>
    ExecutableFile,
    /// <summary>A device, FIFO, socket…: skipped like an executable.</summary>
    Other,
}

/// <summary>
/// The file-system operations the reader uses, so that tests can use temporary directories or simulate
/// conditions (unreadable files as root, I/O errors) that a real file system cannot easily produce.
/// Paths passed in are absolute.
/// </summary>
public interface IConfigFileSystem
{
    /// <summary>Kind of the file a path names, following symbolic links (stat()).</summary>
    ConfigFileKind GetKind(string path);

    /// <summary>Whether the path exists at all, without following a final symbolic link (lstat()).</summary>
    bool Exists(string path);

    /// <summary>Names (not paths) of the entries of a directory, or null when it cannot be opened.</summary>
    IReadOnlyList<string>? ListDirectory(string path);

    /// <summary>Opens a file for reading. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>
    /// when that is impossible; the reader turns that into a diagnostic.</summary>
    Stream OpenRead(string path);
}

/// <summary>The machine's real file system.</summary>
public sealed class PhysicalConfigFileSystem : IConfigFileSystem
{
    public static PhysicalConfigFileSystem Instance { get; } = new();

    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public ConfigFileKind GetKind(string path)
    {
        var mode = LinuxStat.Mode(path, followLinks: true, out var supported);
        if (supported)
        {
            return mode switch
            {
                null => ConfigFileKind.Missing,
                { } m when (m & LinuxStat.TypeMask) == LinuxStat.Directory => ConfigFileKind.Directory,
                { } m when (m & LinuxStat.TypeMask) != LinuxStat.RegularFile => ConfigFileKind.Other,
                { } m when (m & LinuxStat.AnyExecute) != 0 => ConfigFileKind.ExecutableFile,
                _ => ConfigFileKind.RegularFile,
            };
        }
        return GetKindPortable(path);
    }

    /// <summary>Without statx (not Linux): FileInfo, which cannot recognise FIFOs and devices.</summary>
    private static ConfigFileKind GetKindPortable(string path)
    {
        try
        {
            var info = new FileInfo(path);
            var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !target.Exists)
            {
                return Directory.Exists(path) ? ConfigFileKind.Directory : ConfigFileKind.Missing;
            }
            return OperatingSystem.IsWindows() || (target.UnixFileMode & AnyExecute) == 0
                ? ConfigFileKind.RegularFile
                : ConfigFileKind.ExecutableFile;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return ConfigFileKind.Missing;
        }
    }

    public bool Exists(string path)
    {
        var mode = LinuxStat.Mode(path, followLinks: false, out var supported);
        if (supported)
        {
            return mode is not null;
        }
        try
        {
            var info = new FileInfo(path);
            return info.Exists || info.LinkTarget is not null || Directory.Exists(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    public IReadOnlyList<string>? ListDirectory(string path)
    {
        try
        {
            return new DirectoryInfo(path).EnumerateFileSystemInfos().Select(i => i.Name).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
}
