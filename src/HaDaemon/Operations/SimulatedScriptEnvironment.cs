using HaDaemon.Config.Environment;

namespace HaDaemon.Operations;

/// <summary>
/// The script environment of a simulated host: every script the configuration names exists, is root-owned 0755 in
/// root-owned directories, and every user exists. So script security never disables a tracked script in a
/// simulation, and <c>--script-fail</c> can drive any vrrp_script the configuration declares.
/// </summary>
public sealed class SimulatedScriptEnvironment : IScriptEnvironment
{
    private static readonly UnixFileMode Mode755 = (UnixFileMode)0b111_101_101;
    private readonly HashSet<string> _scripts = new(StringComparer.Ordinal);

    public int OwnUid => 0;

    public int OwnGid => 0;

    public string? FindInPath(string name) => "/usr/bin/" + name;

    public string? RealPath(string path)
    {
        _scripts.Add(path);
        return path;
    }

    public FileStatus? Status(string path) => new FileStatus(FileKind.Regular, 0, 0, Mode755);

    /// <summary>Scripts seen through <see cref="RealPath"/> are files; every other path component is a directory.</summary>
    public FileStatus? LinkStatus(string path) =>
        new FileStatus(_scripts.Contains(path) ? FileKind.Regular : FileKind.Directory, 0, 0, Mode755);

    public UserEntry? FindUser(string name) => name == "root" ? new UserEntry(name, 0, 0) : new UserEntry(name, 1000, 1000);

    public int? FindGroup(string name) => name == "root" ? 0 : 1000;
}

/// <summary>Every interface a simulated host's configuration names exists; "lo" is the loopback.</summary>
public sealed class SimulatedInterfaceCatalog : IInterfaceCatalog
{
    public bool Exists(string name) => name.Length > 0;

    public bool IsLoopback(string name) => name == "lo";
}
