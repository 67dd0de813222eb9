using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Syntax;
using HaDaemon.TestSupport;

namespace HaDaemon.Config.Tests.Syntax;

public class CorpusTests
{
    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Corpus).Where(f => !Path.GetFileName(f).StartsWith("EXPECTED", StringComparison.Ordinal) && !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Fact]
    public void The_corpus_has_29_configuration_files() => Assert.Equal(29, CorpusFiles().Count);

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Every_corpus_file_reads_without_errors(string name)
    {
        var result = ConfigReader.ReadFile(Path.Combine(RepoPaths.Corpus, name), new ConfigReadOptions { ConfigId = "high", Random = new Random(3) });
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity >= Severity.Error);
        Assert.NotEmpty(result.Document.Statements);
    }
}
