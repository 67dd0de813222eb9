using System.Buffers;
using System.Globalization;
using System.Text;

namespace HaDaemon.Status;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): one <c># HELP</c> and <c># TYPE</c> line per family,
/// then its samples, label values escaped as the format requires (backslash, double quote, line feed). A label set is
/// escaped once (<see cref="Labels"/>) and reused for every family of an instance: a 1000-instance page has ~20,000
/// samples but only ~1,000 distinct label sets.
/// </summary>
public sealed class PrometheusText : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    // UTF-8 written straight into one pooled array: a 1000-instance page is 1.5 MB, and building it as chars first
    // (then encoding) cost three times the memory; the working array is reused from scrape to scrape.
    private byte[] _buffer;
    private int _length;

    public PrometheusText(int capacity = 4096) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));

    /// <summary>The inside of a label set, <c>a="x",b="y"</c>, from alternating names and values.</summary>
    public static string Labels(params ReadOnlySpan<string> pairs)
    {
        var sb = new StringBuilder();
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            sb.Append(pairs[i]).Append("=\"");
            foreach (var c in pairs[i + 1])
            {
                _ = c switch
                {
                    '\\' => sb.Append("\\\\"),
                    '"' => sb.Append("\\\""),
                    '\n' => sb.Append("\\n"),
                    _ => sb.Append(c),
                };
            }
            sb.Append('"');
        }
        return sb.ToString();
    }

    public void Family(string name, string type, string help)
    {
        Append("# HELP ");
        Append(name);
        Append(' ');
        Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
        Append("\n# TYPE ");
        Append(name);
        Append(' ');
        Append(type);
        Append('\n');
    }

    /// <summary>One sample; <paramref name="labels"/> comes from <see cref="Labels"/> (null or empty: no labels).</summary>
    public void Sample(string name, double value, string? labels = null) => Sample(name, null, value, labels, null);

    /// <summary>A histogram's _bucket (cumulative, then +Inf), _sum and _count samples under the given labels.</summary>
    public void Histogram(string name, HistogramSnapshot h, string? labels = null)
    {
        var bucket = name + "_bucket";
        for (var i = 0; i < h.Bounds.Count; i++)
        {
            Sample(bucket, null, h.Cumulative[i], labels, h.Bounds[i].ToString("R", CultureInfo.InvariantCulture));
        }
        Sample(bucket, null, h.Count, labels, "+Inf");
        Sample(name, "_sum", h.Sum, labels, null);
        Sample(name, "_count", h.Count, labels, null);
    }

    private void Sample(string name, string? suffix, double value, string? labels, string? le)
    {
        Append(name);
        if (suffix is not null)
        {
            Append(suffix);
        }
        var hasLabels = !string.IsNullOrEmpty(labels);
        if (hasLabels || le is not null)
        {
            Append('{');
            if (hasLabels)
            {
                Append(labels!);
            }
            if (le is not null)
            {
                Append(hasLabels ? ",le=\"" : "le=\"");
                Append(le);
                Append('"');
            }
            Append('}');
        }
        Append(' ');
        AppendValue(value);
        Append('\n');
    }

    /// <summary>The page, exactly as long as written.</summary>
    public byte[] ToUtf8() => _buffer.AsSpan(0, _length).ToArray();

    public override string ToString() => Encoding.UTF8.GetString(_buffer, 0, _length);

    private void Append(char c)
    {
        // Only ASCII punctuation is appended as a char.
        Reserve(1);
        _buffer[_length++] = (byte)c;
    }

    private void Append(string text)
    {
        // Nearly everything is ASCII (one byte per char); anything else grows the room and tries again.
        Reserve(text.Length);
        int written;
        while (!Encoding.UTF8.TryGetBytes(text, _buffer.AsSpan(_length), out written))
        {
            Reserve(_buffer.Length - _length + text.Length);
        }
        _length += written;
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }

    private void AppendValue(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            Append("+Inf");
        }
        else if (double.IsNegativeInfinity(value))
        {
            Append("-Inf");
        }
        else if (double.IsNaN(value))
        {
            Append("NaN");
        }
        else
        {
            // 32 bytes hold any long or round-trip double.
            Reserve(32);
            int written;
            var ok = value == Math.Floor(value) && Math.Abs(value) < 1e15
                ? ((long)value).TryFormat(_buffer.AsSpan(_length), out written, default, CultureInfo.InvariantCulture)
                : value.TryFormat(_buffer.AsSpan(_length), out written, "R", CultureInfo.InvariantCulture);
            if (!ok)
            {
                throw new InvalidOperationException("a number did not fit in 32 bytes");
            }
            _length += written;
        }
    }
}
