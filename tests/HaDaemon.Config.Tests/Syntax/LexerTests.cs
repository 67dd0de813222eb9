using HaDaemon.Config.Syntax;
using static HaDaemon.Config.Tests.Syntax.SyntaxTestHelpers;

namespace HaDaemon.Config.Tests.Syntax;

/// <summary>keepalived's lexical rules (lib/parser.c read_line/decomment/alloc_strvec_r), one test per rule.</summary>
public class LexerTests
{
    [Fact]
    public void Brace_on_the_keyword_line_on_the_next_line_and_one_line_blocks_give_the_same_tree()
    {
        var expected = new[] { "vrrp_instance X", "  state BACKUP", "  track_script", "    chk" };
        Assert.Equal(expected, Lines("vrrp_instance X {\n state BACKUP\n track_script {\n  chk\n }\n}\n"));
        Assert.Equal(expected, Lines("vrrp_instance X\n{\n state BACKUP\n track_script\n {\n  chk\n }\n}\n"));
        Assert.Equal(expected, Lines("vrrp_instance X { state BACKUP\n track_script { chk }\n}"));
        Assert.Equal(expected, Lines("vrrp_instance X { state BACKUP \n track_script { chk } }"));
    }

    [Fact]
    public void A_closing_brace_followed_by_text_splits_the_text_into_a_new_line()
    {
        Assert.Equal(new[] { "a", "  b", "c d" }, Lines("a { b } c d"));
    }

    [Fact]
    public void Hash_and_bang_start_comments_anywhere_outside_double_quotes()
    {
        Assert.Equal(new[] { "router_id a", "b", "x #y !z" }, Lines("# whole line\n! whole line\nrouter_id a# comment\nb ! comment\nx \"#y !z\""));
    }

    [Fact]
    public void Single_quotes_do_not_protect_comment_characters()
    {
        // keepalived 2.2.7: notify_master '/bin/echo x#y' -> the line ends at '#', then "missing terminating '".
        var result = Read("notify_master '/bin/echo x#y'");
        var statement = Assert.Single(result.Document.Statements);
        Assert.Equal(new[] { "'/bin/echo", "x" }, statement.Arguments.Select(a => a.Text));
        Assert.Equal("'/bin/echo x", statement.RawArguments);
        var parse = ScriptStringTokenizer.ParseCommand(statement.RawArguments);
        Assert.Null(parse.Command);
        Assert.Contains("missing terminating '", parse.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Backslash_hash_and_backslash_bang_outside_quotes_are_literal_characters()
    {
        Assert.Equal(new[] { "auth_pass a#b!c" }, Lines(@"auth_pass a\#b\!c # comment"));
        // Inside double quotes nothing is changed: the backslash stays.
        Assert.Equal(new[] { @"x a\#b" }, Lines(@"x ""a\#b"""));
    }

    [Fact]
    public void A_trailing_backslash_is_not_a_line_continuation()
    {
        // keepalived 2.2.7: "priority \" -> Unknown keyword 'priority\'; blanks before the '\' are dropped.
        Assert.Equal(new[] { @"priority\", "100" }, Lines("priority \\\n100"));
        Assert.Equal(new[] { @"priority 100\" }, Lines("priority 100   \\"));
    }

    [Fact]
    public void Lines_of_1023_characters_or_more_are_ignored_with_a_diagnostic()
    {
        var ok = "x " + new string('a', ConfigReader.MaxLineLength - 2);
        var tooLong = "y " + new string('b', ConfigReader.MaxLineLength - 1);
        var result = Read(ok + "\n" + tooLong + "\nz\n");
        Assert.Equal(new[] { "x", "z" }, result.Document.Statements.Select(s => s.Keyword.Text));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(SyntaxDiagnosticCodes.LineTooLong, d.Code);
        Assert.Equal("line too long - ignoring", d.Message);
        Assert.Equal(2, d.Location.Line);
        Assert.Equal(3, result.Document.Statements[1].Location.Line);
    }

    [Fact]
    public void A_carriage_return_counts_towards_the_line_length_like_in_fgets()
    {
        var line = "x " + new string('a', ConfigReader.MaxLineLength - 2);
        Assert.Empty(Read(line + "\n").Diagnostics);
        Assert.Equal(SyntaxDiagnosticCodes.LineTooLong, Assert.Single(Read(line + "\r\n").Diagnostics).Code);
    }

    [Fact]
    public void A_line_with_an_embedded_nul_is_ignored()
    {
        var result = Read("a 1\nb \0 2\nc 3\nd\0tail");
        Assert.Equal(new[] { "a 1", "c 3", "d" }, Flatten(result.Document.Statements));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(SyntaxDiagnosticCodes.EmbeddedNul, d.Code);
        Assert.Equal(2, d.Location.Line);
    }

    [Fact]
    public void Crlf_line_ends_and_leading_and_trailing_blanks_are_stripped()
    {
        var result = Read("  \t global_defs {\r\n\trouter_id  r1 \t\r\n}\r\n");
        Assert.Equal(new[] { "global_defs", "  router_id r1" }, Flatten(result.Document.Statements));
        Assert.Equal("r1", result.Document.Statements[0].Block!.Statements[0].RawArguments);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Form_feed_and_vertical_tab_separate_words_but_are_not_stripped_as_blanks()
    {
        Assert.Equal(new[] { "a b c" }, Lines("a\fb\vc"));
    }

    [Fact]
    public void A_word_starting_with_a_double_quote_runs_to_the_next_quote_and_keeps_its_blanks()
    {
        var statement = Assert.Single(Read("notify \"/usr/bin/my script\" root").Document.Statements);
        Assert.Equal(new[] { "/usr/bin/my script", "root" }, statement.Arguments.Select(a => a.Text));
        Assert.True(statement.Arguments[0].Quoted);
        Assert.False(statement.Arguments[1].Quoted);
    }

    [Fact]
    public void A_double_quote_inside_a_word_ends_the_word()
    {
        Assert.Equal(new[] { "k", "abc", "def ghi", "j" }, Read("k abc\"def ghi\"j").Document.Statements[0].Arguments.Select(a => a.Text).Prepend("k"));
    }

    [Fact]
    public void Empty_double_quotes_give_an_empty_word()
    {
        Assert.Equal(new[] { string.Empty }, Read("k \"\"").Document.Statements[0].Arguments.Select(a => a.Text));
    }

    [Fact]
    public void An_unmatched_quote_is_reported_and_the_words_before_it_are_kept()
    {
        var result = Read("router_id \"abc def");
        Assert.Equal(new[] { "router_id" }, Flatten(result.Document.Statements));
        Assert.Contains(SyntaxDiagnosticCodes.UnterminatedQuote, Codes(result));
        var unmatched = Assert.Single(result.Diagnostics, d => d.Code == SyntaxDiagnosticCodes.UnmatchedQuote);
        Assert.Equal(11, unmatched.Location.Column);
    }

    [Fact]
    public void Script_keywords_tolerate_an_unmatched_quote_after_their_first_argument()
    {
        // keepalived's install_keyword_quoted: the string is re-tokenized later, so no "Unmatched quote" here.
        var result = Read("notify_master /bin/x \"it's");
        Assert.DoesNotContain(SyntaxDiagnosticCodes.UnmatchedQuote, Codes(result));
        Assert.Equal("/bin/x \"it's", result.Document.Statements[0].RawArguments);
    }

    [Fact]
    public void Braces_inside_double_quotes_do_not_split_the_line()
    {
        var statement = Assert.Single(Read("script \"/bin/sh -c 'test {x}'\"").Document.Statements);
        Assert.Null(statement.Block);
        Assert.Equal("/bin/sh -c 'test {x}'", statement.Arguments[0].Text);
    }

    [Fact]
    public void A_stray_open_brace_is_reported_and_ignored()
    {
        var result = Read("vrrp_instance X {\n{\nstate MASTER\n}\n}\n");
        Assert.Equal(SyntaxDiagnosticCodes.UnexpectedOpenBrace, result.Diagnostics[0].Code);
        Assert.Equal("Unexpected '{' - ignoring", result.Diagnostics[0].Message);
        Assert.Equal(2, result.Diagnostics[0].Location.Line);
        // As in keepalived the first '}' closes vrrp_instance, the second is one too many.
        Assert.Equal(new[] { "vrrp_instance X", "  state MASTER" }, Flatten(result.Document.Statements));
        Assert.Equal(SyntaxDiagnosticCodes.ExtraCloseBrace, result.Diagnostics[1].Code);
    }

    [Fact]
    public void An_extra_closing_brace_is_reported()
    {
        var result = Read("global_defs {\n}\n}\nvrrp_instance X {\n}");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(SyntaxDiagnosticCodes.ExtraCloseBrace, d.Code);
        Assert.Equal("Extra '}' found", d.Message);
        Assert.Equal(3, d.Location.Line);
        Assert.Equal(new[] { "global_defs", "vrrp_instance X" }, Flatten(result.Document.Statements));
    }

    [Fact]
    public void An_unclosed_block_at_the_end_is_reported_at_its_brace()
    {
        var result = Read("vrrp_instance X {\n  track_script {\n  chk\n");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(SyntaxDiagnosticCodes.MissingCloseBrace, d.Code);
        Assert.StartsWith("There are 2 missing '}'s or extra '{'s", d.Message, StringComparison.Ordinal);
        Assert.Equal((2, 16), (d.Location.Line, d.Location.Column));
        Assert.Equal(new[] { "vrrp_instance X", "  track_script", "    chk" }, Flatten(result.Document.Statements));
    }

    [Fact]
    public void Lower_case_state_master_is_just_a_word_the_binder_will_judge()
    {
        var statement = Read("vrrp_instance X {\nstate master\n}").Document.Statements[0].Block!.Statements[0];
        Assert.Equal("state", statement.Keyword.Text);
        Assert.Equal("master", statement.Arguments[0].Text);
    }

    [Fact]
    public void Fractional_advert_int_tokenises_as_one_word()
    {
        Assert.Equal(new[] { "advert_int 0.5" }, Lines("advert_int 0.5"));
    }

    [Fact]
    public void Two_addresses_on_one_line_in_a_block_are_one_statement_with_an_argument()
    {
        // keepalived: the second address is parsed as an option of the first ("Unknown configuration entry").
        var block = Read("virtual_ipaddress { 10.0.0.1 10.0.0.2 }").Document.Statements[0].Block!;
        var statement = Assert.Single(block.Statements);
        Assert.Equal("10.0.0.1", statement.Keyword.Text);
        Assert.Equal("10.0.0.2", Assert.Single(statement.Arguments).Text);
    }

    [Fact]
    public void Keywords_are_case_sensitive_words()
    {
        Assert.Equal(new[] { "Vrrp_Instance X" }, Lines("Vrrp_Instance X {\n}"));
    }

    [Fact]
    public void Raw_arguments_keep_the_text_after_the_keyword_for_script_strings()
    {
        var statement = Read("  notify_master   \"/bin/n.sh MASTER 'a b'\"  root :grp ").Document.Statements[0];
        Assert.Equal("\"/bin/n.sh MASTER 'a b'\"  root :grp", statement.RawArguments);
        Assert.Equal((1, 19), (statement.RawArgumentsLocation.Line, statement.RawArgumentsLocation.Column));
    }

    [Fact]
    public void A_keyword_alone_has_empty_raw_arguments_located_after_it()
    {
        var statement = Read("use_vmac").Document.Statements[0];
        Assert.Equal(string.Empty, statement.RawArguments);
        Assert.Empty(statement.Arguments);
        Assert.Equal(9, statement.RawArgumentsLocation.Column);
    }

    [Fact]
    public void Tokens_carry_file_line_and_column()
    {
        var result = Read("# c\nvrrp_instance VI_1 {\n\tpriority  100\n  virtual_ipaddress { 1.2.3.4/24 }\n}");
        var instance = result.Document.Statements[0];
        Assert.Equal(new Diagnostics.SourceLocation(VirtualPath, 2, 1), instance.Keyword.Location);
        Assert.Equal(new Diagnostics.SourceLocation(VirtualPath, 2, 15), instance.Arguments[0].Location);
        Assert.Equal(new Diagnostics.SourceLocation(VirtualPath, 2, 20), instance.Block!.Open);
        var priority = instance.Block.Statements[0];
        Assert.Equal((3, 2), (priority.Location.Line, priority.Location.Column));
        Assert.Equal((3, 12), (priority.Arguments[0].Location.Line, priority.Arguments[0].Location.Column));
        var vip = instance.Block.Statements[1].Block!;
        Assert.Equal((4, 21), (vip.Open.Line, vip.Open.Column));
        Assert.Equal((4, 23), (vip.Statements[0].Location.Line, vip.Statements[0].Location.Column));
    }

    [Fact]
    public void Quoted_tokens_are_located_at_their_opening_quote()
    {
        var token = Read("x  \"a b\"").Document.Statements[0].Arguments[0];
        Assert.Equal(4, token.Location.Column);
    }

    [Fact]
    public void Columns_stay_right_after_an_escaped_comment_character_was_removed()
    {
        var statement = Read(@"a b\#c d").Document.Statements[0];
        Assert.Equal("b#c", statement.Arguments[0].Text);
        Assert.Equal(8, statement.Arguments[1].Location.Column);
    }

    [Fact]
    public void An_unterminated_double_quote_keeps_comment_characters_and_is_reported()
    {
        var result = Read("a \"b # c");
        Assert.Equal(SyntaxDiagnosticCodes.UnterminatedQuote, result.Diagnostics[0].Code);
        Assert.Equal("Unterminated quote 'a \"b # c'", result.Diagnostics[0].Message);
    }

    [Fact]
    public void The_document_lists_the_files_read()
    {
        Assert.Equal(new[] { VirtualPath }, Read("a").Document.Files);
    }
}
