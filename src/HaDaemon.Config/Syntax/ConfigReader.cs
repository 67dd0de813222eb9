using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Syntax;

/// <summary>
/// Reads a keepalived.conf into a syntax tree, exactly as keepalived's lib/parser.c would split it, with every token's
/// file:line:column. Never throws for bad input: every problem is a <see cref="Diagnostic"/> in the result.
/// </summary>
/// <remarks>
/// Positions: lines are physical lines (1-based) of the file the text came from; columns count characters
/// (UTF-16 code units, 1-based, a tab is one column) on that physical line. Text produced by <c>$NAME</c> or
/// <c>${NAME}</c> takes the column of the <c>$</c>; lines replayed by <c>~SEQ</c>/<c>~LST</c> keep the line and
/// columns of the template on the ~SEQ/~LST line; lines of a multi-line definition take the position of the
/// <c>$NAME</c> that used it. Errors about a whole file (missing main file) use line 0, column 0.
/// </remarks>
public static class ConfigReader
{
    /// <summary>Longest physical line keepalived accepts, in bytes without the '\n' (its buffer is 1024 bytes).</summary>
    public const int MaxLineLength = PhysicalLineReader.MaxLineLength;

    /// <summary>Reads the main configuration file (a glob pattern for keepalived too) and everything it includes.</summary>
    public static ConfigReadResult ReadFile(string path, ConfigReadOptions options)
    {
        var sink = new DiagnosticSink();
        using var pre = new Preprocessor(options, sink);
        if (!pre.OpenMain(path))
        {
            sink.Report(Severity.Fatal, SyntaxDiagnosticCodes.FileNotFound, $"Failed to open configuration file '{path}'", new SourceLocation(path, 0, 0));
            return new ConfigReadResult(new ConfigDocument([], []), sink.Items.ToList());
        }
        return Build(pre, sink);
    }

    /// <summary>Reads configuration text as if it were the file <paramref name="virtualPath"/> (includes are
    /// resolved against its directory through <see cref="ConfigReadOptions.FileSystem"/>).</summary>
    public static ConfigReadResult ReadText(string text, string virtualPath, ConfigReadOptions options)
    {
        var sink = new DiagnosticSink();
        using var pre = new Preprocessor(options, sink);
        pre.OpenText(text, virtualPath);
        return Build(pre, sink);
    }

    private static ConfigReadResult Build(Preprocessor pre, DiagnosticSink sink)
    {
        var tree = new TreeBuilder(sink, () => pre.IncludeCheck, c => pre.IncludeCheck = c);
        while (pre.Next() is { } line)
        {
            tree.Add(line);
        }
        var document = tree.Finish(pre.Files);
        return new ConfigReadResult(document, sink.Items.ToList());
    }
}
