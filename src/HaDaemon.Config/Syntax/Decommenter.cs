namespace HaDaemon.Config.Syntax;

/// <summary>
/// keepalived's <c>decomment()</c>: strips leading blanks, cuts the line at the first <c>#</c> or <c>!</c> that is
/// not inside double quotes (single quotes do not protect), turns <c>\#</c>/<c>\!</c> outside quotes into the
/// literal character, and strips trailing blanks — also those before a final <c>\</c>, which is kept (it only
/// means something for a <c>$NAME=</c> multi-line definition; elsewhere it stays part of the last word).
/// </summary>
internal static class Decommenter
{
    public readonly record struct Result(LocatedText Text, bool UnterminatedQuote);

    public static Result Decomment(LocatedText line)
    {
        var start = 0;
        while (start < line.Length && LocatedText.IsBlank(line[start]))
        {
            start++;
        }
        var text = line.Slice(start);

        var quote = false;
        var continuation = false;
        var backslashColumn = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                quote = !quote;
                i++;
                continue;
            }
            if (c == '\\')
            {
                if (i + 1 < text.Length)
                {
                    // Outside quotes "\#" and "\!" become the literal character; any other pair is left alone.
                    if (!quote && text[i + 1] is '#' or '!')
                    {
                        text = text.Remove(i, 1);
                        i++;
                    }
                    else
                    {
                        i += 2;
                    }
                    continue;
                }
                backslashColumn = text.ColumnAt(i);
                text = text.Slice(0, i);
                continuation = true;
                break;
            }
            if (!quote && c is '#' or '!')
            {
                text = text.Slice(0, i);
                break;
            }
            i++;
        }

        text = text.TrimEndBlanks();
        if (continuation)
        {
            text = text.Append('\\', backslashColumn);
        }
        return new Result(text, quote);
    }
}
