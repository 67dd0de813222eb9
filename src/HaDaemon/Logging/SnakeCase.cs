using System.Collections.Concurrent;
using System.Text;

namespace HaDaemon.Logging;

/// <summary>
/// Property names as JSON field names: <c>TransitionId</c> → <c>transition_id</c>, <c>IPAddress</c> →
/// <c>ip_address</c>, <c>Ipv4Source</c> → <c>ipv4_source</c>; names already in snake_case stay as they are.
/// </summary>
public static class SnakeCase
{
    /// <summary>Property names come from the code's message templates: few, so remembered (with a cap, to be safe).</summary>
    private const int CacheLimit = 1024;
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Of(string name)
    {
        if (Cache.TryGetValue(name, out var known))
        {
            return known;
        }
        var converted = Convert(name);
        if (Cache.Count < CacheLimit)
        {
            Cache.TryAdd(name, converted);
        }
        return converted;
    }

    private static string Convert(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previous = i > 0 ? name[i - 1] : '_';
                var next = i + 1 < name.Length ? name[i + 1] : '_';
                // A word starts at an upper-case letter after a lower-case one or a digit ("ipv4Source"), or at the
                // last capital of an acronym that a lower-case letter follows ("IPAddress": the A).
                if (previous != '_' && (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next))))
                {
                    text.Append('_');
                }
                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}
