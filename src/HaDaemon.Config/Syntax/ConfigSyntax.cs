using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Syntax;

/// <summary>One whitespace-separated word of a logical line (double quotes already removed).</summary>
public sealed record ConfigToken(string Text, SourceLocation Location, bool Quoted = false);

/// <summary>
/// One logical line: a keyword and its arguments, plus the block that followed it when the next logical line
/// was "{". keepalived decides per keyword whether a block is expected; the tree records what the text said and
/// the binder reports "Missing '{'" or "Unexpected '{'" where the two disagree.
/// </summary>
public sealed record ConfigStatement(
    ConfigToken Keyword,
    IReadOnlyList<ConfigToken> Arguments,
    /// <summary>The line's text after the keyword, before generic tokenising, for the shell-like re-tokenising
    /// of script strings (<c>script</c>, <c>notify*</c>, <c>*_fifo_script</c>, <c>process</c>).</summary>
    string RawArguments,
    SourceLocation RawArgumentsLocation,
    ConfigBlock? Block)
{
    public SourceLocation Location => Keyword.Location;
}

/// <summary>The statements between a "{" and its "}".</summary>
public sealed record ConfigBlock(SourceLocation Open, IReadOnlyList<ConfigStatement> Statements);

/// <summary>A whole configuration after includes, conditionals, parameters and sequences were applied.</summary>
public sealed record ConfigDocument(IReadOnlyList<ConfigStatement> Statements, IReadOnlyList<string> Files);
