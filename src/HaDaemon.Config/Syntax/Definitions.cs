using System.Globalization;

namespace HaDaemon.Config.Syntax;

/// <summary>One <c>$NAME=VALUE</c> parameter, or a pre-defined one computed at each use (<c>${_RANDOM}</c>…).</summary>
internal sealed class Definition
{
    public Definition(string name, string value, bool multiline)
    {
        Name = name;
        Value = value;
        Multiline = multiline;
    }

    public string Name { get; }

    /// <summary>For a multi-line definition the lines are separated by '\n' (keepalived's DEF_LINE_END).</summary>
    public string Value { get; set; }

    public bool Multiline { get; set; }

    /// <summary>Computes the value from the parameters written inside <c>${NAME params}</c> (null when none).</summary>
    public Func<string?, string>? Compute { get; set; }

    public int MinParams { get; init; }

    public int MaxParams { get; init; }

    public bool NumbersOnly { get; init; }
}

/// <summary>
/// The parameter table and keepalived's lookup rules (<c>find_definition</c>, <c>check_definition</c>,
/// <c>set_definition</c>): names are <c>[A-Za-z_][A-Za-z0-9_]*</c>; <c>$NAME</c> must be followed by a blank,
/// ',' , ')' or the end of the line, <c>${NAME}</c> may be followed by anything; only <c>${NAME p1 p2}</c> carries
/// parameters; a multi-line definition is only used when its <c>$NAME</c>/<c>${NAME}</c> ends the line.
/// </summary>
internal sealed class Definitions
{
    private readonly Dictionary<string, Definition> byName;

    /// <summary>Looks names up straight from the line being expanded, without allocating a string per '$'.</summary>
    private readonly Dictionary<string, Definition>.AlternateLookup<ReadOnlySpan<char>> bySpan;

    public Definitions()
    {
        byName = new Dictionary<string, Definition>(StringComparer.Ordinal);
        bySpan = byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>A use of a definition found in a line.</summary>
    public readonly record struct Use(Definition Definition, int Length, string? Parameters);

    public void AddPredefined(string name, string value, Func<string?, string>? compute, int minParams, int maxParams, bool numbersOnly)
    {
        byName[name] = new Definition(name, value, multiline: false)
        {
            Compute = compute,
            MinParams = minParams,
            MaxParams = maxParams,
            NumbersOnly = numbersOnly,
        };
    }

    /// <summary>Defines or redefines NAME; redefining a pre-defined name replaces its computed value.</summary>
    public Definition Set(string name, string value, bool? multiline = null)
    {
        if (byName.TryGetValue(name, out var def))
        {
            def.Value = value;
            def.Compute = null;
            if (multiline is { } m)
            {
                def.Multiline = m;
            }
            return def;
        }
        def = new Definition(name, value, multiline ?? false);
        byName[name] = def;
        return def;
    }

    /// <summary>
    /// keepalived's check_definition(): a line "$NAME=VALUE" (nothing but blanks allowed between NAME and '=')
    /// defines NAME; a value ending in '\' starts a multi-line definition whose first line is what precedes it.
    /// </summary>
    public Definition? TryDefine(string line)
    {
        if (line.Length < 2 || line[0] != '$' || !IsNameStart(line[1]))
        {
            return null;
        }
        var p = 2;
        while (p < line.Length && line[p] != '=')
        {
            if (!IsNameChar(line[p]))
            {
                return null;
            }
            p++;
        }
        if (p >= line.Length)
        {
            return null;
        }
        var name = line[1..p];
        p++;
        while (p < line.Length && LocatedText.IsBlank(line[p]))
        {
            p++;
        }
        var value = line[p..];
        var multiline = false;
        if (value.EndsWith('\\'))
        {
            var length = value.Length;
            while (length >= 2 && LocatedText.IsBlank(value[length - 2]))
            {
                length--;
            }
            // "$NAME= \" defines an empty first line; otherwise the '\' becomes the line separator.
            value = length < 2 ? string.Empty : string.Concat(value.AsSpan(0, length - 1), "\n");
            multiline = true;
        }
        return Set(name, value, multiline);
    }

    /// <summary>
    /// keepalived's find_definition() for a use at <paramref name="dollar"/>: returns the definition, how many
    /// characters from the '$' the use covers, and its parameters. Parameter errors are reported through
    /// <paramref name="error"/> and make the use not match (it is then left in the text).
    /// </summary>
    public Use? FindUse(string text, int dollar, Action<string> error)
    {
        var name = dollar + 1;
        var braces = name < text.Length && text[name] == '{';
        if (braces)
        {
            name++;
        }
        if (name >= text.Length || !IsNameStart(text[name]))
        {
            return null;
        }
        var p = name + 1;
        while (p < text.Length && IsNameChar(text[p]))
        {
            p++;
        }
        var nameLength = p - name;
        int paramStart = -1, paramEnd = -1, paramCount = 0;
        var numbersOnly = true;
        if (braces)
        {
            var inParam = false;
            while (p < text.Length && (LocatedText.IsBlank(text[p]) || IsNameChar(text[p])))
            {
                if (!LocatedText.IsBlank(text[p]))
                {
                    if (paramStart < 0)
                    {
                        paramStart = p;
                    }
                    paramEnd = p;
                    numbersOnly &= char.IsAsciiDigit(text[p]);
                    if (!inParam)
                    {
                        inParam = true;
                        paramCount++;
                    }
                }
                else
                {
                    inParam = false;
                }
                p++;
            }
            if ((paramStart >= 0 && paramEnd + 1 != p) || p >= text.Length || text[p] != '}')
            {
                return null;
            }
        }
        else if (p < text.Length && text[p] is not (' ' or '\t' or ',' or ')'))
        {
            return null;
        }

        var allowMultiline = braces ? name + nameLength + 1 == text.Length : name + nameLength == text.Length;
        if (!bySpan.TryGetValue(text.AsSpan(name, nameLength), out var def) || (def.Multiline && !allowMultiline))
        {
            return null;
        }
        string? parameters = null;
        // keepalived replaces "$NAME" or "${NAME" plus the two brace characters' worth of text, whatever they are.
        var length = nameLength + 1 + (braces ? 2 : 0);
        if (paramStart >= 0)
        {
            if (def.MaxParams == 0)
            {
                return null;
            }
            if (def.NumbersOnly && !numbersOnly)
            {
                error($"Definition {def.Name} requires numeric parameters only.");
                return null;
            }
            if (paramCount > def.MaxParams || paramCount < def.MinParams)
            {
                error($"Definition {def.Name} requires between {def.MinParams} and {def.MaxParams} parameters, {paramCount} specified.");
                return null;
            }
            parameters = text[paramStart..(paramEnd + 1)];
            length = paramEnd + 2 - dollar;
        }
        else if (def.MinParams > 0)
        {
            // keepalived would call the function with no parameters (${_ENV} without a name reads past its
            // buffer); treat a missing required parameter as no match so the text is left as written.
            return null;
        }
        return new Use(def, length, parameters);
    }

    public string ValueOf(Use use) => use.Definition.Compute is { } compute ? compute(use.Parameters) : use.Definition.Value;

    public static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>keepalived's get_random(): "${_RANDOM [MIN [MAX]]}" with defaults 0 and 32767.</summary>
    public static string Random(Random random, string? parameters, Action<string> error)
    {
        ulong min = 0, max = 32767;
        if (parameters is not null)
        {
            var parts = parameters.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            min = ParseULong(parts[0]);
            if (parts.Length > 1)
            {
                max = ParseULong(parts[1]);
            }
        }
        if (min > max)
        {
            error($"${{_RANDOM}}: min {min} exceeds max {max}, using {min}");
            max = min;
        }
        var span = max - min + 1;
        var value = span == 0 ? (ulong)random.NextInt64() : min + (ulong)random.NextInt64((long)Math.Min(span, long.MaxValue));
        return value.ToString(CultureInfo.InvariantCulture);
    }

    private static ulong ParseULong(string digits) =>
        ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : ulong.MaxValue;
}
