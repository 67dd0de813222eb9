using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Syntax;

/// <summary>
/// Builds the statement tree from logical lines: a statement directly followed by a "{" line owns the block up to
/// the matching "}". Like keepalived, a "{" that follows no statement (or follows a "}" or another "{") is reported
/// and ignored, so its contents belong to the enclosing block and the next "}" closes that block.
/// </summary>
internal sealed class TreeBuilder
{
    /// <summary>Keywords whose script string is re-tokenized later, for which keepalived tolerates an unmatched
    /// quote after the first argument (install_keyword_quoted).</summary>
    private static readonly HashSet<string> QuotedKeywords = new(StringComparer.Ordinal)
    {
        "notify_backup", "notify_master", "notify_fault", "notify_stop", "notify", "notify_deleted",
        "notify_master_rx_lower_pri", "script", "startup_script", "shutdown_script", "notify_fifo_script",
        "vrrp_notify_fifo_script", "lvs_notify_fifo_script", "quorum_up", "quorum_down", "notify_up", "notify_down",
        "misc_path",
    };

    private readonly DiagnosticSink sink;
    private readonly Action<IncludeChecks> setIncludeChecks;
    private readonly Func<IncludeChecks> getIncludeChecks;
    private readonly Stack<BlockBuilder> open = new();
    private readonly BlockBuilder root = new(null, default);
    private StatementBuilder? blockCandidate;

    public TreeBuilder(DiagnosticSink sink, Func<IncludeChecks> getIncludeChecks, Action<IncludeChecks> setIncludeChecks)
    {
        this.sink = sink;
        this.getIncludeChecks = getIncludeChecks;
        this.setIncludeChecks = setIncludeChecks;
        open.Push(root);
    }

    private sealed class BlockBuilder(StatementBuilder? owner, SourceLocation openBrace)
    {
        public StatementBuilder? Owner { get; } = owner;

        public SourceLocation OpenBrace { get; } = openBrace;

        public List<StatementBuilder> Statements { get; } = [];

        public ConfigBlock Build() => new(OpenBrace, Statements.Select(s => s.Build()).ToList());
    }

    private sealed class StatementBuilder(ConfigToken keyword, IReadOnlyList<ConfigToken> arguments, string raw, SourceLocation rawLocation)
    {
        public ConfigToken Keyword { get; } = keyword;

        public IReadOnlyList<ConfigToken> Arguments { get; } = arguments;

        public BlockBuilder? Block { get; set; }

        public ConfigStatement Build() => new(Keyword, Arguments, raw, rawLocation, Block?.Build());
    }

    public void Add(LocatedText line)
    {
        switch (line.Text)
        {
            case "{":
                OpenBlock(line.LocationAt(0));
                return;
            case "}":
                CloseBlock(line.LocationAt(0));
                return;
        }
        var tokenized = LineTokenizer.Tokenize(line);
        var tokens = tokenized.Tokens;
        if (tokenized.UnmatchedQuoteIndex is { } quoteAt &&
            !(tokens.Count > 1 && QuotedKeywords.Contains(tokens[0].Text)))
        {
            sink.Error(SyntaxDiagnosticCodes.UnmatchedQuote, $"Unmatched quote: '{line.Text}'", line.LocationAt(quoteAt));
        }
        if (tokens.Count == 0)
        {
            blockCandidate = null;
            return;
        }
        var rawStart = tokenized.RawArgumentsStart;
        var statement = new StatementBuilder(tokens[0], tokens.Skip(1).ToList(), line.Text[rawStart..], line.LocationAt(rawStart));
        open.Peek().Statements.Add(statement);
        blockCandidate = statement;
        if (tokens[0].Text == "include_check" && open.Count == 2 && open.Peek().Owner?.Keyword.Text == "global_defs")
        {
            ApplyIncludeCheck(statement.Arguments);
        }
    }

    private void OpenBlock(SourceLocation location)
    {
        if (blockCandidate is null)
        {
            sink.Error(SyntaxDiagnosticCodes.UnexpectedOpenBrace, "Unexpected '{' - ignoring", location);
            return;
        }
        var block = new BlockBuilder(blockCandidate, location);
        blockCandidate.Block = block;
        blockCandidate = null;
        open.Push(block);
    }

    private void CloseBlock(SourceLocation location)
    {
        blockCandidate = null;
        if (open.Count == 1)
        {
            sink.Error(SyntaxDiagnosticCodes.ExtraCloseBrace, "Extra '}' found", location);
            return;
        }
        open.Pop();
    }

    public ConfigDocument Finish(IReadOnlyList<string> files)
    {
        if (open.Count > 1)
        {
            var innermost = open.Peek();
            sink.Error(SyntaxDiagnosticCodes.MissingCloseBrace,
                $"There are {open.Count - 1} missing '}}'s or extra '{{'s (the last unclosed '{{' belongs to '{innermost.Owner!.Keyword.Text}')",
                innermost.OpenBrace);
        }
        return new ConfigDocument(root.Statements.Select(s => s.Build()).ToList(), files.ToList());
    }

    /// <summary>keepalived's include_check_set(): no word = all checks; "+x"/"-x" add/remove; a bare word sets
    /// readable plus that check and is only allowed first. The words are read, match, wildcard_match, brace_match.</summary>
    private void ApplyIncludeCheck(IReadOnlyList<ConfigToken> words)
    {
        if (words.Count == 0)
        {
            setIncludeChecks(IncludeChecks.All);
            return;
        }
        var checks = getIncludeChecks();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i].Text;
            var mode = word.StartsWith('-') ? -1 : word.StartsWith('+') ? 1 : 0;
            var name = mode == 0 ? word : word[1..];
            if (mode == 0)
            {
                if (i != 0)
                {
                    sink.Error(SyntaxDiagnosticCodes.IncludeCheck, $"Duplicate include_check '{word}' specified - ignoring", words[i].Location);
                    continue;
                }
                checks = IncludeChecks.None;
            }
            var flag = name switch
            {
                "read" => IncludeChecks.Readable,
                "match" => IncludeChecks.Match,
                "wildcard_match" => IncludeChecks.WildcardMatch,
                "brace_match" => IncludeChecks.BraceMatch,
                _ => IncludeChecks.None,
            };
            if (flag == IncludeChecks.None)
            {
                sink.Error(SyntaxDiagnosticCodes.IncludeCheck, $"Unknown include_check type '{name}' - ignoring", words[i].Location);
                continue;
            }
            checks = mode switch
            {
                0 => IncludeChecks.Readable | flag,
                1 => checks | flag,
                _ => checks & ~flag,
            };
        }
        setIncludeChecks(checks);
    }
}
