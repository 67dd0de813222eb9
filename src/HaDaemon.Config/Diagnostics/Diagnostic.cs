namespace HaDaemon.Config.Diagnostics;

public enum Severity
{
    Info,
    Warning,
    Error,
    /// <summary>keepalived would refuse to run with this (missing file, non-existent interface, CONFIG_FATAL).</summary>
    Fatal,
}

/// <summary>A position in a configuration file, 1-based. Survives includes and $VAR/~SEQ expansion.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// A problem found in a configuration, as a value: the parser never throws for bad input.
/// <see cref="Code"/> is stable (e.g. "unknown-keyword") so that tests and tools can match on it.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Code, string Message, SourceLocation Location)
{
    /// <summary>The "file:line:col: severity: message" form printed by <c>hadaemon -t</c>.</summary>
    public override string ToString() => $"{Location}: {Severity.ToString().ToLowerInvariant()}: {Message}";
}
