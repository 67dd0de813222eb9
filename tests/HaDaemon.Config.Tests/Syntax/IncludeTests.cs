using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Syntax;
using static HaDaemon.Config.Tests.Syntax.SyntaxTestHelpers;

namespace HaDaemon.Config.Tests.Syntax;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class IncludeTests : IDisposable
{
    private readonly TempConfigDir dir = new();

    public void Dispose() => dir.Dispose();

    private ConfigReadResult ReadMain(string text, ConfigReadOptions? options = null)
    {
        var main = dir.Write("keepalived.conf", text);
        return ConfigReader.ReadFile(main, options ?? new ConfigReadOptions());
    }

    private static List<string> Keywords(ConfigReadResult r) => Flatten(r.Document.Statements);

    [Fact]
    public void Include_is_relative_to_the_including_files_directory()
    {
        dir.Write("sub/a.conf", "from_a 1\ninclude b.conf\n");
        dir.Write("sub/b.conf", "from_b 2\n");
        dir.Write("b.conf", "wrong_b\n");
        var result = ReadMain("first\ninclude sub/a.conf\nlast\n");
        AssertClean(result);
        Assert.Equal(new[] { "first", "from_a 1", "from_b 2", "last" }, Keywords(result));
        Assert.Equal(new[] { dir.PathOf("keepalived.conf"), dir.PathOf("sub/a.conf"), dir.PathOf("sub/b.conf") }, result.Document.Files);
    }

    [Fact]
    public void Tokens_from_an_included_file_carry_its_name_and_lines()
    {
        dir.Write("inc.conf", "\n\n  priority 100\n");
        var result = ReadMain("vrrp_instance X {\n  include inc.conf\n}\n");
        var priority = result.Document.Statements[0].Block!.Statements[0];
        Assert.Equal(new SourceLocation(dir.PathOf("inc.conf"), 3, 3), priority.Location);
    }

    [Fact]
    public void An_included_file_can_open_a_block_that_the_includer_closes()
    {
        dir.Write("head.conf", "vrrp_instance X {\n");
        var result = ReadMain("include head.conf\nstate BACKUP\n}\n");
        AssertClean(result);
        Assert.Equal(new[] { "vrrp_instance X", "  state BACKUP" }, Keywords(result));
    }

    [Fact]
    public void Wildcards_match_in_sorted_order_and_skip_hidden_files()
    {
        dir.Write("conf.d/b.conf", "b\n");
        dir.Write("conf.d/a.conf", "a\n");
        dir.Write("conf.d/10.conf", "ten\n");
        dir.Write("conf.d/c.txt", "txt\n");
        dir.Write("conf.d/.hidden.conf", "hidden\n");
        var result = ReadMain("include conf.d/*.conf\n");
        AssertClean(result);
        Assert.Equal(new[] { "ten", "a", "b" }, Keywords(result));
    }

    [Fact]
    public void Question_marks_and_bracket_expressions_match_one_character()
    {
        dir.Write("d/x1.conf", "one\n");
        dir.Write("d/x2.conf", "two\n");
        dir.Write("d/x3.conf", "three\n");
        Assert.Equal(new[] { "one", "two", "three" }, Keywords(ReadMain("include d/x?.conf")));
        Assert.Equal(new[] { "one", "three" }, Keywords(ReadMain("include d/x[13].conf")));
        Assert.Equal(new[] { "two" }, Keywords(ReadMain("include d/x[^13].conf")));
        // '!' starts a comment: negation with '!' needs the keepalived escape "\!".
        Assert.Equal(new[] { "two" }, Keywords(ReadMain("include d/x[\\!13].conf")));
        Assert.Equal(new[] { "one", "two" }, Keywords(ReadMain("include d/x[1-2].conf")));
    }

    [Fact]
    public void Wildcards_in_directory_components_match_directories()
    {
        dir.Write("nodes/n2/vrrp.conf", "n2\n");
        dir.Write("nodes/n1/vrrp.conf", "n1\n");
        dir.Write("nodes/n3/other.conf", "n3\n");
        Assert.Equal(new[] { "n1", "n2" }, Keywords(ReadMain("include nodes/*/vrrp.conf")));
    }

    [Fact]
    public void Braces_expand_in_written_order_each_alternative_sorted_on_its_own()
    {
        dir.Write("x/b.conf", "xb\n");
        dir.Write("x/a.conf", "xa\n");
        dir.Write("y.conf", "y\n");
        var result = ReadMain("include {y.conf,x/*.conf}\n");
        AssertClean(result);
        Assert.Equal(new[] { "y", "xa", "xb" }, Keywords(result));
        Assert.Equal(new[] { "xa", "y" }, Keywords(ReadMain("include {x/{a,nope},y}.conf")));
    }

    [Fact]
    public void Absolute_include_paths_are_used_as_written()
    {
        var other = dir.Write("elsewhere/abs.conf", "abs\n");
        Assert.Equal(new[] { "abs" }, Keywords(ReadMain("include " + other)));
    }

    [Fact]
    public void A_plain_include_of_a_missing_file_is_never_an_error()
    {
        var result = ReadMain("include missing.conf\ninclude nodir/*.conf\ninclude {a,b}.conf\nafter\n");
        Assert.Equal(new[] { "after" }, Keywords(result));
        Assert.All(result.Diagnostics, d => Assert.Equal(Severity.Info, d.Severity));
        Assert.Equal(3, result.Diagnostics.Count(d => d.Code == SyntaxDiagnosticCodes.IncludeMissing));
        Assert.Equal(new SourceLocation(dir.PathOf("keepalived.conf"), 1, 9), result.Diagnostics[0].Location);
    }

    [Fact]
    public void A_wildcard_matching_nothing_in_an_existing_directory_is_silent_for_plain_include()
    {
        Directory.CreateDirectory(dir.PathOf("empty"));
        Assert.Empty(ReadMain("include empty/*.conf").Diagnostics);
    }

    [Fact]
    public void Includem_makes_a_missing_file_fatal()
    {
        var result = ReadMain("includem missing.conf\n");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((Severity.Fatal, SyntaxDiagnosticCodes.IncludeMissing), (d.Severity, d.Code));
        Assert.True(result.HasFatal);
    }

    [Fact]
    public void Includer_does_not_mind_a_missing_file()
    {
        Assert.False(ReadMain("includer missing.conf\n").HasFatal);
    }

    [Fact]
    public void Includew_makes_an_unmatched_wildcard_fatal()
    {
        Directory.CreateDirectory(dir.PathOf("empty"));
        var d = Assert.Single(ReadMain("includew empty/*.conf").Diagnostics);
        Assert.Equal((Severity.Fatal, SyntaxDiagnosticCodes.IncludeNoMatch), (d.Severity, d.Code));
        Assert.False(ReadMain("includem empty/*.conf").HasFatal);
    }

    [Fact]
    public void Includeb_requires_every_brace_alternative_and_then_skips_the_whole_include()
    {
        dir.Write("a.conf", "a\n");
        var plain = ReadMain("include {a,b}.conf\n");
        Assert.Equal(new[] { "a" }, Keywords(plain));
        Assert.Equal(Severity.Info, Assert.Single(plain.Diagnostics).Severity);

        var strict = ReadMain("includeb {a,b}.conf\n");
        Assert.Empty(strict.Document.Statements);
        Assert.Equal(Severity.Fatal, Assert.Single(strict.Diagnostics).Severity);
        Assert.True(ReadMain("includea {a,b}.conf\n").HasFatal);
    }

    [Fact]
    public void Include_check_in_global_defs_applies_to_later_includes()
    {
        var result = ReadMain("include missing1.conf\nglobal_defs {\n  include_check match\n}\ninclude missing2.conf\n");
        Assert.Equal(new[] { Severity.Info, Severity.Fatal }, result.Diagnostics.Select(d => d.Severity));
        Assert.Equal(5, result.Diagnostics[1].Location.Line);
        Assert.True(ReadMain("global_defs {\n include_check\n}\ninclude {a,b}.conf").HasFatal);
    }

    [Fact]
    public void Include_check_adds_and_removes_checks_and_reports_unknown_words()
    {
        Assert.False(ReadMain("global_defs {\n include_check -match\n}\ninclude missing.conf", new ConfigReadOptions { IncludeCheck = IncludeChecks.All }).HasFatal);
        // The checks of includem/includer/... are added to the current ones: removing "match" does not disarm includem.
        Assert.True(ReadMain("global_defs {\n include_check -match\n}\nincludem missing.conf").HasFatal);
        Assert.True(ReadMain("global_defs {\n include_check read +match\n}\ninclude missing.conf").HasFatal);
        var result = ReadMain("global_defs {\n include_check readable match\n}\n");
        Assert.Equal(new[] { SyntaxDiagnosticCodes.IncludeCheck, SyntaxDiagnosticCodes.IncludeCheck }, Codes(result));
    }

    [Fact]
    public void Include_check_set_by_an_included_file_ends_with_that_file()
    {
        dir.Write("g.conf", "global_defs {\n include_check\n}\ninclude missing_inner.conf\n");
        var result = ReadMain("include g.conf\ninclude missing_outer.conf\n");
        Assert.Equal(new[] { Severity.Fatal, Severity.Info }, result.Diagnostics.Select(d => d.Severity));
        Assert.Equal(dir.PathOf("g.conf"), result.Diagnostics[0].Location.File);
    }

    [Fact]
    public void Include_check_outside_a_top_level_global_defs_is_not_applied()
    {
        Assert.False(ReadMain("vrrp_instance X {\n include_check\n}\ninclude missing.conf").HasFatal);
    }

    [Fact]
    public void The_all_config_option_makes_every_include_problem_fatal()
    {
        Assert.True(ReadMain("include missing.conf", new ConfigReadOptions { IncludeCheck = IncludeChecks.All }).HasFatal);
    }

    [Fact]
    public void A_self_include_and_an_include_loop_are_reported_without_hanging()
    {
        dir.Write("a.conf", "a\ninclude b.conf\n");
        dir.Write("b.conf", "b\ninclude a.conf\n");
        var loop = ReadMain("include a.conf\nend\n");
        Assert.Equal(new[] { "a", "b", "end" }, Keywords(loop));
        Assert.Equal(SyntaxDiagnosticCodes.IncludeLoop, Assert.Single(loop.Diagnostics).Code);

        var self = ReadMain("x\ninclude keepalived.conf\n");
        Assert.Equal(new[] { "x" }, Keywords(self));
        Assert.Equal(SyntaxDiagnosticCodes.IncludeLoop, Assert.Single(self.Diagnostics).Code);
    }

    [Fact]
    public void The_same_file_may_be_included_twice_in_sequence()
    {
        dir.Write("v.conf", "v\n");
        Assert.Equal(new[] { "v", "v" }, Keywords(ReadMain("include v.conf\ninclude v.conf\n")));
    }

    [Fact]
    public void Include_nesting_is_bounded()
    {
        for (var i = 0; i < 10; i++)
        {
            dir.Write($"n{i}.conf", $"level{i}\ninclude n{i + 1}.conf\n");
        }
        var result = ReadMain("include n0.conf\n", new ConfigReadOptions { MaxIncludeDepth = 4 });
        Assert.Equal(new[] { "level0", "level1", "level2" }, Keywords(result));
        Assert.Equal(SyntaxDiagnosticCodes.IncludeTooDeep, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Directories_and_executable_files_are_skipped()
    {
        Directory.CreateDirectory(dir.PathOf("d/sub.conf"));
        var exe = dir.Write("d/run.conf", "exe\n");
        File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        dir.Write("d/ok.conf", "ok\n");
        var plain = ReadMain("include d/*.conf\n");
        Assert.Equal(new[] { "ok" }, Keywords(plain));
        Assert.Equal(2, plain.Diagnostics.Count(d => d.Code == SyntaxDiagnosticCodes.IncludeUnreadable && d.Severity == Severity.Info));
        Assert.True(ReadMain("includer d/*.conf\n").HasFatal);
    }

    [Fact]
    public void A_fifo_is_not_a_regular_file_and_is_never_opened()
    {
        var fifo = dir.PathOf("pipe.conf");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }
        var result = ReadMain("include pipe.conf\nafter\n");
        Assert.Equal(new[] { "after" }, Keywords(result));
        Assert.Equal(SyntaxDiagnosticCodes.IncludeUnreadable, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void An_unreadable_file_is_skipped_and_is_fatal_only_with_the_readable_check()
    {
        dir.Write("secret.conf", "secret\n");
        var fs = new FaultyFileSystem(dir.PathOf("secret.conf"), () => throw new UnauthorizedAccessException("Permission denied"));
        var plain = ReadMain("include secret.conf\nafter\n", new ConfigReadOptions { FileSystem = fs });
        Assert.Equal(new[] { "after" }, Keywords(plain));
        var d = Assert.Single(plain.Diagnostics);
        Assert.Equal((Severity.Info, SyntaxDiagnosticCodes.IncludeUnreadable), (d.Severity, d.Code));
        Assert.Contains("open problem", d.Message, StringComparison.Ordinal);
        Assert.True(ReadMain("includer secret.conf\n", new ConfigReadOptions { FileSystem = fs }).HasFatal);
    }

    [Fact]
    public void A_read_error_in_the_middle_of_a_file_is_reported_and_the_rest_is_skipped()
    {
        dir.Write("bad.conf", "one\ntwo\n");
        var fs = new FaultyFileSystem(dir.PathOf("bad.conf"), () => new FailingStream());
        var result = ReadMain("include bad.conf\nafter\n", new ConfigReadOptions { FileSystem = fs });
        Assert.Equal(new[] { "after" }, Keywords(result));
        Assert.Equal(SyntaxDiagnosticCodes.ReadError, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void A_missing_main_file_is_fatal()
    {
        var result = ConfigReader.ReadFile(dir.PathOf("nope.conf"), new ConfigReadOptions());
        Assert.True(result.HasFatal);
        Assert.Contains(result.Diagnostics, d => d.Code == SyntaxDiagnosticCodes.FileNotFound);
        Assert.Empty(result.Document.Statements);
    }

    [Fact]
    public void The_main_file_name_is_a_pattern_too()
    {
        dir.Write("m1.conf", "m1\n");
        dir.Write("m2.conf", "m2\n");
        var result = ConfigReader.ReadFile(dir.PathOf("m*.conf"), new ConfigReadOptions());
        Assert.Equal(new[] { "m1", "m2" }, Keywords(result));
    }

    [Fact]
    public void A_relative_main_file_is_resolved_against_the_working_directory_and_shown_as_given()
    {
        dir.Write("rel/main.conf", "include inc.conf\n");
        dir.Write("rel/inc.conf", "x\n");
        var result = ConfigReader.ReadFile("rel/main.conf", new ConfigReadOptions { WorkingDirectory = dir.Root });
        Assert.Equal(new[] { "rel/main.conf", "rel/inc.conf" }, result.Document.Files);
        Assert.Equal("rel/inc.conf", result.Document.Statements[0].Location.File);
    }

    [Fact]
    public void Include_after_a_conditional_or_a_parameter_is_not_recognised()
    {
        dir.Write("inc.conf", "x\n");
        var result = ReadMain("@node include inc.conf\n$F=inc.conf\ninclude $F\n", new ConfigReadOptions { ConfigId = "node" });
        Assert.Empty(result.Document.Statements);
        Assert.Contains(SyntaxDiagnosticCodes.IncludeNotDetected, Codes(result));
        Assert.Contains(result.Diagnostics, d => d.Code == SyntaxDiagnosticCodes.IncludeMissing && d.Message.Contains("$F", StringComparison.Ordinal));
    }

    [Fact]
    public void Pwd_follows_the_file_being_read()
    {
        dir.Write("sub/inc.conf", "inner ${_PWD}\n");
        var result = ReadMain("outer ${_PWD}\ninclude sub/inc.conf\n");
        Assert.Equal(new[] { "outer " + dir.Root, "inner " + dir.PathOf("sub") }, Keywords(result));
    }

    [Fact]
    public void Read_text_resolves_includes_against_the_virtual_paths_directory()
    {
        dir.Write("inc.conf", "x\n");
        var result = ConfigReader.ReadText("include inc.conf\n", dir.PathOf("virtual.conf"), new ConfigReadOptions());
        Assert.Equal(new[] { "x" }, Keywords(result));
    }

    /// <summary>The real file system, except that opening one path does something else (root can read anything,
    /// so an unreadable file must be simulated).</summary>
    private sealed class FaultyFileSystem(string path, Func<Stream> open) : IConfigFileSystem
    {
        public ConfigFileKind GetKind(string p) => PhysicalConfigFileSystem.Instance.GetKind(p);

        public bool Exists(string p) => PhysicalConfigFileSystem.Instance.Exists(p);

        public IReadOnlyList<string>? ListDirectory(string p) => PhysicalConfigFileSystem.Instance.ListDirectory(p);

        public Stream OpenRead(string p) => p == path ? open() : PhysicalConfigFileSystem.Instance.OpenRead(p);
    }

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("Input/output error");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
