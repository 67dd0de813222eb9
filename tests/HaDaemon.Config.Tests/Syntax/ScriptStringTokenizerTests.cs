using HaDaemon.Config.Syntax;
using static HaDaemon.Config.Tests.Syntax.SyntaxTestHelpers;

namespace HaDaemon.Config.Tests.Syntax;

public class ScriptStringTokenizerTests
{
    private static IReadOnlyList<string>? Words(string text, bool escapes = true) => ScriptStringTokenizer.Split(text, escapes, out _);

    [Fact]
    public void Adjacent_quoted_and_unquoted_parts_make_one_word()
    {
        Assert.Equal(new[] { "abc de" }, Words("ab\"c d\"e"));
        Assert.Equal(new[] { "x y", "it's", "a\"b" }, Words("'x y' \"it's\" 'a\"b'"));
    }

    [Fact]
    public void Empty_quotes_give_an_empty_word_and_blank_text_gives_none()
    {
        Assert.Equal(new[] { "a", string.Empty, "b" }, Words("a '' b"));
        Assert.Null(Words("  \t "));
    }

    [Theory]
    [InlineData(@"\a", "\a")]
    [InlineData(@"\b", "\b")]
    [InlineData(@"\E", "\u001b")]
    [InlineData(@"\f", "\f")]
    [InlineData(@"\n", "\n")]
    [InlineData(@"\r", "\r")]
    [InlineData(@"\t", "\t")]
    [InlineData(@"\v", "\v")]
    [InlineData(@"\101", "A")]
    [InlineData(@"\1012", "A2")]
    [InlineData(@"\7", "\u0007")]
    [InlineData(@"\777", "\u00ff")]
    [InlineData(@"\x41", "A")]
    [InlineData(@"\x41B", "AB")]
    [InlineData(@"\x4g", "\u0004g")]
    [InlineData(@"\xg", "xg")]
    [InlineData(@"\cA", "\u0001")]
    [InlineData(@"\c[", "\u001b")]
    [InlineData(@"\q", "q")]
    [InlineData(@"\\", @"\")]
    [InlineData(@"\""", "\"")]
    [InlineData(@"a\ b", "a b")]
    [InlineData(@"'a\tb'", "a\tb")]
    [InlineData(@"""a\'b""", "a'b")]
    public void Escapes_are_translated_everywhere(string text, string expected)
    {
        Assert.Equal(new[] { expected }, Words(text));
    }

    [Fact]
    public void An_escaped_nul_ends_the_word_like_strndup()
    {
        Assert.Equal(new[] { "ab" }, Words(@"ab\0cd"));
    }

    [Fact]
    public void Without_escapes_the_backslash_is_kept_but_still_protects_the_next_character()
    {
        Assert.Equal(new[] { @"a\ b", @"c\'d" }, Words(@"a\ b c\'d", escapes: false));
    }

    [Fact]
    public void A_missing_closing_quote_or_a_trailing_backslash_is_an_error()
    {
        Assert.Null(ScriptStringTokenizer.Split("a 'b c", escapes: true, out var error));
        Assert.Equal("String 'a 'b c': missing terminating '", error);
        Assert.Null(ScriptStringTokenizer.Split("a b\\", escapes: true, out error));
        Assert.StartsWith("Missing escape char at end", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_is_split_twice_and_followed_by_user_and_group()
    {
        var parse = ScriptStringTokenizer.ParseCommand("\"/path/script arg1 'arg two' a\\tb\" root :wheel");
        Assert.Null(parse.Error);
        var command = parse.Command!;
        Assert.Equal(new[] { "/path/script", "arg1", "arg two", "a\tb" }, command.Arguments);
        Assert.Equal(("root", "wheel", true), (command.User, command.Group, command.SetSupplementaryGroups));
    }

    [Fact]
    public void User_and_group_forms()
    {
        var none = ScriptStringTokenizer.ParseCommand("/bin/true").Command!;
        Assert.Equal((null, null, false), (none.User, none.Group, none.SetSupplementaryGroups));
        var userOnly = ScriptStringTokenizer.ParseCommand("/bin/true nobody").Command!;
        Assert.Equal(("nobody", null, false), (userOnly.User, userOnly.Group, userOnly.SetSupplementaryGroups));
        var colon = ScriptStringTokenizer.ParseCommand("/bin/true nobody :").Command!;
        Assert.Equal(("nobody", null, true), (colon.User, colon.Group, colon.SetSupplementaryGroups));
        var group = ScriptStringTokenizer.ParseCommand("/bin/true nobody nogroup").Command!;
        Assert.Equal(("nobody", "nogroup", false), (group.User, group.Group, group.SetSupplementaryGroups));
    }

    [Fact]
    public void An_unquoted_script_string_is_only_its_first_word()
    {
        // keepalived: "notify_master /bin/n.sh MASTER" runs /bin/n.sh as user "MASTER".
        var command = ScriptStringTokenizer.ParseCommand("/bin/n.sh MASTER").Command!;
        Assert.Equal(new[] { "/bin/n.sh" }, command.Arguments);
        Assert.Equal("MASTER", command.User);
    }

    [Fact]
    public void Parse_errors_are_returned_not_thrown()
    {
        Assert.NotNull(ScriptStringTokenizer.ParseCommand("").Error);
        Assert.NotNull(ScriptStringTokenizer.ParseCommand("\"/bin/x 'a\"").Error);
        Assert.NotNull(ScriptStringTokenizer.ParseCommand("'unterminated").Error);
    }

    [Fact]
    public void Raw_arguments_from_the_reader_feed_the_command_parser()
    {
        var statement = Read("vrrp_instance X {\n  notify_master \"/etc/keepalived/n.sh MASTER 'VI 1'\" keepalived_script # c\n}")
            .Document.Statements[0].Block!.Statements[0];
        var command = ScriptStringTokenizer.ParseCommand(statement.RawArguments).Command!;
        Assert.Equal(new[] { "/etc/keepalived/n.sh", "MASTER", "VI 1" }, command.Arguments);
        Assert.Equal("keepalived_script", command.User);
    }
}
