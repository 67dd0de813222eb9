namespace HaDaemon.Config.Syntax;

/// <summary>
/// glibc <c>glob(GLOB_MARK | GLOB_BRACE | GLOB_ALTDIRFUNC)</c> as keepalived calls it for <c>include</c>: csh braces
/// expand first (each alternative is globbed and sorted on its own, alternatives keep their order), <c>* ? [...]</c>
/// match within one path component and never match a leading '.', directories are marked with a trailing '/', and the
/// counters keepalived keeps through its directory callbacks are reproduced (missing files/directories, whether a
/// directory had to be read at all) because they decide which include check fires.
/// </summary>
internal static class Glob
{
    public sealed class Result
    {
        public List<string> Matches { get; } = [];

        public int MissingFiles { get; set; }

        public int MissingDirectories { get; set; }

        /// <summary>keepalived's have_wildcards: a directory had to be opened to match a pattern.</summary>
        public bool HaveWildcards { get; set; }
    }

    /// <summary>Bound on brace alternatives so that a pattern like "{a,b}{a,b}{a,b}…" cannot explode.</summary>
    private const int MaxAlternatives = 4096;

    /// <param name="pattern">The pattern as written; relative patterns are relative to <paramref name="currentDirectory"/>.</param>
    /// <param name="currentDirectory">Absolute directory standing for the process's cwd.</param>
    /// <returns>Matches spelled as glob() spells them (relative when the pattern is).</returns>
    public static Result Expand(string pattern, string currentDirectory, IConfigFileSystem fs)
    {
        var result = new Result();
        foreach (var alternative in ExpandBraces(pattern))
        {
            var found = new List<string>();
            GlobOne(alternative, currentDirectory, fs, result, found);
            found.Sort(StringComparer.Ordinal);
            result.Matches.AddRange(found);
        }
        return result;
    }

    /// <summary>Whether the pattern has a brace that is not escaped (keepalived's have_brace()).</summary>
    public static bool HasBrace(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                if (++i >= pattern.Length)
                {
                    return false;
                }
            }
            else if (pattern[i] == '{')
            {
                return true;
            }
        }
        return false;
    }

    internal static List<string> ExpandBraces(string pattern)
    {
        // Breadth-first keeps the csh order: "{a,b}{1,2}" → a1 a2 b1 b2 (each step expands the first brace only).
        var ordered = new List<string> { pattern };
        var changed = true;
        while (changed)
        {
            changed = false;
            var next = new List<string>();
            foreach (var p in ordered)
            {
                var parts = ExpandFirstBrace(p);
                if (parts is null)
                {
                    next.Add(p);
                    continue;
                }
                changed = true;
                next.AddRange(parts);
                if (next.Count > MaxAlternatives)
                {
                    break;
                }
            }
            ordered = next.Count > MaxAlternatives ? next.GetRange(0, MaxAlternatives) : next;
        }
        return ordered;
    }

    /// <summary>Splits the first well-formed "{…}" into its top-level alternatives, or null when there is none.</summary>
    private static List<string>? ExpandFirstBrace(string p)
    {
        for (var open = 0; open < p.Length; open++)
        {
            if (p[open] == '\\')
            {
                open++;
                continue;
            }
            if (p[open] != '{')
            {
                continue;
            }
            var depth = 0;
            var commas = new List<int>();
            for (var i = open + 1; i < p.Length; i++)
            {
                var c = p[i];
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '{')
                {
                    depth++;
                }
                else if (c == ',' && depth == 0)
                {
                    commas.Add(i);
                }
                else if (c == '}')
                {
                    if (depth-- > 0)
                    {
                        continue;
                    }
                    var prefix = p[..open];
                    var suffix = p[(i + 1)..];
                    var alternatives = new List<string>();
                    var start = open + 1;
                    foreach (var comma in commas.Append(i))
                    {
                        alternatives.Add(prefix + p[start..comma] + suffix);
                        start = comma + 1;
                    }
                    return alternatives;
                }
            }
            // An unmatched '{' is an ordinary character, as for glibc.
            return null;
        }
        return null;
    }

    private static void GlobOne(string pattern, string cwd, IConfigFileSystem fs, Result result, List<string> found)
    {
        var absolute = pattern.StartsWith('/');
        var components = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!components.Any(HasMagic))
        {
            var literal = Unescape(pattern);
            var full = absolute ? literal : Path.Combine(cwd, literal);
            if (!fs.Exists(full))
            {
                result.MissingFiles++;
                return;
            }
            found.Add(Mark(literal, full, fs));
            return;
        }

        // Candidates are (spelled, absolute) pairs; each component narrows them down.
        var candidates = new List<(string Spelled, string Full)> { (absolute ? "/" : string.Empty, absolute ? "/" : cwd) };
        var sawMagic = false;
        for (var index = 0; index < components.Length; index++)
        {
            var component = components[index];
            var last = index == components.Length - 1;
            var next = new List<(string, string)>();
            foreach (var (spelled, full) in candidates)
            {
                if (!HasMagic(component))
                {
                    var name = Unescape(component);
                    var childFull = Path.Combine(full, name);
                    // glibc only checks a literal component when it ends a (sub-)pattern that had wildcards before it
                    // (lstat: a missing file); a literal directory before the first wildcard is simply opened later
                    // (opendir: a missing directory).
                    if (!last && !sawMagic)
                    {
                        next.Add((Join(spelled, name), childFull));
                    }
                    else if (last ? fs.Exists(childFull) : fs.GetKind(childFull) == ConfigFileKind.Directory)
                    {
                        next.Add((Join(spelled, name), childFull));
                    }
                    else
                    {
                        result.MissingFiles++;
                    }
                    continue;
                }
                result.HaveWildcards = true;
                var entries = fs.ListDirectory(full);
                if (entries is null)
                {
                    result.MissingDirectories++;
                    continue;
                }
                foreach (var entry in entries.Order(StringComparer.Ordinal))
                {
                    if (!Matches(component, entry))
                    {
                        continue;
                    }
                    var childFull = Path.Combine(full, entry);
                    if (last || fs.GetKind(childFull) == ConfigFileKind.Directory)
                    {
                        next.Add((Join(spelled, entry), childFull));
                    }
                }
            }
            candidates = next;
            sawMagic |= HasMagic(component);
        }
        foreach (var (spelled, full) in candidates)
        {
            found.Add(Mark(spelled, full, fs));
        }
    }

    private static string Join(string spelled, string name) =>
        spelled.Length == 0 ? name : spelled.EndsWith('/') ? spelled + name : spelled + "/" + name;

    private static string Mark(string spelled, string full, IConfigFileSystem fs) =>
        fs.GetKind(full) == ConfigFileKind.Directory && !spelled.EndsWith('/') ? spelled + "/" : spelled;

    private static bool HasMagic(string component)
    {
        for (var i = 0; i < component.Length; i++)
        {
            switch (component[i])
            {
                case '\\':
                    i++;
                    break;
                case '*' or '?':
                    return true;
                case '[' when component.IndexOf(']', i + 1) > i + 1:
                    return true;
            }
        }
        return false;
    }

    private static string Unescape(string s)
    {
        if (!s.Contains('\\'))
        {
            return s;
        }
        var chars = new System.Text.StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }
            chars.Append(s[i]);
        }
        return chars.ToString();
    }

    /// <summary>fnmatch() for one component without FNM_PERIOD exceptions: a leading '.' must be matched literally.</summary>
    internal static bool Matches(string pattern, string name)
    {
        if (name.StartsWith('.') && !pattern.StartsWith('.') && !pattern.StartsWith("\\.", StringComparison.Ordinal))
        {
            return false;
        }
        var budget = 100_000;
        return MatchFrom(pattern, 0, name, 0, ref budget);
    }

    private static bool MatchFrom(string p, int pi, string s, int si, ref int budget)
    {
        while (pi < p.Length)
        {
            if (--budget < 0)
            {
                return false;
            }
            var c = p[pi];
            switch (c)
            {
                case '*':
                    while (pi < p.Length && p[pi] == '*')
                    {
                        pi++;
                    }
                    if (pi == p.Length)
                    {
                        return true;
                    }
                    for (var k = si; k <= s.Length; k++)
                    {
                        if (MatchFrom(p, pi, s, k, ref budget))
                        {
                            return true;
                        }
                    }
                    return false;
                case '?':
                    if (si >= s.Length)
                    {
                        return false;
                    }
                    pi++;
                    si++;
                    break;
                case '[':
                    var end = BracketEnd(p, pi);
                    if (end < 0)
                    {
                        goto default;
                    }
                    if (si >= s.Length || !BracketMatches(p, pi + 1, end, s[si]))
                    {
                        return false;
                    }
                    pi = end + 1;
                    si++;
                    break;
                case '\\' when pi + 1 < p.Length:
                    if (si >= s.Length || s[si] != p[pi + 1])
                    {
                        return false;
                    }
                    pi += 2;
                    si++;
                    break;
                default:
                    if (si >= s.Length || s[si] != c)
                    {
                        return false;
                    }
                    pi++;
                    si++;
                    break;
            }
        }
        return si == s.Length;
    }

    /// <summary>Index of the ']' closing the bracket expression at <paramref name="open"/>, or -1.</summary>
    private static int BracketEnd(string p, int open)
    {
        var i = open + 1;
        if (i < p.Length && p[i] is '!' or '^')
        {
            i++;
        }
        if (i < p.Length && p[i] == ']')
        {
            i++;
        }
        var close = p.IndexOf(']', i);
        return close;
    }

    private static bool BracketMatches(string p, int from, int end, char c)
    {
        var negate = p[from] is '!' or '^';
        if (negate)
        {
            from++;
        }
        var matched = false;
        for (var i = from; i < end; i++)
        {
            if (i + 2 < end && p[i + 1] == '-')
            {
                if (c >= p[i] && c <= p[i + 2])
                {
                    matched = true;
                }
                i += 2;
            }
            else if (p[i] == c)
            {
                matched = true;
            }
        }
        return matched != negate;
    }
}
