using System.Text;
using FsCheck;
using FsCheck.Fluent;
using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Syntax;
using HaDaemon.TestSupport;
using static HaDaemon.Config.Tests.Syntax.SyntaxTestHelpers;

namespace HaDaemon.Config.Tests.Syntax;

/// <summary>Bad input never throws, never hangs, and structural damage is always reported.</summary>
public class RobustnessTests
{
    private static readonly string[] CorpusFiles = CorpusTests.CorpusFileNames().ToArray();

    private static string Corpus(string name) => File.ReadAllText(Path.Combine(RepoPaths.Corpus, name));

    private static ConfigReadResult ReadBytes(byte[] bytes, ConfigReadOptions? options = null) =>
        ConfigReader.ReadFile("/mem/keepalived.conf", (options ?? new ConfigReadOptions()) with
        {
            FileSystem = new MemoryFileSystem(new Dictionary<string, byte[]> { ["/mem/keepalived.conf"] = bytes }),
            Random = new Random(7),
        });

    /// <summary>Every location the tree exposes points into a file that was read, at line ≥ 1 and column ≥ 1.</summary>
    private static void AssertLocationsValid(ConfigReadResult result)
    {
        void Check(IReadOnlyList<ConfigStatement> statements)
        {
            foreach (var s in statements)
            {
                foreach (var t in s.Arguments.Prepend(s.Keyword))
                {
                    Assert.Contains(t.Location.File, result.Document.Files);
                    Assert.True(t.Location.Line >= 1 && t.Location.Column >= 1, t.Location.ToString());
                }
                if (s.Block is not null)
                {
                    Check(s.Block.Statements);
                }
            }
        }
        Check(result.Document.Statements);
    }

    [Fact]
    public void Deleting_any_opening_brace_of_a_corpus_file_is_reported()
    {
        var random = new Random(11);
        foreach (var name in CorpusFiles)
        {
            var text = Corpus(name);
            var opens = AllBlocks(Read(text).Document.Statements).Select(b => b.Open).Where(o => o.File == VirtualPath).ToList();
            foreach (var open in opens.OrderBy(_ => random.Next()).Take(3))
            {
                var lines = text.Split('\n');
                lines[open.Line - 1] = lines[open.Line - 1].Remove(open.Column - 1, 1);
                var result = Read(string.Join('\n', lines), "high");
                Assert.True(result.Diagnostics.Any(d => d.Severity >= Severity.Error), $"{name}: deleting '{{' at {open} went unnoticed");
                AssertLocationsValid(result);
            }
        }
    }

    [Fact]
    public void Deleting_a_closing_brace_line_of_a_corpus_file_is_reported()
    {
        var random = new Random(12);
        foreach (var name in CorpusFiles)
        {
            var lines = Corpus(name).Split('\n');
            var closers = Enumerable.Range(0, lines.Length).Where(i => lines[i].Trim() == "}").ToList();
            foreach (var index in closers.OrderBy(_ => random.Next()).Take(3))
            {
                var result = Read(string.Join('\n', lines.Where((_, i) => i != index)), "high");
                Assert.Contains(result.Diagnostics, d => d.Code is SyntaxDiagnosticCodes.MissingCloseBrace or SyntaxDiagnosticCodes.ExtraCloseBrace);
            }
        }
    }

    [Fact]
    public void Truncating_a_corpus_file_inside_a_block_is_reported()
    {
        var random = new Random(13);
        foreach (var name in CorpusFiles)
        {
            var text = Corpus(name);
            for (var i = 0; i < 5; i++)
            {
                var cut = random.Next(text.Length);
                var result = Read(text[..cut], "high");
                AssertLocationsValid(result);
                var prefixIsInsideBlock = OpenBraceBalance(text[..cut]) > 0;
                if (prefixIsInsideBlock)
                {
                    Assert.Contains(result.Diagnostics, d => d.Code == SyntaxDiagnosticCodes.MissingCloseBrace);
                }
            }
        }
    }

    [Fact]
    public void Binary_garbage_in_a_corpus_file_is_reported_and_the_rest_still_read()
    {
        var random = new Random(14);
        foreach (var name in CorpusFiles)
        {
            var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.Corpus, name));
            var newline = Array.IndexOf(bytes, (byte)'\n', bytes.Length / 2);
            var garbage = new byte[200];
            random.NextBytes(garbage);
            garbage[random.Next(garbage.Length)] = 0;
            garbage = garbage.Where(b => b != (byte)'\n').ToArray();
            var mutated = bytes[..(newline + 1)].Concat(garbage).Concat("\n"u8.ToArray()).Concat(bytes[(newline + 1)..]).ToArray();
            var result = ReadBytes(mutated, new ConfigReadOptions { ConfigId = "high" });
            Assert.Contains(result.Diagnostics, d => d.Code == SyntaxDiagnosticCodes.EmbeddedNul);
            Assert.NotEmpty(result.Document.Statements);
            AssertLocationsValid(result);
        }
    }

    [Fact]
    public void Random_byte_flips_never_throw()
    {
        var random = new Random(15);
        const string Specials = "{}\"'#!\\$@~(),^ \t\r\n\0*?[]=";
        foreach (var name in CorpusFiles)
        {
            var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.Corpus, name));
            for (var round = 0; round < 4; round++)
            {
                var mutated = (byte[])bytes.Clone();
                for (var k = 0; k < 20; k++)
                {
                    mutated[random.Next(mutated.Length)] = random.Next(2) == 0 ? (byte)Specials[random.Next(Specials.Length)] : (byte)random.Next(256);
                }
                AssertLocationsValid(ReadBytes(mutated, new ConfigReadOptions { ConfigId = "high", MaxGeneratedLines = 20_000 }));
            }
        }
    }

    [Fact]
    public void Random_text_from_a_hostile_alphabet_never_throws()
    {
        var pieces = new[]
        {
            "{", "}", "\"", "'", "#", "!", "\\", "\\\n", "\n", "\n\n", " ", "\t", "$", "$A", "${A}", "$A=", "$B=$A", "$A=x\\", "${_RANDOM 1 3}",
            "${_ENV HOME}", "@", "@id ", "@^id ", "~SEQ(i,1,3) ", "~SEQ(i,", "~LST({a,b},{1,2}) ", "~LST(", "include x", "include ",
            "vrrp_instance", "state", "MASTER", "(", ")", ",", "\0", "é", "\r\n", "~",
        };
        var gen = Gen.Elements(pieces).ArrayOf().Select(parts => string.Concat(parts));
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(gen.ToArbitrary(), text =>
        {
            var result = Read(text, "id", new ConfigReadOptions { MaxGeneratedLines = 5_000, Environment = _ => "env" });
            AssertLocationsValid(result);
            return true;
        }));
    }

    /// <summary>
    /// Found by the hostile-alphabet property (it ran the test host out of memory): a definition whose value starts a
    /// new line at a brace and uses itself again made every brace split come back with one more use, for ever.
    /// </summary>
    [Fact]
    public void A_definition_that_recreates_its_own_brace_and_use_terminates()
    {
        var result = Read("$A=},${A}!@id\nMASTER${A}\nafter 1\n", "id");
        Assert.Contains(result.Diagnostics, d => d.Code == SyntaxDiagnosticCodes.RecursiveDefinition);
        Assert.True(result.Diagnostics.Count < 5_000, $"{result.Diagnostics.Count} diagnostics");
        Assert.Contains("after 1", Flatten(result.Document.Statements));
    }

    [Fact]
    public void A_100_megabyte_line_is_skipped_in_bounded_memory()
    {
        const long Size = 100L * 1024 * 1024;
        var fs = new MemoryFileSystem(new Dictionary<string, byte[]>()) { Generated = ("/mem/huge.conf", () => new HugeLineStream("a 1\nx ", Size, "\nb 2\n")) };
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = ConfigReader.ReadFile("/mem/huge.conf", new ConfigReadOptions { FileSystem = fs });
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(new[] { "a 1", "b 2" }, Flatten(result.Document.Statements));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((SyntaxDiagnosticCodes.LineTooLong, 2), (d.Code, d.Location.Line));
        Assert.Equal(3, result.Document.Statements[1].Location.Line);
        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated} bytes for a 100 MB line");
    }

    [Fact]
    public void Random_include_graphs_with_cycles_terminate_and_report_the_loops()
    {
        var random = new Random(16);
        using var dir = new TempConfigDir();
        for (var round = 0; round < 5; round++)
        {
            var sub = $"r{round}";
            for (var i = 0; i < 6; i++)
            {
                var text = new StringBuilder($"file{i}\n");
                for (var k = 0; k < 2; k++)
                {
                    text.Append(random.Next(4) switch
                    {
                        0 => $"include f{random.Next(6)}.conf\n",
                        1 => "include f*.conf\n",
                        2 => $"include {{f{random.Next(6)},missing}}.conf\n",
                        _ => "include nothing/*.conf\n",
                    });
                }
                dir.Write($"{sub}/f{i}.conf", text.ToString());
            }
            var result = ConfigReader.ReadFile(dir.PathOf($"{sub}/f0.conf"), new ConfigReadOptions { MaxIncludeDepth = 8 });
            Assert.NotEmpty(result.Document.Statements);
            AssertLocationsValid(result);
        }
        dir.Write("loop/a.conf", "include *.conf\n");
        Assert.Contains(ConfigReader.ReadFile(dir.PathOf("loop/a.conf"), new ConfigReadOptions()).Diagnostics, d => d.Code == SyntaxDiagnosticCodes.IncludeLoop);
    }

    [Fact]
    public void A_missing_include_inside_a_corpus_file_does_not_disturb_the_rest()
    {
        foreach (var name in CorpusFiles.Take(10))
        {
            var clean = Read(Corpus(name), "high");
            var result = Read("include /nonexistent/dir/*.conf\n" + Corpus(name), "high");
            Assert.Equal(Flatten(clean.Document.Statements), Flatten(result.Document.Statements));
            Assert.All(result.Diagnostics.Except(clean.Diagnostics), d => Assert.Equal(Severity.Info, d.Severity));
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_chmod_000_case_behaves_like_keepalived_for_the_current_user()
    {
        using var dir = new TempConfigDir();
        var locked = dir.Write("locked.conf", "locked\n");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        var main = dir.Write("main.conf", "includer locked.conf\nafter\n");
        var result = ConfigReader.ReadFile(main, new ConfigReadOptions());
        bool canOpen;
        try
        {
            using (File.OpenRead(locked))
            {
            }
            canOpen = true;
        }
        catch (UnauthorizedAccessException)
        {
            canOpen = false;
        }
        // keepalived runs as root, for whom mode 000 is readable; as another user the open fails and includer is fatal.
        Assert.Equal(canOpen ? new[] { "locked", "after" } : new[] { "after" }, Flatten(result.Document.Statements));
        Assert.Equal(!canOpen, result.HasFatal);
    }

    private static IEnumerable<ConfigBlock> AllBlocks(IReadOnlyList<ConfigStatement> statements) =>
        statements.Where(s => s.Block is not null).SelectMany(s => AllBlocks(s.Block!.Statements).Prepend(s.Block!));

    /// <summary>Unclosed braces in a text, ignoring comment lines and quoted strings (good enough for the corpus).</summary>
    private static int OpenBraceBalance(string text)
    {
        var balance = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var inQuote = false;
            foreach (var c in line)
            {
                if (c == '"')
                {
                    inQuote = !inQuote;
                }
                else if (!inQuote && c is '#' or '!')
                {
                    break;
                }
                else if (!inQuote && c == '{')
                {
                    balance++;
                }
                else if (!inQuote && c == '}' && balance > 0)
                {
                    balance--;
                }
            }
        }
        return balance;
    }
}
