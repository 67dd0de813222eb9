using System.Globalization;
using System.Text;

namespace HaDaemon.Status;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): one <c># HELP</c> and <c># TYPE</c> line per family,
/// then its samples, label values escaped as the format requires (backslash, double quote, line feed).
/// </summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text;

    public PrometheusText(int capacity = 4096) => _text = new StringBuilder(capacity);

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

    /// <summary>One sample; <paramref name="labels"/> alternate name, value.</summary>
    public void Sample(string name, double value, params ReadOnlySpan<string> labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i + 1 < labels.Length; i += 2)
            {
                if (i > 0)
                {
                    _text.Append(',');
                }
                _text.Append(labels[i]).Append("=\"");
                AppendEscaped(labels[i + 1]);
                _text.Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ');
        AppendValue(value);
        _text.Append('\n');
    }

    /// <summary>A histogram's _bucket (cumulative, then +Inf), _sum and _count samples under the given labels.</summary>
    public void Histogram(string name, HistogramSnapshot h, params ReadOnlySpan<string> labels)
    {
        var withLe = new string[labels.Length + 2];
        labels.CopyTo(withLe);
        withLe[^2] = "le";
        for (var i = 0; i < h.Bounds.Count; i++)
        {
            withLe[^1] = Number(h.Bounds[i]);
            Sample(name + "_bucket", h.Cumulative[i], withLe);
        }
        withLe[^1] = "+Inf";
        Sample(name + "_bucket", h.Count, withLe);
        Sample(name + "_sum", h.Sum, labels);
        Sample(name + "_count", h.Count, labels);
    }

    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(_text.ToString());

    public override string ToString() => _text.ToString();

    private void AppendEscaped(string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => _text.Append("\\\\"),
                '"' => _text.Append("\\\""),
                '\n' => _text.Append("\\n"),
                _ => _text.Append(c),
            };
        }
    }

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
            _text.Append(((long)value).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            _text.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
