namespace HaDaemon.Cli;

/// <summary>The result of reading the command line: either run with options, or print something and exit.</summary>
public abstract record ParseOutcome
{
    private ParseOutcome() { }

    /// <summary>Run the daemon (or <c>-t</c>). <paramref name="Warnings"/> are printed to stderr first.</summary>
    public sealed record Run(CommandLineOptions Options, IReadOnlyList<string> Warnings) : ParseOutcome;

    /// <summary>Print <paramref name="Text"/> (to stdout or stderr as keepalived does) and exit with the code.</summary>
    public sealed record Exit(int ExitCode, string Text, bool ToStdout) : ParseOutcome;
}
