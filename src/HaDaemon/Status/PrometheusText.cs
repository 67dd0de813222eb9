using System.Globalization;
using System.Text;

namespace HaDaemon.Status;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): one <c># HELP</c> and <c># TYPE</c> line per family,
/// then its samples, label values escaped as the format requires (backslash, double quote, line feed). A label set is
/// escaped once (<see cref="Labels"/>) and reused for every family of an instance: a 1000-instance page has ~20,000
/// samples but only ~1,000 distinct label sets.
/// </summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text;

    public PrometheusText(int capacity = 4096) => _text = new StringBuilder(capacity);

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
        _text.Append("# HELP ").Append(name).Append(' ');
        foreach (var c in help)
        {
            _ = c switch
            {
                '\\' => _text.Append("\\\\"),
                '\n' => _text.Append("\\n"),
                _ => _text.Append(c),
            };
        }
        _text.Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
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
        _text.Append(name).Append(suffix);
        var hasLabels = !string.IsNullOrEmpty(labels);
        if (hasLabels || le is not null)
        {
            _text.Append('{').Append(labels);
            if (le is not null)
            {
                _text.Append(hasLabels ? ",le=\"" : "le=\"").Append(le).Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ');
        AppendValue(value);
        _text.Append('\n');
    }

    /// <summary>UTF-8 straight from the builder's chunks (no intermediate string of the whole page).</summary>
    public byte[] ToUtf8()
    {
        var encoder = Encoding.UTF8.GetEncoder();
        var length = 0;
        foreach (var chunk in _text.GetChunks())
        {
            length += encoder.GetByteCount(chunk.Span, flush: false);
        }
        length += encoder.GetByteCount(ReadOnlySpan<char>.Empty, flush: true);
        encoder.Reset();
        var bytes = new byte[length];
        var written = 0;
        foreach (var chunk in _text.GetChunks())
        {
            written += encoder.GetBytes(chunk.Span, bytes.AsSpan(written), flush: false);
        }
        encoder.GetBytes(ReadOnlySpan<char>.Empty, bytes.AsSpan(written), flush: true);
        return bytes;
    }

    public override string ToString() => _text.ToString();

    private void AppendValue(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            _text.Append("+Inf");
        }
        else if (double.IsNegativeInfinity(value))
        {
            _text.Append("-Inf");
        }
        else if (double.IsNaN(value))
        {
            _text.Append("NaN");
        }
        else if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            _text.Append(CultureInfo.InvariantCulture, $"{(long)value}");
        }
        else
        {
            _text.Append(CultureInfo.InvariantCulture, $"{value:R}");
        }
    }
}
