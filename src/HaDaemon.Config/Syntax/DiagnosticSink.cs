using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Syntax;

/// <summary>Collects the reader's diagnostics in the order they were found.</summary>
internal sealed class DiagnosticSink
{
    private readonly List<Diagnostic> items = [];

    public IReadOnlyList<Diagnostic> Items => items;

    public void Report(Severity severity, string code, string message, SourceLocation location) =>
        items.Add(new Diagnostic(severity, code, message, location));

    public void Error(string code, string message, SourceLocation location) => Report(Severity.Error, code, message, location);
}
