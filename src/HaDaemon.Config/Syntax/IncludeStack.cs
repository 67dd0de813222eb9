using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Syntax;

/// <summary>
/// keepalived's include_file_t stack: each entry is one <c>include</c> (or the main file) with the files its
/// pattern matched, the one being read, and the include_check value to restore when it is done.
/// </summary>
internal sealed class IncludeStack : IDisposable
{
    private readonly Stack<Frame> frames = new();
    private readonly IConfigFileSystem fs;
    private readonly DiagnosticSink sink;
    private readonly int maxDepth;

    public IncludeStack(IConfigFileSystem fs, DiagnosticSink sink, int maxDepth)
    {
        this.fs = fs;
        this.sink = sink;
        this.maxDepth = maxDepth;
    }

    /// <summary>The include checks in force (keepalived's global include_check).</summary>
    public IncludeChecks Checks { get; set; }

    /// <summary>Every file opened, in order, as displayed in locations.</summary>
    public List<string> Files { get; } = [];

    /// <summary>The file being read: its name as shown in locations and its absolute path.</summary>
    public (string Display, string FullPath)? Current =>
        frames.TryPeek(out var f) && f.Reader is not null ? (f.CurrentDisplay, f.CurrentFull) : null;

    private sealed class Frame
    {
        public required IncludeChecks Type { get; init; }
        public required IncludeChecks SavedChecks { get; init; }
        public required SourceLocation Site { get; init; }
        public required List<(string Display, string Full)> Matches { get; init; }
        public int Next { get; set; }
        public PhysicalLineReader? Reader { get; set; }
        public string CurrentDisplay { get; set; } = string.Empty;
        public string CurrentFull { get; set; } = string.Empty;
    }

    /// <summary>
    /// keepalived's open_glob_file(): expands <paramref name="pattern"/> relative to the directory of the file being
    /// read and opens its first readable match. Returns false (after reporting) when nothing could be opened.
    /// </summary>
    public bool Open(string pattern, IncludeChecks type, SourceLocation site, string workingDirectory)
    {
        var (baseDisplay, baseFull) = Current is { } cur
            ? (Path.GetDirectoryName(cur.Display) ?? string.Empty, Path.GetDirectoryName(cur.FullPath) ?? workingDirectory)
            : (string.Empty, workingDirectory);
        if (frames.Count >= maxDepth)
        {
            sink.Error(SyntaxDiagnosticCodes.IncludeTooDeep, $"Includes nested more than {maxDepth} deep - skipping '{pattern}'", site);
            return false;
        }

        var glob = Glob.Expand(pattern, baseFull, fs);
        var effective = Checks | type;
        if (glob.Matches.Count == 0)
        {
            if (glob.MissingFiles > 0 || glob.MissingDirectories > 0)
            {
                FileError(effective, Glob.HasBrace(pattern) ? IncludeChecks.BraceMatch : IncludeChecks.Match,
                    SyntaxDiagnosticCodes.IncludeMissing, $"Config files missing '{pattern}'.", site);
            }
            else if (glob.HaveWildcards && (effective & IncludeChecks.WildcardMatch) != 0)
            {
                FileError(effective, IncludeChecks.WildcardMatch, SyntaxDiagnosticCodes.IncludeNoMatch, $"No config files matched '{pattern}'.", site);
            }
            return false;
        }
        if (glob.MissingFiles > 0 || glob.MissingDirectories > 0)
        {
            FileError(effective, IncludeChecks.BraceMatch, SyntaxDiagnosticCodes.IncludeMissing, $"Some config files missing: \"{pattern}\".", site);
            if ((effective & IncludeChecks.BraceMatch) != 0)
            {
                return false;
            }
        }

        var frame = new Frame
        {
            Type = type,
            SavedChecks = Checks,
            Site = site,
            Matches = glob.Matches.Select(m => (Combine(baseDisplay, m), Path.GetFullPath(m, baseFull))).ToList(),
        };
        frames.Push(frame);
        if (OpenNextMatch(frame))
        {
            return true;
        }
        frames.Pop();
        return false;
    }

    /// <summary>Reads an in-memory main file (no pattern, no checks).</summary>
    public void OpenStream(string display, string full, Stream stream)
    {
        frames.Push(new Frame
        {
            Type = IncludeChecks.None,
            SavedChecks = Checks,
            Site = new SourceLocation(display, 0, 0),
            Matches = [],
            Reader = new PhysicalLineReader(stream),
            CurrentDisplay = display,
            CurrentFull = full,
        });
        Files.Add(display);
    }

    /// <summary>The next physical line of the current file, moving on to further matches and popping finished
    /// includes. Null when every file is done.</summary>
    public (PhysicalLineReader.Outcome Outcome, string Text, string File, int Line)? ReadLine()
    {
        while (frames.TryPeek(out var frame))
        {
            var reader = frame.Reader!;
            PhysicalLineReader.Outcome outcome;
            string text;
            try
            {
                outcome = reader.Next(out text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                sink.Error(SyntaxDiagnosticCodes.ReadError, $"Error reading configuration file '{frame.CurrentDisplay}' ({e.Message}) - skipping the rest",
                    new SourceLocation(frame.CurrentDisplay, reader.LineNumber + 1, 1));
                outcome = PhysicalLineReader.Outcome.EndOfFile;
                text = string.Empty;
            }
            if (outcome != PhysicalLineReader.Outcome.EndOfFile)
            {
                return (outcome, text, frame.CurrentDisplay, reader.LineNumber);
            }
            EndFile(frame);
            if (!OpenNextMatch(frame))
            {
                frames.Pop();
            }
        }
        return null;
    }

    private void EndFile(Frame frame)
    {
        frame.Reader?.Dispose();
        frame.Reader = null;
        // A file cannot change the include checks of the file that included it.
        Checks = frame.SavedChecks;
    }

    /// <summary>keepalived's open_conf_file(): skips directories, non-regular or executable files and unopenable ones.</summary>
    private bool OpenNextMatch(Frame frame)
    {
        var effective = Checks | frame.Type;
        while (frame.Next < frame.Matches.Count)
        {
            var (display, full) = frame.Matches[frame.Next++];
            if (display.EndsWith('/'))
            {
                FileError(effective, IncludeChecks.Readable, SyntaxDiagnosticCodes.IncludeUnreadable,
                    $"Configuration file '{display}' is a directory - skipping", frame.Site);
                continue;
            }
            if (fs.GetKind(full) != ConfigFileKind.RegularFile)
            {
                FileError(effective, IncludeChecks.Readable, SyntaxDiagnosticCodes.IncludeUnreadable,
                    $"Configuration file '{display}' is not a regular non-executable file - skipping", frame.Site);
                continue;
            }
            if (frames.Any(f => f != frame && f.Reader is not null && string.Equals(f.CurrentFull, full, StringComparison.Ordinal)))
            {
                sink.Error(SyntaxDiagnosticCodes.IncludeLoop, $"Configuration file '{display}' includes itself (include loop) - skipping", frame.Site);
                continue;
            }
            Stream stream;
            try
            {
                stream = fs.OpenRead(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                FileError(effective, IncludeChecks.Readable, SyntaxDiagnosticCodes.IncludeUnreadable,
                    $"Configuration file '{display}' open problem ({e.Message}) - skipping", frame.Site);
                continue;
            }
            frame.Reader = new PhysicalLineReader(stream);
            frame.CurrentDisplay = display;
            frame.CurrentFull = full;
            Files.Add(display);
            return true;
        }
        return false;
    }

    /// <summary>keepalived's file_config_error(): an error only when the check it belongs to is in force (then
    /// keepalived refuses to run), otherwise just logged.</summary>
    private void FileError(IncludeChecks effective, IncludeChecks errorType, string code, string message, SourceLocation site)
    {
        var severity = (effective & errorType) != 0 ? Severity.Fatal : Severity.Info;
        sink.Report(severity, code, message, site);
    }

    private static string Combine(string baseDisplay, string match) =>
        Path.IsPathRooted(match) || baseDisplay.Length == 0 ? match : Path.Join(baseDisplay, match);

    public void Dispose()
    {
        foreach (var frame in frames)
        {
            frame.Reader?.Dispose();
        }
        frames.Clear();
    }
}
