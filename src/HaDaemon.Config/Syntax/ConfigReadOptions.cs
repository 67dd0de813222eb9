namespace HaDaemon.Config.Syntax;

/// <summary>keepalived's include checks (<c>include_check</c>, <c>includer/m/w/b/a</c>, <c>-e/--all-config</c>).</summary>
[Flags]
public enum IncludeChecks
{
    None = 0,
    /// <summary>Error if a match is a directory, not a regular non-executable file, or cannot be opened.</summary>
    Readable = 0x01,
    /// <summary>Error if nothing matches a name without wildcards (a missing file or directory).</summary>
    Match = 0x02,
    /// <summary>Error if nothing matches, even when the name has wildcards.</summary>
    WildcardMatch = 0x04,
    /// <summary>Error if one alternative of a <c>{a,b}</c> brace does not match.</summary>
    BraceMatch = 0x08,
    All = Readable | Match | WildcardMatch | BraceMatch,
}

/// <summary>How to read a configuration. Every member has a default suitable for the real daemon except the config id.</summary>
public sealed record ConfigReadOptions
{
    /// <summary>
    /// The config id that selects <c>@ID</c> lines (<c>-i/--config-id</c>). keepalived defaults it to the host name up
    /// to the first '.'; the caller passes that (see <see cref="DefaultConfigId"/>). Null = no id: every <c>@ID</c>
    /// line is dropped and every <c>@^ID</c> line kept.
    /// </summary>
    public string? ConfigId { get; init; }

    /// <summary>Include checks in force from the start (<c>-e/--all-config</c> sets <see cref="IncludeChecks.All"/>);
    /// an <c>include_check</c> line in a top-level <c>global_defs</c> block changes them while reading.</summary>
    public IncludeChecks IncludeCheck { get; init; } = IncludeChecks.None;

    public IConfigFileSystem FileSystem { get; init; } = PhysicalConfigFileSystem.Instance;

    /// <summary>Directory relative paths are resolved against (the process's cwd by default).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Source of <c>${_RANDOM}</c>; inject a seeded one for repeatable results (keepalived's random_seed).</summary>
    public Random? Random { get; init; }

    /// <summary>Source of <c>${_ENV NAME}</c>.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Nesting bound for includes (keepalived has none; a loop would exhaust its file descriptors).</summary>
    public int MaxIncludeDepth { get; init; } = 32;

    /// <summary>
    /// Bound on lines produced by ~SEQ/~LST replays and multi-line definitions, so that a hostile or mistaken
    /// configuration (e.g. <c>~SEQ(i, 1, 9223372036854775807)</c>) ends with a diagnostic instead of running forever.
    /// The largest documented use (keepalived's man page, 65024 instances) produces about one million lines.
    /// </summary>
    public int MaxGeneratedLines { get; init; } = 2_000_000;

    /// <summary>keepalived's default config id: the host name up to its first '.'.</summary>
    public static string DefaultConfigId(string hostName)
    {
        var dot = hostName.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? hostName : hostName[..dot];
    }
}
