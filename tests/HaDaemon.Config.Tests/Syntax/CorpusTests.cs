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
}
