using System.Globalization;

namespace HaDaemon.Config.Syntax;

/// <summary>
/// One pending <c>~SEQ(var, start, step, end) text</c> or <c>~LST(vars, values…) text</c>: the text is replayed
/// once per value with the variable(s) defined. Several on one line nest: the text of the outer one starts with
/// the inner one, which is parsed again at each replay (keepalived keeps them on a stack and always advances the
/// newest).
/// </summary>
internal abstract class SequenceBlock
{
    protected SequenceBlock(LocatedText text)
    {
        Text = text;
    }

    /// <summary>The template text with the columns it had on the ~SEQ/~LST line.</summary>
    public LocatedText Text { get; }

    /// <summary>Defines the next value(s) and tells whether this was the last replay.</summary>
    public abstract bool Advance(Definitions definitions);
}

internal sealed class SeqBlock : SequenceBlock
{
    private readonly string variable;
    private readonly long step;
    private readonly long last;
    private readonly bool hex;
    private long next;

    public SeqBlock(string variable, long start, long step, long last, bool hex, LocatedText text)
        : base(text)
    {
        this.variable = variable;
        next = start;
        this.step = step;
        this.last = last;
        this.hex = hex;
    }

    public override bool Advance(Definitions definitions)
    {
        definitions.Set(variable, hex ? next.ToString("x", CultureInfo.InvariantCulture) : next.ToString(CultureInfo.InvariantCulture));
        long following;
        try
        {
            following = checked(next + step);
        }
        catch (OverflowException)
        {
            return true;
        }
        next = following;
        return (step > 0 && next > last) || (step < 0 && next < last);
    }
}

internal sealed class LstBlock : SequenceBlock
{
    private readonly IReadOnlyList<string> variables;
    private readonly IReadOnlyList<IReadOnlyList<string>> valueSets;
    private int index;

    public LstBlock(IReadOnlyList<string> variables, IReadOnlyList<IReadOnlyList<string>> valueSets, LocatedText text)
        : base(text)
    {
        this.variables = variables;
        this.valueSets = valueSets;
    }

    public override bool Advance(Definitions definitions)
    {
        var values = valueSets[index++];
        for (var i = 0; i < variables.Count; i++)
        {
            definitions.Set(variables[i], values[i]);
        }
        return index >= valueSets.Count;
    }
}

/// <summary>Parsers for the ~SEQ and ~LST heads, ported from keepalived's add_seq()/add_lst() with their quirks.</summary>
internal static class SequenceParser
{
    /// <summary>keepalived copies the ~SEQ arguments into a 64-byte buffer (3 longs, separators, ')' and NUL).</summary>
    private const int MaxSeqArgumentsLength = (3 * 20) + 3 + 1;

    /// <param name="line">A line starting with "~SEQ".</param>
    /// <param name="expand">Expands parameters in the argument text; returns null when that used a multi-line definition.</param>
    /// <param name="error">Reports a specific error; a null result without one gets keepalived's generic message.</param>
    public static SeqBlock? ParseSeq(LocatedText line, Func<string, string?> expand, Action<string> error)
    {
        var buf = line.Text;
        var p = 4;
        var hex = p < buf.Length && buf[p] == 'x';
        if (hex)
        {
            p++;
        }
        p = SkipBlanks(buf, p);
        if (p >= buf.Length || buf[p++] != '(')
        {
            return null;
        }
        p = SkipBlanks(buf, p);
        var varStart = p;
        while (p < buf.Length && buf[p] is not (' ' or '\t' or ',' or ')'))
        {
            p++;
        }
        var variable = buf[varStart..p];
        p = SkipBlanks(buf, p);
        if (p >= buf.Length || buf[p] == ')' || variable.Length == 0 || variable[0] == '{')
        {
            error($"Invalid ~SEQ definition '{buf}'");
            return null;
        }
        p = SkipBlanks(buf, p + 1);
        var close = buf.IndexOf(')', p);
        if (close < 0)
        {
            error($"~SEQ missing terminating ')' '{buf}'");
            return null;
        }
        if (close + 1 - p + 1 > MaxSeqArgumentsLength)
        {
            error($"~SEQ parameter strings too long '{buf}'");
            return null;
        }
        var arguments = expand(buf[p..(close + 1)]);
        if (arguments is null)
        {
            error($"~SEQ parameter is multiline definition '{buf}'");
            return null;
        }

        if (!ParseNumbers(arguments, out var numbers))
        {
            error($"Invalid ~SEQ definition '{buf}'");
            return null;
        }
        long start, step, end;
        switch (numbers.Count)
        {
            case 1:
                end = numbers[0];
                step = end < 1 ? -1 : 1;
                start = end < 0 ? -1 : 1;
                break;
            case 2:
                start = numbers[0];
                end = numbers[1];
                step = start <= end ? 1 : -1;
                break;
            default:
                start = numbers[0];
                step = numbers[1];
                end = numbers[2];
                if (step == 0 || (start < end && step < 0) || (start > end && step > 0))
                {
                    error($"Invalid ~SEQ values '{buf}'");
                    return null;
                }
                break;
        }
        if (hex && (start < 0 || end < 0))
        {
            error($"~SEQx is only valid for positive numbers '{buf}'");
            return null;
        }
        var textStart = SkipBlanks(buf, close + 1);
        return new SeqBlock(variable, start, step, end, hex, line.Slice(textStart));
    }

    /// <summary>Up to three strtol(…, 0) numbers separated by ',' and ended by ')'.</summary>
    private static bool ParseNumbers(string s, out List<long> numbers)
    {
        numbers = [];
        var p = 0;
        while (true)
        {
            numbers.Add(StrToL(s, ref p));
            p = SkipBlanks(s, p);
            if (p < s.Length && s[p] == ')')
            {
                return true;
            }
            if (numbers.Count == 3 || p >= s.Length || s[p] != ',')
            {
                return false;
            }
            p++;
        }
    }

    /// <summary>C strtol with base 0: blanks, sign, "0x" hex, leading-0 octal; no digits gives 0 and consumes nothing.</summary>
    internal static long StrToL(string s, ref int p)
    {
        var i = p;
        while (i < s.Length && LocatedText.IsWhiteSpace(s[i]))
        {
            i++;
        }
        var negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }
        var radix = 10;
        if (i + 1 < s.Length && s[i] == '0' && s[i + 1] is 'x' or 'X' && i + 2 < s.Length && Uri.IsHexDigit(s[i + 2]))
        {
            radix = 16;
            i += 2;
        }
        else if (i < s.Length && s[i] == '0')
        {
            radix = 8;
        }
        var digitsStart = i;
        decimal value = 0;
        while (i < s.Length && DigitValue(s[i]) is var d && d >= 0 && d < radix)
        {
            value = Math.Min((value * radix) + d, (decimal)long.MaxValue + 1);
            i++;
        }
        if (i == digitsStart)
        {
            return 0;
        }
        p = i;
        var signed = negative ? -value : value;
        return signed > long.MaxValue ? long.MaxValue : signed < long.MinValue ? long.MinValue : (long)signed;
    }

    private static int DigitValue(char c) =>
        c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;

    /// <param name="line">A line starting with "~LST".</param>
    public static LstBlock? ParseLst(LocatedText line, Action<string> error)
    {
        var buf = line.Text;
        var p = SkipBlanks(buf, 4);
        if (p >= buf.Length || buf[p++] != '(')
        {
            return null;
        }
        p = SkipBlanks(buf, p);
        var endChar = ',';
        if (At(buf, p) == '{')
        {
            endChar = '}';
            p = SkipBlanks(buf, p + 1);
        }

        var variables = new List<string>();
        while (true)
        {
            var start = p;
            while (p < buf.Length && buf[p] is not (' ' or '\t' or ',' or '}'))
            {
                p++;
            }
            variables.Add(buf[start..p]);
            p = SkipBlanks(buf, p);
            if (At(buf, p) == endChar)
            {
                break;
            }
            if (At(buf, p) != ',')
            {
                return null;
            }
            p = SkipBlanks(buf, p + 1);
        }
        if (At(buf, p) == '}')
        {
            p = SkipBlanks(buf, p + 1);
        }
        if (At(buf, p) != ',')
        {
            return null;
        }
        p = SkipBlanks(buf, p + 1);

        var valueSets = new List<IReadOnlyList<string>>();
        while (true)
        {
            endChar = ',';
            if (At(buf, p) == '{')
            {
                endChar = '}';
                p = SkipBlanks(buf, p + 1);
            }
            var values = new List<string>();
            while (true)
            {
                var start = p;
                while (p < buf.Length && buf[p] is not (' ' or '\t' or ',' or '}' or ')'))
                {
                    p++;
                }
                values.Add(buf[start..p]);
                p = SkipBlanks(buf, p);
                if (At(buf, p) == endChar || (At(buf, p) == ')' && endChar == ','))
                {
                    break;
                }
                if (At(buf, p) != ',')
                {
                    return null;
                }
                p = SkipBlanks(buf, p + 1);
                if (values.Count >= variables.Count)
                {
                    error($"~LST specification has too many values '{buf}'");
                    return null;
                }
            }
            while (values.Count < variables.Count)
            {
                values.Add(string.Empty);
            }
            valueSets.Add(values);
            if (At(buf, p) == '}' && endChar == '}')
            {
                p = SkipBlanks(buf, p + 1);
            }
            if (At(buf, p) == ')')
            {
                break;
            }
            if (At(buf, p) != ',')
            {
                return null;
            }
            p = SkipBlanks(buf, p + 1);
        }
        var textStart = SkipBlanks(buf, p + 1);
        return new LstBlock(variables, valueSets, line.Slice(Math.Min(textStart, buf.Length)));
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static int SkipBlanks(string s, int p)
    {
        while (p < s.Length && LocatedText.IsBlank(s[p]))
        {
            p++;
        }
        return p;
    }
}
