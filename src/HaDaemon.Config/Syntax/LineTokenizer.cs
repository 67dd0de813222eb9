namespace HaDaemon.Config.Syntax;

/// <summary>
/// keepalived's generic tokenizer (<c>alloc_strvec_r</c>): words are separated by white space; a word that starts
/// with <c>"</c> runs to the next <c>"</c> (quotes removed, white space kept, no escapes); a <c>"</c> inside a word
/// ends it. An unmatched opening quote stops tokenizing: the words before it are kept.
/// </summary>
internal static class LineTokenizer
{
    public readonly record struct Result(IReadOnlyList<ConfigToken> Tokens, int? UnmatchedQuoteIndex, int RawArgumentsStart);

    public static Result Tokenize(LocatedText line)
    {
        var tokens = new List<ConfigToken>();
        int? unmatched = null;
        var rawStart = line.Length;
        var text = line.Text;
        var i = 0;
        while (true)
        {
            while (i < text.Length && LocatedText.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (tokens.Count == 1 && rawStart == line.Length)
            {
                rawStart = i;
            }
            if (i >= text.Length)
            {
                break;
            }
            if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    unmatched = i;
                    break;
                }
                tokens.Add(new ConfigToken(text[(i + 1)..close], line.LocationAt(i), Quoted: true));
                i = close + 1;
                continue;
            }
            var start = i;
            while (i < text.Length && !LocatedText.IsWhiteSpace(text[i]) && text[i] != '"')
            {
                i++;
            }
            tokens.Add(new ConfigToken(text[start..i], line.LocationAt(start)));
        }
        return new Result(tokens, unmatched, rawStart);
    }
}
