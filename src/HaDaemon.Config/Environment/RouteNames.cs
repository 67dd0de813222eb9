using System.Globalization;

namespace HaDaemon.Config.Environment;

/// <summary>The iproute2 name files keepalived 2.2.7 reads (lib/rttables.c), each under /etc/iproute2.</summary>
public enum RouteNameKind
{
    /// <summary><c>rt_tables</c>: routing table ids 0..2^32-1.</summary>
    Table,
    /// <summary><c>rt_dsfield</c>: TOS/dsfield values 0..255.</summary>
    DsField,
    /// <summary><c>rt_realms</c>: realms 0..255.</summary>
    Realm,
    /// <summary><c>rt_protos</c>: route/rule protocols 0..255.</summary>
    Protocol,
    /// <summary><c>rt_scopes</c>: route scopes 0..255.</summary>
    Scope,
    /// <summary><c>group</c>: interface groups 0..2^31-1 (rules' <c>suppress_ifgroup</c>).</summary>
    Group,
}

/// <summary>Where the iproute2 name files come from; injected so that tests describe their own rt_tables.</summary>
public interface IRouteNameFiles
{
    /// <summary>The text of <paramref name="fileName"/> (e.g. "rt_tables"), or null when it cannot be read.</summary>
    string? Read(string fileName);
}

/// <summary>The files in a directory, /etc/iproute2 by default (keepalived 2.2.7's IPROUTE2_DIR; no rt_tables.d).</summary>
public sealed class DirectoryRouteNameFiles(string directory = "/etc/iproute2") : IRouteNameFiles
{
    public string? Read(string fileName)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, fileName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // keepalived's fopen failure: the built-in names are all there is.
            return null;
        }
    }
}

/// <summary>
/// Name → number as keepalived's find_rttables_* do: a number (strtoul base 0: decimal, 0x hex, 0 octal) is taken
/// as is when within the kind's range; otherwise the name is looked up in the file, read once on first use,
/// whose lines are exactly "NUMBER NAME" (others skipped), followed by the built-in names whose number the file
/// does not define. Missing file → built-in names only.
/// </summary>
public sealed class RouteNames(IRouteNameFiles files)
{
    private static readonly (uint Id, string Name)[] DefaultTables = [(253, "default"), (254, "main"), (255, "local")];

    private static readonly (uint Id, string Name)[] DefaultProtocols =
    [
        (0, "none"), (1, "redirect"), (2, "kernel"), (3, "boot"), (4, "static"), (8, "gated"), (9, "ra"), (10, "mrt"),
        (11, "zebra"), (12, "bird"), (42, "babel"), (13, "dnrouted"), (14, "xorp"), (15, "ntk"), (16, "dhcp"),
    ];

    private static readonly (uint Id, string Name)[] DefaultScopes = [(0, "global"), (255, "nowhere"), (254, "host"), (253, "link"), (200, "site")];

    /// <summary>Route types (rtntypes[]): built in, never read from a file; a number 0..255 is also accepted.</summary>
    private static readonly Dictionary<string, byte> RouteTypes = new(StringComparer.Ordinal)
    {
        ["local"] = 2, ["nat"] = 10, ["broadcast"] = 3, ["brd"] = 3, ["anycast"] = 4, ["multicast"] = 5, ["prohibit"] = 8,
        ["unreachable"] = 7, ["blackhole"] = 6, ["xresolve"] = 11, ["unicast"] = 1, ["throw"] = 9,
    };

    private readonly Dictionary<RouteNameKind, List<(uint Id, string Name)>> _lists = [];

    /// <summary>Built-in names only, as keepalived on a system without /etc/iproute2.</summary>
    public static RouteNames BuiltIn() => new(new NoFiles());

    public bool TryFind(RouteNameKind kind, string name, out uint id)
    {
        var max = Max(kind);
        if (TryCNumber(name, out var n))
        {
            id = (uint)Math.Min(n, uint.MaxValue);
            return n <= max;
        }
        foreach (var (entryId, entryName) in List(kind))
        {
            if (entryName == name)
            {
                id = entryId;
                return true;
            }
        }
        id = 0;
        return false;
    }

    /// <summary>find_rttables_rtntype: the fixed type names or a number 0..255 (not starting with '-').</summary>
    public static bool TryRouteType(string name, out byte type)
    {
        if (RouteTypes.TryGetValue(name, out type))
        {
            return true;
        }
        if (name.Length > 0 && name[0] != '-' && TryCNumber(name, out var n) && n <= 255)
        {
            type = (byte)n;
            return true;
        }
        return false;
    }

    /// <summary>get_realms: "REALM" or "FROM/TO", each a number or an rt_realms name; FROM/TO → FROM &lt;&lt; 16 | TO.</summary>
    public bool TryRealms(string text, out uint realms)
    {
        realms = 0;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!TryFind(RouteNameKind.Realm, slash < 0 ? text : text[..slash], out var from))
        {
            return false;
        }
        if (slash < 0)
        {
            realms = from;
            return true;
        }
        if (!TryFind(RouteNameKind.Realm, text[(slash + 1)..], out var to))
        {
            return false;
        }
        realms = (from << 16) | to;
        return true;
    }

    private static ulong Max(RouteNameKind kind) => kind switch
    {
        RouteNameKind.Table => uint.MaxValue,
        RouteNameKind.Group => int.MaxValue,
        _ => 255,
    };

    private List<(uint Id, string Name)> List(RouteNameKind kind)
    {
        if (_lists.TryGetValue(kind, out var list))
        {
            return list;
        }
        list = Parse(files.Read(FileName(kind)), Max(kind));
        var defaults = kind switch
        {
            RouteNameKind.Table => DefaultTables,
            RouteNameKind.Protocol => DefaultProtocols,
            RouteNameKind.Scope => DefaultScopes,
            _ => [],
        };
        // add_default: a built-in name is only added when the file gave its number no name.
        foreach (var d in defaults)
        {
            if (!list.Exists(e => e.Id == d.Id))
            {
                list.Add(d);
            }
        }
        _lists[kind] = list;
        return list;
    }

    public static string FileName(RouteNameKind kind) => kind switch
    {
        RouteNameKind.Table => "rt_tables",
        RouteNameKind.DsField => "rt_dsfield",
        RouteNameKind.Realm => "rt_realms",
        RouteNameKind.Protocol => "rt_protos",
        RouteNameKind.Scope => "rt_scopes",
        _ => "group",
    };

    /// <summary>
    /// read_file: keepalived splits each line into words with its config tokenizer ('#' starts a comment) and keeps
    /// lines of exactly two words whose first is a non-negative number within range.
    /// </summary>
    private static List<(uint Id, string Name)> Parse(string? text, ulong max)
    {
        var list = new List<(uint, string)>();
        if (text is null)
        {
            return list;
        }
        foreach (var raw in text.Split('\n'))
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = hash < 0 ? raw : raw[..hash];
            var words = line.Split([' ', '\t', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 2 || words[0].StartsWith('-') || !TryCNumber(words[0], out var id) || id > max)
            {
                continue;
            }
            list.Add(((uint)id, words[1]));
        }
        return list;
    }

    /// <summary>strtoul(s, &amp;end, 0) consuming the whole string: decimal, 0x hex or leading-0 octal.</summary>
    private static bool TryCNumber(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return s.Length > 2 && ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        if (s.Length > 1 && s[0] == '0')
        {
            foreach (var c in s)
            {
                if (c is < '0' or > '7')
                {
                    return false;
                }
                if (value > ulong.MaxValue / 8)
                {
                    value = ulong.MaxValue;
                    return true;
                }
                value = (value * 8) + (ulong)(c - '0');
            }
            return true;
        }
        if (!s.All(char.IsAsciiDigit))
        {
            return false;
        }
        // An overflowing number is ULONG_MAX for strtoul: out of every range, but still "a number".
        if (!ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            value = ulong.MaxValue;
        }
        return true;
    }

    private sealed class NoFiles : IRouteNameFiles
    {
        public string? Read(string fileName) => null;
    }
}
