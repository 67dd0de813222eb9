using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Syntax;

/// <summary>The syntax tree of a configuration and everything the reader had to say about it.</summary>
public sealed record ConfigReadResult(ConfigDocument Document, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Whether keepalived would refuse to start (e.g. the main file is missing, or a checked include failed).</summary>
    public bool HasFatal => Diagnostics.Any(d => d.Severity == Severity.Fatal);
}
