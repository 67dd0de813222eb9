using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HaDaemon.Tests.Status;

/// <summary>
/// A strict parser for the Prometheus text exposition format 0.0.4, written from the format's specification
/// (prometheus.io/docs/instrumenting/exposition_formats): comment lines <c># HELP name text</c> and
/// <c># TYPE name counter|gauge|histogram|summary|untyped</c>; samples <c>name{label="value",...} value [timestamp]</c>
/// with label values escaped as <c>\\</c>, <c>\"</c>, <c>\n</c>; values as Go's ParseFloat plus +Inf/-Inf/NaN.
/// It enforces what the spec requires of an exposition: one TYPE per family before its samples, families not
/// interleaved, no duplicate series, histogram buckets cumulative with a +Inf bucket equal to _count.
/// Violations throw <see cref="FormatException"/> with the line number.
/// </summary>
public static partial class PrometheusTextParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public string Label(string name) => Labels.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"{Name} has no label {name}");
    }

    public sealed record Family(string Name, string Type, string? Help, IReadOnlyList<Sample> Samples);

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    public static IReadOnlyDictionary<string, Family> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition must end with a line feed");
        }
        var families = new Dictionary<string, (string Type, string? Help, List<Sample> Samples)>(StringComparer.Ordinal);
        var closed = new HashSet<string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            var where = $"line {n + 1}: ";
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[1] is "HELP" or "TYPE")
                {
                    var name = parts[2];
                    if (!MetricName().IsMatch(name))
                    {
                        throw new FormatException(where + $"bad metric name '{name}'");
                    }
                    Switch(ref current, name, closed, where);
                    var f = families.GetValueOrDefault(name, ("untyped", null, new List<Sample>()));
                    if (parts[1] == "TYPE")
                    {
                        if (families.ContainsKey(name) && f.Type != "untyped" || f.Samples.Count > 0)
                        {
                            throw new FormatException(where + $"TYPE for {name} after its samples or twice");
                        }
                        var type = parts.Length == 4 ? parts[3] : "";
                        if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                        {
                            throw new FormatException(where + $"unknown type '{type}'");
                        }
                        f.Type = type;
                    }
                    else
                    {
                        f.Help = parts.Length == 4 ? Unescape(parts[3], help: true, where) : "";
                    }
                    families[name] = f;
                }
                continue;
            }
            var sample = ParseSample(line, where);
            var familyName = FamilyOf(sample.Name, families);
            Switch(ref current, familyName, closed, where);
            var fam = families.GetValueOrDefault(familyName, ("untyped", null, new List<Sample>()));
            fam.Samples.Add(sample);
            families[familyName] = fam;
            var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
            if (!series.Add(key))
            {
                throw new FormatException(where + $"duplicate series {key}");
            }
        }
        var result = families.ToDictionary(p => p.Key, p => new Family(p.Key, p.Value.Type, p.Value.Help, p.Value.Samples), StringComparer.Ordinal);
        foreach (var f in result.Values.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(f);
        }
        return result;
    }

    private static void Switch(ref string? current, string name, HashSet<string> closed, string where)
    {
        if (current == name)
        {
            return;
        }
        if (closed.Contains(name))
        {
            throw new FormatException(where + $"family {name} appears in two places");
        }
        if (current is not null)
        {
            closed.Add(current);
        }
        current = name;
    }

    private static string FamilyOf(string sampleName, Dictionary<string, (string Type, string? Help, List<Sample> Samples)> families)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = sampleName[..^suffix.Length];
                if (families.TryGetValue(stem, out var f) && f.Type is "histogram" or "summary")
                {
                    return stem;
                }
            }
        }
        return sampleName;
    }

    private static Sample ParseSample(string line, string where)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }
        var name = line[..i];
        if (!MetricName().IsMatch(name))
        {
            throw new FormatException(where + $"bad metric name '{name}'");
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0)
                {
                    throw new FormatException(where + "label without '='");
                }
                var label = line[i..eq];
                if (!LabelName().IsMatch(label) || label.StartsWith("__", StringComparison.Ordinal))
                {
                    throw new FormatException(where + $"bad label name '{label}'");
                }
                if (eq + 1 >= line.Length || line[eq + 1] != '"')
                {
                    throw new FormatException(where + "label value must be quoted");
                }
                var value = new StringBuilder();
                var j = eq + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(j < line.Length ? line[j] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException(where + $"bad escape \\{line[j]}"),
                        } : throw new FormatException(where + "dangling backslash"));
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }
                if (j >= line.Length)
                {
                    throw new FormatException(where + "unterminated label value");
                }
                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException(where + $"label {label} twice");
                }
                i = j + 1;
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    throw new FormatException(where + "expected ',' or '}'");
                }
            }
            if (i >= line.Length)
            {
                throw new FormatException(where + "unterminated label set");
            }
            i++;
        }
        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException(where + "expected a space before the value");
        }
        var rest = line[(i + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2)
        {
            throw new FormatException(where + "expected value [timestamp]");
        }
        return new Sample(name, labels, ParseValue(rest[0], where));
    }

    private static double ParseValue(string text, string where) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => throw new FormatException(where + $"bad value '{text}'"),
    };

    private static string Unescape(string text, bool help, string where)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] == '\\' || text[i + 1] == 'n'))
            {
                sb.Append(text[i + 1] == 'n' ? '\n' : '\\');
                i++;
            }
            else if (text[i] == '\\' && help)
            {
                throw new FormatException(where + "bad escape in HELP");
            }
            else
            {
                sb.Append(text[i]);
            }
        }
        return sb.ToString();
    }

    private static void CheckHistogram(Family f)
    {
        var groups = f.Samples.Where(s => s.Name == f.Name + "_bucket")
            .GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)));
        foreach (var g in groups)
        {
            var buckets = g.Select(s => (Le: ParseValue(s.Label("le"), f.Name + ": "), s.Value)).OrderBy(b => b.Le).ToList();
            for (var i = 1; i < buckets.Count; i++)
            {
                if (buckets[i].Value < buckets[i - 1].Value)
                {
                    throw new FormatException($"{f.Name}{{{g.Key}}}: buckets are not cumulative");
                }
            }
            if (buckets.Count == 0 || !double.IsPositiveInfinity(buckets[^1].Le))
            {
                throw new FormatException($"{f.Name}{{{g.Key}}}: no +Inf bucket");
            }
            var count = f.Samples.SingleOrDefault(s => s.Name == f.Name + "_count" && Key(s) == g.Key)
                ?? throw new FormatException($"{f.Name}{{{g.Key}}}: no _count");
            if (count.Value != buckets[^1].Value)
            {
                throw new FormatException($"{f.Name}{{{g.Key}}}: +Inf bucket differs from _count");
            }
            _ = f.Samples.SingleOrDefault(s => s.Name == f.Name + "_sum" && Key(s) == g.Key)
                ?? throw new FormatException($"{f.Name}{{{g.Key}}}: no _sum");
        }
    }

    private static string Key(Sample s) =>
        string.Join(",", s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
}
