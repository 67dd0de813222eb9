namespace HaDaemon.Config.Syntax;

/// <summary>Stable <see cref="Diagnostics.Diagnostic.Code"/> values produced by the reader.</summary>
public static class SyntaxDiagnosticCodes
{
    public const string FileNotFound = "config-file-not-found";
    public const string LineTooLong = "line-too-long";
    public const string EmbeddedNul = "embedded-nul";
    public const string ReadError = "read-error";
    public const string UnterminatedQuote = "unterminated-quote";
    public const string UnmatchedQuote = "unmatched-quote";
    public const string UnexpectedOpenBrace = "unexpected-open-brace";
    public const string ExtraCloseBrace = "extra-close-brace";
    public const string MissingCloseBrace = "missing-close-brace";
    public const string IncludeMissing = "include-missing";
    public const string IncludeNoMatch = "include-no-match";
    public const string IncludeUnreadable = "include-unreadable";
    public const string IncludeLoop = "include-loop";
    public const string IncludeTooDeep = "include-too-deep";
    public const string IncludeNotDetected = "include-not-detected";
    public const string IncludeCheck = "include-check";
    public const string DefinitionError = "definition-error";
    public const string SubstitutionTooLong = "substitution-too-long";
    public const string RecursiveDefinition = "recursive-definition";
    public const string SequenceError = "sequence-error";
    public const string GeneratedLinesLimit = "generated-lines-limit";
    public const string ScriptSyntax = "script-syntax";
}
