using System.Text;

namespace HaDaemon.Config.Syntax;

/// <summary>A script command line as keepalived runs it: argv plus the optional run-as user and group.</summary>
/// <param name="Arguments">argv; Arguments[0] is the program.</param>
/// <param name="User">The word after the script string, if any.</param>
/// <param name="Group">The group after the user, without a leading ':' (null when absent or only ":").</param>
/// <param name="SetSupplementaryGroups">The group word started with ':' (keepalived then sets the user's supplementary groups).</param>
public sealed record ScriptCommand(IReadOnlyList<string> Arguments, string? User, string? Group, bool SetSupplementaryGroups);

/// <summary>The outcome of <see cref="ScriptStringTokenizer.ParseCommand"/>: a command, or why there is none.</summary>
public sealed record ScriptCommandParse(ScriptCommand? Command, string? Error);

/// <summary>
/// keepalived's shell-like tokenizer for script strings (<c>alloc_strvec_quoted_escaped_common</c> in lib/parser.c),
/// used for <c>script</c>, <c>notify*</c>, <c>*_fifo_script</c>, <c>misc_path</c> and similar keywords: words are
/// separated by white space, <c>'…'</c> and <c>"…"</c> both quote, quoted and unquoted parts next to each other make
/// one word (<c>ab"c d"e</c> → <c>abc de</c>), and a backslash escapes the next character — also inside either kind
/// of quote. With escapes on, <c>\a \b \E \f \n \r \t \v</c>, <c>\nnn</c> (octal, up to 3 digits), <c>\xXX</c> (hex, up
/// to 2 digits) and <c>\cC</c> (control character) are translated and any other <c>\C</c> gives C; with escapes off
/// the backslash and the character are both kept (so a second pass can translate them).
/// </summary>
public static class ScriptStringTokenizer
{
    /// <summary>Splits <paramref name="text"/>; null with <paramref name="error"/> set on a missing closing quote or a
    /// trailing backslash; null without error when there is no word at all.</summary>
    public static IReadOnlyList<string>? Split(string text, bool escapes, out string? error)
    {
        error = null;
        var words = new List<string>();
        var word = new StringBuilder();
        var i = 0;
        while (true)
        {
            while (i < text.Length && LocatedText.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i >= text.Length)
            {
                break;
            }
            word.Clear();
            var quote = '\0';
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\\')
                {
                    if (++i >= text.Length)
                    {
                        error = $"Missing escape char at end: '{text}'";
                        return null;
                    }
                    if (escapes)
                    {
                        word.Append(Unescape(text, ref i));
                    }
                    else
                    {
                        word.Append('\\').Append(text[i++]);
                    }
                    continue;
                }
                if (quote != '\0')
                {
                    i++;
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                    else
                    {
                        word.Append(c);
                    }
                    continue;
                }
                if (c is '"' or '\'')
                {
                    quote = c;
                    i++;
                    continue;
                }
                if (LocatedText.IsWhiteSpace(c))
                {
                    break;
                }
                word.Append(c);
                i++;
            }
            if (quote != '\0')
            {
                error = $"String '{text}': missing terminating {quote}";
                return null;
            }
            // keepalived copies the word with strndup(), so an escaped NUL ends it.
            var s = word.ToString();
            var nul = s.IndexOf('\0', StringComparison.Ordinal);
            words.Add(nul < 0 ? s : s[..nul]);
        }
        return words.Count == 0 ? null : words;
    }

    /// <summary>Translates the escape whose character is at <paramref name="i"/> (just after the backslash).</summary>
    private static char Unescape(string text, ref int i)
    {
        var c = text[i];
        if (c == 'x' && i + 1 < text.Length && Uri.IsHexDigit(text[i + 1]))
        {
            i++;
            var value = 0;
            for (var n = 0; n < 2 && i < text.Length && Uri.IsHexDigit(text[i]); n++, i++)
            {
                value = (value << 4) | Uri.FromHex(text[i]);
            }
            return (char)value;
        }
        if (c == 'c' && i + 1 < text.Length)
        {
            i += 2;
            return (char)(text[i - 1] & 0x1f);
        }
        if (c is >= '0' and <= '7')
        {
            var value = 0;
            for (var n = 0; n < 3 && i < text.Length && text[i] is >= '0' and <= '7'; n++, i++)
            {
                value = (value << 3) + (text[i] - '0');
            }
            // keepalived accumulates in a char: "\777" wraps to 0xff.
            return (char)(value & 0xff);
        }
        i++;
        return c switch
        {
            'a' => '\a',
            'b' => '\b',
            'E' => '\u001b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\v',
            _ => c,
        };
    }

    /// <summary>
    /// Parses what follows a script keyword (<see cref="ConfigStatement.RawArguments"/>) the way keepalived's
    /// notify_script_init()/set_script_params_array() do: the line is first split with quotes but without escapes,
    /// its first word is the script string, split again with escapes into argv; the next words are
    /// <c>user [[:]group]</c>.
    /// </summary>
    public static ScriptCommandParse ParseCommand(string rawArguments)
    {
        var words = Split(rawArguments, escapes: false, out var error);
        if (words is null)
        {
            return new ScriptCommandParse(null, error ?? "Missing script");
        }
        var argv = Split(words[0], escapes: true, out error);
        if (argv is null)
        {
            return new ScriptCommandParse(null, error ?? $"Unable to parse script '{words[0]}'");
        }
        var user = words.Count > 1 ? words[1] : null;
        var group = words.Count > 2 ? words[2] : null;
        var supplementary = false;
        if (group is not null && group.StartsWith(':'))
        {
            supplementary = true;
            group = group.Length > 1 ? group[1..] : null;
        }
        return new ScriptCommandParse(new ScriptCommand(argv, user, group, supplementary), null);
    }
}
