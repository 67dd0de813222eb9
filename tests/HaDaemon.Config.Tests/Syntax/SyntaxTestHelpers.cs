using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Tests.Syntax;

/// <summary>Small helpers to read text and look at the resulting tree compactly.</summary>
internal static class SyntaxTestHelpers
{
    public const string VirtualPath = "/virtual/keepalived.conf";

    public static ConfigReadResult Read(string text, string? configId = null, ConfigReadOptions? options = null)
    {
        options ??= new ConfigReadOptions();
        options = options with { ConfigId = configId ?? options.ConfigId, Random = options.Random ?? new Random(1) };
        return ConfigReader.ReadText(text, VirtualPath, options);
    }

    /// <summary>The statements as "keyword arg1 arg2" lines, blocks indented by two spaces, "{"/"}" omitted.</summary>
    public static List<string> Flatten(IReadOnlyList<ConfigStatement> statements, string indent = "")
    {
        var lines = new List<string>();
        foreach (var s in statements)
        {
            lines.Add(indent + string.Join(" ", new[] { s.Keyword.Text }.Concat(s.Arguments.Select(a => a.Text))));
            if (s.Block is not null)
            {
                lines.AddRange(Flatten(s.Block.Statements, indent + "  "));
            }
        }
        return lines;
    }

    public static List<string> Lines(string text, string? configId = null) => Flatten(Read(text, configId).Document.Statements);

    public static List<string> Codes(ConfigReadResult result) => result.Diagnostics.Select(d => d.Code).ToList();

    public static void AssertClean(ConfigReadResult result) =>
        Assert.True(result.Diagnostics.All(d => d.Severity < Severity.Warning), string.Join("\n", result.Diagnostics));
}
