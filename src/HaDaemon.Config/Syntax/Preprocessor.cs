using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Syntax;

/// <summary>
/// keepalived's <c>read_line()</c>: turns the files into logical lines. In order of priority a line comes from the
/// rest of a line split at a brace, from the newest pending ~SEQ/~LST replay, from the body of a multi-line
/// definition being expanded, or from the next physical line. Then, as in keepalived: multi-line definition bodies
/// are collected, <c>@ID</c>/<c>@^ID</c> lines are selected, <c>$NAME=</c> lines define, <c>~SEQ</c>/<c>~LST</c>
/// heads are queued, <c>$NAME</c>/<c>${NAME}</c> are expanded, and the line is cut at its first unquoted brace.
/// <c>include</c> is recognised on the physical line, before any of that (as keepalived's man page documents).
/// </summary>
internal sealed class Preprocessor : IDisposable
{
    /// <summary>keepalived's MAXBUF: an expanded line must stay below it.</summary>
    private const int MaxExpandedLength = 1024;

    /// <summary>Bound on expansions within one line; keepalived loops forever on "$A=$A" / "$A".</summary>
    private const int MaxExpansionsPerLine = 4096;

    /// <summary>Bound on nested multi-line expansions (a body that uses its own definition).</summary>
    private const int MaxMultilineNesting = 64;

    /// <summary>Bound on re-examining a line after expansion.</summary>
    private const int MaxExpansionPasses = 64;

    private readonly ConfigReadOptions options;
    private readonly DiagnosticSink sink;
    private readonly IncludeStack includes;
    private readonly Definitions definitions = new();
    private readonly List<SequenceBlock> sequences = [];
    private readonly Stack<(MultilineCursor Cursor, int SeqDepth)> multilineStack = new();
    private readonly string workingDirectory;
    private LocatedText? residue;

    /// <summary>
    /// How many times the rest of one source line has come back after a brace split. A line holds at most
    /// <see cref="MaxExpandedLength"/> characters, so more splits than that mean a definition that re-creates its
    /// own brace and use on every pass (<c>$A=},${A}</c>): without this bound it produced lines for ever.
    /// </summary>
    private int residueChain;
    private MultilineCursor? multiline;
    private int multilineSeqDepth;
    private Definition? collecting;
    private long generatedLines;
    private bool generatedLimitReported;

    public Preprocessor(ConfigReadOptions options, DiagnosticSink sink)
    {
        this.options = options;
        this.sink = sink;
        workingDirectory = Path.GetFullPath(options.WorkingDirectory ?? Directory.GetCurrentDirectory());
        includes = new IncludeStack(options.FileSystem, sink, Math.Max(1, options.MaxIncludeDepth)) { Checks = options.IncludeCheck };
        var random = options.Random ?? new Random();
        definitions.AddPredefined("_PWD", string.Empty, _ => CurrentDirectory(), 0, 0, numbersOnly: false);
        definitions.AddPredefined("_INSTANCE", string.Empty, _ => options.ConfigId ?? string.Empty, 0, 0, numbersOnly: false);
        definitions.AddPredefined("_RANDOM", string.Empty, p => Definitions.Random(random, p, m => sink.Error(SyntaxDiagnosticCodes.DefinitionError, m, CurrentSite)), 0, 2, numbersOnly: true);
        definitions.AddPredefined("_ENV", string.Empty, p => options.Environment(p ?? string.Empty) ?? string.Empty, 1, 1, numbersOnly: false);
        definitions.AddPredefined("_HASH", "#", null, 0, 0, numbersOnly: false);
        definitions.AddPredefined("_BANG", "!", null, 0, 0, numbersOnly: false);
    }

    /// <summary>A position in a multi-line definition's value, and where that definition was used.</summary>
    private sealed record MultilineCursor(string Value, int Position, SourceLocation UseSite);

    /// <summary>The include checks in force; an <c>include_check</c> keyword changes them while reading.</summary>
    public IncludeChecks IncludeCheck
    {
        get => includes.Checks;
        set => includes.Checks = value;
    }

    public IReadOnlyList<string> Files => includes.Files;

    /// <summary>Where errors about the line being processed are reported when no better place is known.</summary>
    private SourceLocation CurrentSite { get; set; }

    /// <summary>Opens the main file; keepalived treats its name as a pattern too and requires a readable match.</summary>
    public bool OpenMain(string path) =>
        includes.Open(path, IncludeChecks.Readable | IncludeChecks.Match | IncludeChecks.WildcardMatch, new SourceLocation(path, 0, 0), workingDirectory);

    /// <summary>Reads <paramref name="text"/> as the main file, named <paramref name="virtualPath"/>.</summary>
    public void OpenText(string text, string virtualPath) =>
        includes.OpenStream(virtualPath, Path.GetFullPath(virtualPath, workingDirectory), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>The next logical line, never empty; null at the end of the configuration.</summary>
    public LocatedText? Next()
    {
        while (true)
        {
            var raw = NextSourceLine();
            if (raw is null)
            {
                return null;
            }
            CurrentSite = raw.LocationAt(0);
            var line = Process(raw);
            if (line is null || line.Length == 0)
            {
                continue;
            }
            if (IsInclude(line.Text))
            {
                sink.Report(Severity.Warning, SyntaxDiagnosticCodes.IncludeNotDetected,
                    "include is only recognised at the start of a configuration line, not after conditional configuration, parameter substitution or a brace - ignoring",
                    line.LocationAt(0));
                continue;
            }
            return SplitAtBrace(line);
        }
    }

    private LocatedText? NextSourceLine()
    {
        if (residue is not null)
        {
            var r = residue;
            residue = null;
            if (++residueChain <= MaxExpandedLength)
            {
                return r;
            }
            sink.Error(SyntaxDiagnosticCodes.RecursiveDefinition,
                "Parameter substitution keeps producing braces on this line (recursive definition?) - ignoring the rest of it", r.LocationAt(0));
        }
        residueChain = 0;
        if (sequences.Count > 0 && sequences.Count > multilineSeqDepth)
        {
            var seq = sequences[^1];
            if (seq.Advance(definitions))
            {
                sequences.RemoveAt(sequences.Count - 1);
            }
            return CountGenerated() ? seq.Text : NextSourceLine();
        }
        if (multiline is { } cursor)
        {
            var end = cursor.Value.IndexOf('\n', cursor.Position);
            string text;
            if (end < 0)
            {
                text = cursor.Value[cursor.Position..];
                if (multilineStack.TryPop(out var outer))
                {
                    multiline = outer.Cursor;
                    multilineSeqDepth = outer.SeqDepth;
                }
                else
                {
                    multiline = null;
                    multilineSeqDepth = 0;
                }
            }
            else
            {
                text = cursor.Value[cursor.Position..end];
                multiline = cursor with { Position = end + 1 };
            }
            var site = cursor.UseSite;
            return CountGenerated() ? LocatedText.Uniform(site.File, site.Line, site.Column, text) : NextSourceLine();
        }
        return NextFileLine();
    }

    /// <summary>Counts a generated line; past the bound, drops every pending replay and expansion.</summary>
    private bool CountGenerated()
    {
        if (++generatedLines <= options.MaxGeneratedLines)
        {
            return true;
        }
        if (!generatedLimitReported)
        {
            generatedLimitReported = true;
            sink.Error(SyntaxDiagnosticCodes.GeneratedLinesLimit,
                $"~SEQ/~LST and multi-line definitions produced more than {options.MaxGeneratedLines} lines - ignoring the rest of them", CurrentSite);
        }
        sequences.Clear();
        multilineStack.Clear();
        multiline = null;
        multilineSeqDepth = 0;
        return false;
    }

    /// <summary>The next non-blank, decommented physical line that is not an include (includes are opened here).</summary>
    private LocatedText? NextFileLine()
    {
        while (true)
        {
            if (includes.ReadLine() is not { } read)
            {
                return null;
            }
            var (outcome, text, file, lineNo) = read;
            var location = new SourceLocation(file, lineNo, 1);
            switch (outcome)
            {
                case PhysicalLineReader.Outcome.TooLong:
                    sink.Error(SyntaxDiagnosticCodes.LineTooLong, "line too long - ignoring", location);
                    text = string.Empty;
                    break;
                case PhysicalLineReader.Outcome.EmbeddedNul:
                    sink.Error(SyntaxDiagnosticCodes.EmbeddedNul, "configuration appears to have embedded NULs - ignoring line", location);
                    text = string.Empty;
                    break;
            }
            if (text.Length == 0)
            {
                // Only a really empty line ends a multi-line definition; a comment line does not.
                EndCollecting();
                continue;
            }
            var line = Decomment(LocatedText.FromPhysical(file, lineNo, text));
            if (line.Length == 0)
            {
                continue;
            }
            if (collecting is null && IsInclude(line.Text))
            {
                OpenInclude(line);
                continue;
            }
            return line;
        }
    }

    private LocatedText Decomment(LocatedText line)
    {
        var result = Decommenter.Decomment(line);
        if (result.UnterminatedQuote)
        {
            sink.Error(SyntaxDiagnosticCodes.UnterminatedQuote, $"Unterminated quote '{result.Text.Text}'", result.Text.LocationAt(0));
        }
        return result.Text;
    }

    private void EndCollecting()
    {
        if (collecting is not null && collecting.Value.Length == 0)
        {
            collecting.Multiline = false;
        }
        collecting = null;
    }

    /// <summary>keepalived's is_include(): "include" followed by white space, or "includer|m|w|b|a" and white space.</summary>
    internal static bool IsInclude(string line)
    {
        if (!line.StartsWith("include", StringComparison.Ordinal) || line.Length < 8)
        {
            return false;
        }
        if (char.IsWhiteSpace(line[7]))
        {
            return true;
        }
        return line.Length > 8 && char.IsWhiteSpace(line[8]) && line[7] is 'r' or 'm' or 'w' or 'b' or 'a';
    }

    private void OpenInclude(LocatedText line)
    {
        var text = line.Text;
        IncludeChecks type;
        int p;
        if (char.IsWhiteSpace(text[7]))
        {
            type = IncludeChecks.None;
            p = 8;
        }
        else
        {
            p = 9;
            type = text[7] switch
            {
                'r' => IncludeChecks.Readable,
                'a' => IncludeChecks.All,
                'w' => IncludeChecks.Readable | IncludeChecks.Match | IncludeChecks.WildcardMatch,
                'm' => IncludeChecks.Readable | IncludeChecks.Match,
                _ => IncludeChecks.Readable | IncludeChecks.BraceMatch,
            };
        }
        while (p < text.Length && LocatedText.IsBlank(text[p]))
        {
            p++;
        }
        includes.Open(text[p..], type, line.LocationAt(Math.Min(p, text.Length)), workingDirectory);
    }

    private string CurrentDirectory() =>
        includes.Current is { } cur ? Path.GetDirectoryName(cur.FullPath) ?? workingDirectory : workingDirectory;

    /// <summary>The middle of read_line(): definitions, conditionals, sequences and expansion. Null = nothing left.</summary>
    private LocatedText? Process(LocatedText buf)
    {
        if (collecting is not null)
        {
            Collect(buf.Text);
            return null;
        }
        if (buf.Length == 0)
        {
            return null;
        }
        // After an expansion the line is examined again (it may now start with '@', define a parameter or be a
        // ~SEQ head). keepalived 2.2.7 and its man page do this; HEAD's refactoring (67333835, 2025) turned the
        // re-check loop into a "continue" inside "do { } while (false)", which silently stopped it - we keep the
        // documented behaviour.
        for (var pass = 0; ; pass++)
        {
            if (buf[0] == '@')
            {
                buf = SelectConditional(buf);
                if (buf.Length == 0)
                {
                    return null;
                }
            }
            if (buf[0] == '$' && definitions.TryDefine(buf.Text) is { } def)
            {
                if (def.Multiline)
                {
                    collecting = def;
                }
                return null;
            }
            if (buf.Text.StartsWith("~SEQ", StringComparison.Ordinal) || buf.Text.StartsWith("~LST", StringComparison.Ordinal))
            {
                AddSequence(buf);
                return null;
            }
            if (buf[0] == '~' || !buf.Text.Contains('$'))
            {
                return buf;
            }
            var (changed, expanded) = Expand(buf);
            if (!changed)
            {
                return expanded;
            }
            buf = Decomment(expanded);
            if (buf.Length == 0 || !(buf[0] == '@' || buf.Text.Contains('$')))
            {
                return buf;
            }
            if (pass >= MaxExpansionPasses)
            {
                sink.Error(SyntaxDiagnosticCodes.RecursiveDefinition,
                    $"Parameter substitution on line '{buf.Text}' does not terminate (recursive definition?) - stopping", buf.LocationAt(0));
                return buf;
            }
        }
    }

    /// <summary>Adds a line to the multi-line definition being collected; a line not ending in '\' is its last.</summary>
    private void Collect(string text)
    {
        var def = collecting!;
        var more = text.EndsWith('\\');
        if (more)
        {
            text = text[..^1].TrimEnd(' ', '\t') + "\n";
        }
        else
        {
            EndCollecting();
        }
        // A line holding only "\" adds nothing.
        if (text.Length >= 2 || (text.Length > 0 && !more))
        {
            def.Value += text;
        }
    }

    /// <summary>"@ID rest" keeps "rest" when ID is the config id, "@^ID rest" when it is not; a lone "@ID" is dropped.</summary>
    private LocatedText SelectConditional(LocatedText buf)
    {
        var text = buf.Text;
        var negate = text.Length > 1 && text[1] == '^';
        var idStart = negate ? 2 : 1;
        var idEnd = text.IndexOfAny([' ', '\t'], Math.Min(idStart, text.Length));
        if (idEnd < 0)
        {
            return buf.Slice(0, 0);
        }
        var matches = options.ConfigId is { } id && text.AsSpan(idStart, idEnd - idStart).SequenceEqual(id);
        if (matches == negate)
        {
            return buf.Slice(0, 0);
        }
        var rest = idEnd;
        while (rest < text.Length && LocatedText.IsBlank(text[rest]))
        {
            rest++;
        }
        return buf.Slice(rest);
    }

    private void AddSequence(LocatedText buf)
    {
        var reported = false;
        void Error(string message)
        {
            reported = true;
            sink.Error(SyntaxDiagnosticCodes.SequenceError, message, buf.LocationAt(0));
        }
        SequenceBlock? block;
        if (buf[1] == 'S')
        {
            block = SequenceParser.ParseSeq(buf, ExpandSeqArguments, Error);
            if (block is null && !reported)
            {
                Error($"Invalid ~SEQ specification '{buf.Text}'");
            }
        }
        else
        {
            block = SequenceParser.ParseLst(buf, Error);
            if (block is null && !reported)
            {
                Error($"Invalid ~LST specification '{buf.Text}'");
            }
        }
        if (block is not null)
        {
            sequences.Add(block);
        }
    }

    /// <summary>Expands parameters in ~SEQ arguments; null when a multi-line definition was used there.</summary>
    private string? ExpandSeqArguments(string arguments)
    {
        MultilineCursor? local = null;
        var (_, expanded) = ExpandInto(LocatedText.Uniform(CurrentSite.File, CurrentSite.Line, CurrentSite.Column, arguments),
            (3 * 20) + 3 + 1, ref local, saveOuter: false);
        return local is null ? expanded.Text : null;
    }

    private (bool Changed, LocatedText Text) Expand(LocatedText buf) => ExpandInto(buf, MaxExpandedLength, ref multiline, saveOuter: true);

    /// <summary>
    /// keepalived's replace_param(): replaces every use of a definition, rescanning replaced text (so expansion is
    /// recursive and lazy); a multi-line definition contributes its first line here and leaves the rest in
    /// <paramref name="cursor"/>; a value starting with '~' stops the scan so the line can be a ~SEQ/~LST head.
    /// </summary>
    private (bool Changed, LocatedText Text) ExpandInto(LocatedText buf, int maxLength, ref MultilineCursor? cursor, bool saveOuter)
    {
        var position = 0;
        var found = false;
        var pending = cursor;
        var current = cursor;
        var expansions = 0;
        while (true)
        {
            position = buf.Text.IndexOf('$', position);
            if (position < 0 || position + 1 >= buf.Length)
            {
                break;
            }
            var use = definitions.FindUse(buf.Text, position, m => sink.Error(SyntaxDiagnosticCodes.DefinitionError, m, buf.LocationAt(position)));
            if (use is not { } u)
            {
                position++;
                continue;
            }
            if (++expansions > MaxExpansionsPerLine)
            {
                sink.Error(SyntaxDiagnosticCodes.RecursiveDefinition,
                    $"Parameter substitution on line '{buf.Text}' does not terminate (recursive definition?) - stopping", buf.LocationAt(position));
                return (false, buf);
            }
            found = true;
            pending = current;
            var def = u.Definition;
            var site = buf.LocationAt(position);
            if (def.Multiline)
            {
                if (current is not null && saveOuter)
                {
                    if (multilineStack.Count >= MaxMultilineNesting)
                    {
                        sink.Error(SyntaxDiagnosticCodes.RecursiveDefinition,
                            $"Multi-line definition ${def.Name} nested more than {MaxMultilineNesting} deep (recursive definition?) - stopping", site);
                        multilineStack.Clear();
                        cursor = null;
                        multilineSeqDepth = 0;
                        return (false, buf.Slice(0, 0));
                    }
                    multilineStack.Push((current, multilineSeqDepth));
                }
                multilineSeqDepth = sequences.Count;
            }
            var value = definitions.ValueOf(u);
            string replacement;
            if (def.Multiline)
            {
                var firstEnd = value.IndexOf('\n');
                replacement = firstEnd < 0 ? value : value[..firstEnd];
                pending = firstEnd < 0 || firstEnd + 1 > value.Length ? null : new MultilineCursor(value, firstEnd + 1, site);
                current = pending;
            }
            else
            {
                replacement = value;
            }
            if (buf.Length + replacement.Length - u.Length >= maxLength)
            {
                sink.Error(SyntaxDiagnosticCodes.SubstitutionTooLong, $"Parameter substitution on line '{buf.Text}' would exceed maximum line length", site);
                return (false, buf);
            }
            buf = buf.Replace(position, u.Length, replacement);
            if (replacement.Length > 0 && value.TrimStart(' ', '\t').StartsWith('~'))
            {
                break;
            }
        }
        if (found)
        {
            cursor = pending;
        }
        return (found, buf);
    }

    /// <summary>
    /// Cuts the line at its first '{' or '}' outside double quotes: the text before it is this logical line and the
    /// brace with the rest becomes the next one (a brace at the start is a line of its own).
    /// </summary>
    private LocatedText SplitAtBrace(LocatedText buf)
    {
        var text = buf.Text;
        var p = 0;
        if (text[0] is not ('{' or '}'))
        {
            p = -1;
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c is '{' or '}')
                {
                    p = i;
                    break;
                }
                if (c == '"')
                {
                    var close = text.IndexOf('"', i + 1);
                    if (close < 0)
                    {
                        break;
                    }
                    i = close + 1;
                    continue;
                }
                i++;
            }
        }
        if (p >= 0)
        {
            var skip = 0;
            if (p == 0)
            {
                skip = 1;
                while (skip < text.Length && LocatedText.IsBlank(text[skip]))
                {
                    skip++;
                }
            }
            if (p + skip < text.Length)
            {
                residue = buf.Slice(p + skip).TrimEndBlanks();
                buf = buf.Slice(0, p + skip);
            }
        }
        return buf.TrimEndBlanks();
    }

    public void Dispose() => includes.Dispose();
}
