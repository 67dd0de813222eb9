using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Syntax;
using HaDaemon.TestSupport;

namespace HaDaemon.Config.Tests.Syntax;

public class CorpusTests
{
    /// <summary>The keepalived.conf samples (not the expectations file nor SOURCE.md).</summary>
    public static IReadOnlyList<string> CorpusFileNames() =>
        Directory.GetFiles(RepoPaths.Corpus).Select(Path.GetFileName).OfType<string>()
            .Where(f => !f.StartsWith("EXPECTED", StringComparison.Ordinal) && !f.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> CorpusFiles() => new(CorpusFileNames());

    [Fact]
    public void The_corpus_has_29_configuration_files() => Assert.Equal(29, CorpusFileNames().Count);

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Every_corpus_file_reads_without_errors(string name)
    {
        var result = ConfigReader.ReadFile(Path.Combine(RepoPaths.Corpus, name), new ConfigReadOptions { ConfigId = "high", Random = new Random(3) });
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity >= Severity.Error);
        Assert.NotEmpty(result.Document.Statements);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Every_corpus_file_reads_without_a_fatal_diagnostic_without_a_config_id(string name)
    {
        var result = ConfigReader.ReadFile(Path.Combine(RepoPaths.Corpus, name), new ConfigReadOptions { Random = new Random(3) });
        Assert.False(result.HasFatal, string.Join("\n", result.Diagnostics));
    }

    [Theory]
    [InlineData("high")]
    [InlineData("medium")]
    [InlineData(null)]
    public void The_generated_corpus_file_selects_its_namespace_by_config_id(string? id)
    {
        var result = ConfigReader.ReadFile(Path.Combine(RepoPaths.Corpus, "mk_lots.generated.conf"), new ConfigReadOptions { ConfigId = id });
        var namespaces = result.Document.Statements.Where(s => s.Keyword.Text == "net_namespace").Select(s => s.Arguments[0].Text);
        Assert.Equal(id is null ? [] : new[] { id }, namespaces);
    }
}
