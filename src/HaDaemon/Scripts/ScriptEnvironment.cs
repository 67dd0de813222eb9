using System.Collections;

namespace HaDaemon.Scripts;

/// <summary>
/// The environment a script gets: ours, minus the variables keepalived (HEAD) drops before exec as defence in depth —
/// IFS (field splitting in shell scripts) and the dynamic-loader overrides LD_PRELOAD/LD_LIBRARY_PATH — plus extras.
/// </summary>
public static class ScriptEnvironment
{
    public static readonly IReadOnlySet<string> Dropped = new HashSet<string>(StringComparer.Ordinal) { "IFS", "LD_PRELOAD", "LD_LIBRARY_PATH" };

    public static List<string> Build(IReadOnlyDictionary<string, string> extra)
    {
        var result = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!Dropped.Contains(name) && !extra.ContainsKey(name))
            {
                result.Add(name + "=" + (string?)entry.Value);
            }
        }

        foreach (var (name, value) in extra)
        {
            result.Add(name + "=" + value);
        }

        return result;
    }
}
