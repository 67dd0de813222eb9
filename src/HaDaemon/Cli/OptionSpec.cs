namespace HaDaemon.Cli;

/// <summary>Whether an option takes a value, in getopt_long's terms.</summary>
public enum ArgumentKind
{
    None,
    /// <summary>Value attached (<c>-fFILE</c>, <c>--use-file=FILE</c>) or the next word.</summary>
    Required,
    /// <summary>Value only when attached (<c>-tFILE</c>, <c>--config-test=FILE</c>), as getopt's <c>t::</c>.</summary>
    Optional,
}

/// <summary>One keepalived option: its short letter and/or long name, and what reading it does.</summary>
public sealed record OptionSpec(char? Short, string? Long, ArgumentKind Argument, Action<ParseState, string?> Apply)
{
    /// <summary>How the option was written, for messages: <c>-f (--use-file)</c>.</summary>
    public string Display => (Short, Long) switch
    {
        ({ } s, { } l) => $"-{s} (--{l})",
        ({ } s, null) => $"-{s}",
        _ => $"--{Long}",
    };
}

/// <summary>The parser's accumulating state; <see cref="OptionSpec.Apply"/> actions write into it.</summary>
public sealed class ParseState
{
    public CommandLineOptions Options { get; set; } = new();
    public List<string> Errors { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<string> Notes { get; } = [];
    /// <summary>The option being applied, so that shared actions can name it in messages.</summary>
    public OptionSpec? Current { get; set; }
    /// <summary>Set by -h, -v and --signum: stop reading and exit at once, as keepalived does.</summary>
    public ParseOutcome.Exit? Immediate { get; set; }
}
