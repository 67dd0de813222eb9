using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Syntax;

/// <summary>
/// A piece of one logical line with, for every character, the 1-based column it came from on the physical line
/// <see cref="Line"/> of <see cref="File"/>. Characters inserted by a <c>$NAME</c> expansion carry the column of
/// the <c>$</c> they replaced, so every token can still be traced back to a place the user can open.
/// Immutable: every edit returns a new value (lines are at most 1023 characters, so copying is cheap).
/// </summary>
internal sealed class LocatedText
{
    private readonly int[] columns;

    public LocatedText(string file, int line, string text, int[] columns)
    {
        File = file;
        Line = line;
        Text = text;
        this.columns = columns;
    }

    public string File { get; }

    public int Line { get; }

    public string Text { get; }

    public int Length => Text.Length;

    public char this[int index] => Text[index];

    /// <summary>A physical line: character i sits in column i + 1.</summary>
    public static LocatedText FromPhysical(string file, int line, string text)
    {
        var cols = new int[text.Length];
        for (var i = 0; i < cols.Length; i++)
        {
            cols[i] = i + 1;
        }
        return new LocatedText(file, line, text, cols);
    }

    /// <summary>Generated text (a multi-line definition's body line): every character sits at <paramref name="column"/>.</summary>
    public static LocatedText Uniform(string file, int line, int column, string text)
    {
        var cols = new int[text.Length];
        Array.Fill(cols, column);
        return new LocatedText(file, line, text, cols);
    }

    /// <summary>Column of the character at <paramref name="index"/>; past the end, one after the last character.</summary>
    public int ColumnAt(int index)
    {
        if (index < columns.Length)
        {
            return columns[index];
        }
        return columns.Length == 0 ? 1 : columns[^1] + 1;
    }

    public SourceLocation LocationAt(int index) => new(File, Line, ColumnAt(index));

    public LocatedText Slice(int start) => Slice(start, Text.Length - start);

    public LocatedText Slice(int start, int length) =>
        start == 0 && length == Text.Length ? this : new LocatedText(File, Line, Text.Substring(start, length), columns[start..(start + length)]);

    public LocatedText Remove(int start, int length)
    {
        if (length == 0)
        {
            return this;
        }
        var cols = new int[columns.Length - length];
        Array.Copy(columns, 0, cols, 0, start);
        Array.Copy(columns, start + length, cols, start, columns.Length - start - length);
        return new LocatedText(File, Line, Text.Remove(start, length), cols);
    }

    /// <summary>Replaces <paramref name="length"/> characters at <paramref name="start"/> by <paramref name="value"/>,
    /// whose characters all take the column of the first replaced character.</summary>
    public LocatedText Replace(int start, int length, string value)
    {
        var column = ColumnAt(start);
        var cols = new int[columns.Length - length + value.Length];
        Array.Copy(columns, 0, cols, 0, start);
        Array.Fill(cols, column, start, value.Length);
        Array.Copy(columns, start + length, cols, start + value.Length, columns.Length - start - length);
        return new LocatedText(File, Line, string.Concat(Text.AsSpan(0, start), value, Text.AsSpan(start + length)), cols);
    }

    public LocatedText Append(char c, int column)
    {
        var cols = new int[columns.Length + 1];
        Array.Copy(columns, cols, columns.Length);
        cols[^1] = column;
        return new LocatedText(File, Line, Text + c, cols);
    }

    public LocatedText TrimEndBlanks()
    {
        var end = Text.Length;
        while (end > 0 && IsBlank(Text[end - 1]))
        {
            end--;
        }
        return Slice(0, end);
    }

    /// <summary>keepalived's isblank(): space and tab only.</summary>
    public static bool IsBlank(char c) => c is ' ' or '\t';

    /// <summary>keepalived's WHITE_SPACE set, used to split tokens.</summary>
    public static bool IsWhiteSpace(char c) => c is ' ' or '\t' or '\f' or '\n' or '\r' or '\v';

    public override string ToString() => Text;
}
