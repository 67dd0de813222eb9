namespace HaDaemon.Tests.Samples;

/// <summary>
/// Reads a file of samples/ and makes the few test-only substitutions explicit: each replaced text must occur in
/// the sample, so a sample edit that drops it breaks the test instead of silently testing something else.
/// </summary>
public static class SampleConfig
{
    public static string Path(string sample, string file = "keepalived.conf") =>
        System.IO.Path.Combine(HaDaemon.TestSupport.RepoPaths.Root, "samples", sample, file);

    public static string Read(string sample, string file = "keepalived.conf") => File.ReadAllText(Path(sample, file));

    public static string Replace(this string text, string sample, string oldText, string newText)
    {
        if (!text.Contains(oldText, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"samples/{sample} no longer contains '{oldText}': update the test with the sample");
        }
        return text.Replace(oldText, newText, StringComparison.Ordinal);
    }
}
