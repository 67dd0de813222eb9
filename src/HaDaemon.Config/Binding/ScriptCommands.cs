using System.Text;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>
/// Builds a <see cref="ScriptCommand"/> from a <c>script</c>/<c>notify*</c>/<c>*_fifo_script</c> line the way
/// keepalived's notify_script_init does: the raw line is re-tokenised shell-like, word 1 is the command (split
/// again into argv), words 2 and 3 are the optional user and [:]group.
/// </summary>
internal static class ScriptCommands
{
    public static ScriptCommand? Parse(BindContext ctx, ConfigStatement st, string type)
    {
        var words = ShellWords.Split(st.RawArguments);
        if (words is null)
        {
            ctx.Error(st.RawArgumentsLocation, $"Unable to parse {type} script - missing terminating quote", "script-parse");
            return null;
        }
        if (words.Count == 0)
        {
            ctx.Error(st.Location, $"Configuration line starting `{st.Keyword.Text}` is missing a parameter after keyword `{st.Keyword.Text}` at word position 2", "missing-parameter");
            return null;
        }
        if (words.Count > 3)
        {
            ctx.Error(st.RawArgumentsLocation, $"Invalid user/group for {type} script {words[0]} - ignoring (quote the whole command)", "script-user");
            return null;
        }
        var argv = ShellWords.Split(words[0]);
        if (argv is null || argv.Count == 0)
        {
            ctx.Error(st.RawArgumentsLocation, $"Unable to parse script '{words[0]}' - ignoring", "script-parse");
            return null;
        }
        string? user = words.Count > 1 ? words[1] : null;
        string? group = words.Count > 2 ? words[2] : null;
        var supplementary = false;
        if (group is not null && group.StartsWith(':'))
        {
            supplementary = true;
            group = group[1..];
        }
        return new ScriptCommand(words[0], argv, user, group, supplementary, st.RawArgumentsLocation);
    }
}

/// <summary>
/// keepalived's alloc_strvec_quoted_escaped: whitespace separated words, '…' and "…" quote, adjacent parts join,
/// backslash escapes (\n \t \xXX \nnn …). Returns null for an unterminated quote.
/// </summary>
internal static class ShellWords
{
    public static List<string>? Split(string text)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t')
            {
                if (inWord)
                {
                    words.Add(sb.ToString());
                    sb.Clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    return null;
                }
                sb.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                i = Escape(text, i + 1, sb);
            }
            else
            {
                sb.Append(c);
            }
        }
        if (inWord)
        {
            words.Add(sb.ToString());
        }
        return words;
    }

    /// <summary>Appends the escape starting at <paramref name="i"/> (after the backslash); returns its last index.</summary>
    private static int Escape(string text, int i, StringBuilder sb)
    {
        var c = text[i];
        switch (c)
        {
            case 'a': sb.Append('\a'); return i;
            case 'b': sb.Append('\b'); return i;
            case 'E': sb.Append('\u001b'); return i;
            case 'f': sb.Append('\f'); return i;
            case 'n': sb.Append('\n'); return i;
            case 'r': sb.Append('\r'); return i;
            case 't': sb.Append('\t'); return i;
            case 'v': sb.Append('\v'); return i;
            case 'x':
                {
                    var j = i + 1;
                    var v = 0;
                    while (j < text.Length && j < i + 3 && Uri.IsHexDigit(text[j]))
                    {
                        v = v * 16 + Convert.ToInt32(text[j].ToString(), 16);
                        j++;
                    }
                    sb.Append((char)v);
                    return j - 1;
                }
            case 'c' when i + 1 < text.Length:
                sb.Append((char)(char.ToUpperInvariant(text[i + 1]) & 0x1f));
                return i + 1;
            case >= '0' and <= '7':
                {
                    var j = i;
                    var v = 0;
                    while (j < text.Length && j < i + 3 && text[j] is >= '0' and <= '7')
                    {
                        v = v * 8 + (text[j] - '0');
                        j++;
                    }
                    sb.Append((char)v);
                    return j - 1;
                }
            default:
                sb.Append(c);
                return i;
        }
    }
}
