using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

internal delegate void KeywordHandler<in T>(BindContext ctx, ConfigStatement st, T target);

internal enum KeywordShape
{
    /// <summary>A keyword whose value is on its own line; a following block is unexpected.</summary>
    Line,

    /// <summary>A keyword that opens a block (keepalived's install_keyword with a sublevel or a value block).</summary>
    Block,

    /// <summary>Either (e.g. <c>authentication</c> always has a block; <c>track_group</c> may be used both ways).</summary>
    Any,
}

/// <summary>
/// The keywords valid at one place of the configuration, as data: name → (shape, handler, minimum number of
/// arguments). Unsupported keepalived features are entries too, so they are recognised and reported once
/// instead of being mistaken for typos.
/// </summary>
internal sealed class KeywordTable<T>
{
    internal sealed record Entry(string Name, KeywordShape Shape, int MinArgs, KeywordHandler<T>? Handler);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public string Place { get; }

    public KeywordTable(string place) => Place = place;

    public IEnumerable<string> Names => _entries.Keys;

    public KeywordTable<T> Line(string name, KeywordHandler<T> handler, int minArgs = 1) => Add(name, KeywordShape.Line, minArgs, handler);

    public KeywordTable<T> Flag(string name, KeywordHandler<T> handler) => Add(name, KeywordShape.Line, 0, handler);

    public KeywordTable<T> Block(string name, KeywordHandler<T> handler, int minArgs = 0) => Add(name, KeywordShape.Block, minArgs, handler);

    public KeywordTable<T> Any(string name, KeywordHandler<T> handler, int minArgs = 0) => Add(name, KeywordShape.Any, minArgs, handler);

    /// <summary>Recognised keepalived keywords HaDaemon does not act on (blocks are skipped whole).</summary>
    public KeywordTable<T> Unsupported(params string[] names)
    {
        foreach (var n in names)
        {
            Add(n, KeywordShape.Any, 0, null);
        }
        return this;
    }

    /// <summary>Aliases keepalived keeps for old configurations.</summary>
    public KeywordTable<T> Alias(string alias, string of)
    {
        var e = _entries[of];
        _entries[alias] = e with { Name = alias };
        return this;
    }

    private KeywordTable<T> Add(string name, KeywordShape shape, int minArgs, KeywordHandler<T>? handler)
    {
        _entries[name] = new Entry(name, shape, minArgs, handler);
        return this;
    }

    public bool TryGet(string name, out Entry entry) => _entries.TryGetValue(name, out entry!);

    /// <summary>Binds every statement of a block against this table, keepalived-style: report and continue.</summary>
    public void BindAll(BindContext ctx, IReadOnlyList<ConfigStatement> statements, T target)
    {
        foreach (var st in statements)
        {
            Bind(ctx, st, target);
        }
    }

    public void Bind(BindContext ctx, ConfigStatement st, T target)
    {
        var name = st.Keyword.Text;
        if (!_entries.TryGetValue(name, out var entry))
        {
            UnknownKeyword(ctx, st);
            return;
        }
        if (entry.Handler is null)
        {
            ctx.Unsupported(st);
            return;
        }
        if (entry.Shape == KeywordShape.Block && st.Block is null)
        {
            ctx.Error(st.Location, "Missing '{' at beginning of configuration block", "missing-brace");
            return;
        }
        if (entry.Shape == KeywordShape.Line && st.Block is not null)
        {
            ctx.Error(st.Block.Open, "Unexpected '{' - ignoring", "unexpected-brace");
        }
        if (st.Arguments.Count < entry.MinArgs)
        {
            ctx.Error(st.Location,
                $"Configuration line starting `{name}` is missing a parameter after keyword `{name}` at word position {st.Arguments.Count + 2}",
                "missing-parameter");
            return;
        }
        entry.Handler(ctx, st, target);
    }

    private void UnknownKeyword(BindContext ctx, ConfigStatement st)
    {
        var name = st.Keyword.Text;
        var suggestion = Suggest(name);
        var hint = suggestion is null ? "" : $"; did you mean '{suggestion}'?";
        ctx.Error(st.Location, $"Unknown keyword '{name}'{hint}", "unknown-keyword");
    }

    /// <summary>The closest valid keyword here, if it is close enough to be a plausible typo.</summary>
    public string? Suggest(string name)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in _entries.Keys)
        {
            var d = EditDistance.Compute(name, candidate);
            if (d < bestDistance || (d == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                (best, bestDistance) = (candidate, d);
            }
        }
        // Case-only differences (keywords are case-sensitive) and up to a third of the word count as typos.
        var limit = Math.Max(1, name.Length / 3);
        if (best is not null && (string.Equals(best, name, StringComparison.OrdinalIgnoreCase) || bestDistance <= limit))
        {
            return best;
        }
        return null;
    }
}

/// <summary>Levenshtein distance with adjacent transpositions (optimal string alignment).</summary>
internal static class EditDistance
{
    public static int Compute(string a, string b)
    {
        var prev2 = new int[b.Length + 1];
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
            }
            (prev2, prev, cur) = (prev, cur, prev2);
        }
        return prev[b.Length];
    }
}
