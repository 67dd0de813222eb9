using HaDaemon.Config.Environment;

namespace HaDaemon.Config.Tests.Model;

/// <summary>
/// An in-memory file system and user database for script-security tests. Directories on a registered file's path
/// are root-owned 0755 unless registered otherwise; PATH is /usr/bin:/bin.
/// </summary>
internal sealed class FakeScriptEnvironment : IScriptEnvironment
{
    private readonly Dictionary<string, FileStatus> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserEntry> _users = new(StringComparer.Ordinal) { ["root"] = new("root", 0, 0) };
    private readonly Dictionary<string, int> _groups = new(StringComparer.Ordinal) { ["root"] = 0 };

    public int OwnUid { get; init; }

    public int OwnGid { get; init; }

    private static readonly UnixFileMode Mode755 = (UnixFileMode)Convert.ToInt32("755", 8);

    /// <summary>An executable root-owned 0755 file (and its root-owned directories).</summary>
    public FakeScriptEnvironment File(string path, int uid = 0, int gid = 0, string mode = "755")
    {
        _files[path] = new FileStatus(FileKind.Regular, uid, gid, (UnixFileMode)Convert.ToInt32(mode, 8));
        for (var dir = Path.GetDirectoryName(path); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            _files.TryAdd(dir, new FileStatus(FileKind.Directory, 0, 0, Mode755));
        }
        return this;
    }

    public FakeScriptEnvironment Directory(string path, int uid = 0, int gid = 0, string mode = "755")
    {
        _files[path] = new FileStatus(FileKind.Directory, uid, gid, (UnixFileMode)Convert.ToInt32(mode, 8));
        return this;
    }

    public FakeScriptEnvironment User(string name, int uid, int gid)
    {
        _users[name] = new UserEntry(name, uid, gid);
        _groups.TryAdd(name, gid);
        return this;
    }

    /// <summary>The commands a Debian host with procps/psmisc has, as in keepalived's lab run.</summary>
    public static FakeScriptEnvironment DebianLike() =>
        new FakeScriptEnvironment().File("/usr/bin/killall").File("/bin/sh").File("/usr/bin/true");

    /// <summary>A symbolic link (merged /usr: /bin -> /usr/bin); <paramref name="target"/> is absolute.</summary>
    public FakeScriptEnvironment Link(string path, string target)
    {
        _links[path] = target;
        _files[path] = new FileStatus(FileKind.SymbolicLink, 0, 0, (UnixFileMode)Convert.ToInt32("777", 8));
        return this;
    }

    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);

    public FileStatus? LinkStatus(string path) => _files.TryGetValue(path, out var s) ? s : null;

    public FileStatus? Status(string path) => RealPath(path) is { } real ? LinkStatus(real) : null;

    /// <summary>Resolves linked path prefixes until none is left (bounded, like the kernel's ELOOP).</summary>
    public string? RealPath(string path)
    {
        for (var hops = 0; hops < 40; hops++)
        {
            var link = _links.Keys.FirstOrDefault(l => path == l || path.StartsWith(l + "/", StringComparison.Ordinal));
            if (link is null)
            {
                return _files.ContainsKey(path) ? path : null;
            }
            path = _links[link] + path[link.Length..];
        }
        return null;
    }

    public string? FindInPath(string name) =>
        new[] { "/usr/bin", "/bin" }.Select(d => d + "/" + name).FirstOrDefault(p => _files.TryGetValue(p, out var s) && s.Kind == FileKind.Regular);

    public UserEntry? FindUser(string name) => _users.TryGetValue(name, out var u) ? u : null;

    public int? FindGroup(string name) => _groups.TryGetValue(name, out var g) ? g : null;
}
