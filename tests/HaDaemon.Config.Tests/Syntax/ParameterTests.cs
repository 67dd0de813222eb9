using HaDaemon.Config.Syntax;
using static HaDaemon.Config.Tests.Syntax.SyntaxTestHelpers;

namespace HaDaemon.Config.Tests.Syntax;

public class ParameterTests
{
    [Fact]
    public void A_definition_is_used_as_dollar_name_before_a_blank_or_the_end_and_as_braced_name_anywhere()
    {
        Assert.Equal(new[] { "priority 150", "interface eth0.10", "x 150 y" }, Lines("$PRIO=150\n$IF=eth0\npriority $PRIO\ninterface ${IF}.10\nx $PRIO y"));
    }

    [Fact]
    public void Dollar_name_followed_by_other_characters_is_not_a_use()
    {
        Assert.Equal(new[] { "a $IFx", "b $IF.10", "c eth0,", "d eth0)" }, Lines("$IF=eth0\na $IFx\nb $IF.10\nc $IF,\nd $IF)"));
    }

    [Fact]
    public void Undefined_names_are_left_as_written()
    {
        Assert.Equal(new[] { "script /bin/echo $HOME ${UNDEFINED}" }, Lines("script \"/bin/echo $HOME ${UNDEFINED}\""));
    }

    [Fact]
    public void An_undefined_braced_name_outside_quotes_is_split_at_its_brace_like_any_brace()
    {
        // keepalived cuts every logical line at its first unquoted '{' - also the one of a "${NAME}" left as written.
        Assert.Equal(new[] { "a $", "  UNDEFINED" }, Lines("a ${UNDEFINED}"));
    }

    [Fact]
    public void Only_blanks_may_precede_the_dollar_and_nothing_may_precede_the_equals_sign()
    {
        Assert.Equal(new[] { "$A =1", "x $B=2" }, Lines("  $A =1\nx $B=2\n"));
        Assert.Equal(new[] { "v 2" }, Lines("\t $B=2\nv $B"));
    }

    [Fact]
    public void Names_start_with_a_letter_or_underscore()
    {
        Assert.Equal(new[] { "$1A=x", "v $1A" }, Lines("$1A=x\nv $1A"));
        Assert.Equal(new[] { "v x" }, Lines("$_a1=x\nv $_a1"));
    }

    [Fact]
    public void An_empty_value_is_allowed_and_blanks_after_the_equals_sign_are_skipped()
    {
        Assert.Equal(new[] { "a b" }, Lines("$E=\n$F=   b\na $E $F"));
    }

    [Fact]
    public void Expansion_is_lazy_and_recursive_as_in_the_man_page()
    {
        var text = "$ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}\n$ADDRESS_BASE_SUB=0\n${ADDRESS_BASE}.100/32\n$ADDRESS_BASE_SUB=10\n${ADDRESS_BASE}.100/32\n";
        Assert.Equal(new[] { "10.2.0.100/32", "10.2.10.100/32" }, Lines(text));
    }

    [Fact]
    public void An_expansion_may_produce_a_conditional_prefix()
    {
        // keepalived.conf(5): "$IF_MAIN=@main" then "$IF_MAIN priority 240".
        var text = "$IF_MAIN=@main\n$IF_MAIN priority 240";
        Assert.Equal(new[] { "priority 240" }, Lines(text, "main"));
        Assert.Empty(Lines(text, "backup"));
    }

    [Fact]
    public void Definitions_may_be_conditional()
    {
        var text = "@main $PRIORITY=240\n@backup $PRIORITY=200\npriority $PRIORITY";
        Assert.Equal(new[] { "priority 240" }, Lines(text, "main"));
        Assert.Equal(new[] { "priority 200" }, Lines(text, "backup"));
    }

    [Fact]
    public void Comment_characters_produced_by_an_expansion_start_a_comment_unless_quoted()
    {
        Assert.Equal(new[] { "a x", "b y#z" }, Lines("$H=${_HASH}\na x${H}y\nb \"y${_HASH}z\""));
        Assert.Equal(new[] { "c y!z" }, Lines("c \"y${_BANG}z\""));
    }

    [Fact]
    public void Expanded_text_is_located_at_the_dollar_sign()
    {
        var statement = Read("$IF=eth0\n  interface   ${IF}.10 x").Document.Statements[0];
        Assert.Equal("eth0.10", statement.Arguments[0].Text);
        Assert.Equal((2, 15), (statement.Arguments[0].Location.Line, statement.Arguments[0].Location.Column));
        Assert.Equal(24, statement.Arguments[1].Location.Column);
    }

    [Fact]
    public void A_self_referencing_definition_ends_with_a_diagnostic_instead_of_looping()
    {
        var result = Read("$A=$A\nv $A\nw ok");
        Assert.Contains(SyntaxDiagnosticCodes.RecursiveDefinition, Codes(result));
        Assert.Equal("w ok", Flatten(result.Document.Statements)[^1]);
    }

    [Fact]
    public void A_growing_definition_stops_at_the_maximum_line_length()
    {
        var result = Read("$A=xx${A}\nv ${A}\nw ok");
        Assert.Contains(SyntaxDiagnosticCodes.SubstitutionTooLong, Codes(result));
        Assert.Equal("w ok", Flatten(result.Document.Statements)[^1]);
    }

    [Fact]
    public void Multi_line_definitions_expand_to_several_lines_at_the_use_site()
    {
        var text = """
            $INSTANCE= \
            vrrp_instance VI_${NUM} { \
                interface eth0.${NUM} \
                @high priority 130 \
                @low priority 120 \
                virtual_ipaddress { \
                    10.0.${NUM}.254/24 \
                } \
            }

            $NUM=0
            $INSTANCE

            $NUM=1
            $INSTANCE
            """;
        var result = Read(text, "low");
        AssertClean(result);
        Assert.Equal(new[]
        {
            "vrrp_instance VI_0", "  interface eth0.0", "  priority 120", "  virtual_ipaddress", "    10.0.0.254/24",
            "vrrp_instance VI_1", "  interface eth0.1", "  priority 120", "  virtual_ipaddress", "    10.0.1.254/24",
        }, Flatten(result.Document.Statements));
        var second = result.Document.Statements[1];
        Assert.Equal((15, 1), (second.Location.Line, second.Location.Column));
        Assert.Equal(15, second.Block!.Statements[0].Location.Line);
    }

    [Fact]
    public void Multi_line_definitions_nest()
    {
        var text = """
            $RS= \
            real_server 192.168.${VS}.${RSN} 80 { \
                weight 1 \
            }

            $VSD= \
            virtual_server 10.0.${VS}.4 80 { \
                $RSN=1 \
                $RS \
                $RSN=2 \
                $RS \
            }

            $VS=0
            $VSD
            """;
        Assert.Equal(new[] { "virtual_server 10.0.0.4 80", "  real_server 192.168.0.1 80", "    weight 1", "  real_server 192.168.0.2 80", "    weight 1" }, Lines(text));
    }

    [Fact]
    public void A_multi_line_definition_is_only_used_at_the_end_of_a_line()
    {
        Assert.Equal(new[] { "x $ML y", "a", "b" }, Lines("$ML=a \\\nb\n\nx $ML y\n$ML"));
    }

    [Fact]
    public void Text_before_a_multi_line_use_prefixes_its_first_line()
    {
        Assert.Equal(new[] { "pre first", "second" }, Lines("$ML=first \\\nsecond\npre $ML"));
    }

    [Fact]
    public void A_comment_line_does_not_end_a_multi_line_definition_but_an_empty_line_does()
    {
        // "b" (no '\') is the last line of the definition: the comment line in between did not end it.
        Assert.Equal(new[] { "c", "a", "b" }, Lines("$ML= \\\na \\\n# comment\nb\nc\n$ML"));
        Assert.Equal(new[] { "b", "c", "a" }, Lines("$ML= \\\na \\\n\nb\nc\n$ML"));
    }

    [Fact]
    public void A_self_using_multi_line_definition_ends_with_a_diagnostic()
    {
        var result = Read("$ML= \\\n$ML \\\nx\n\n$ML\nafter", options: new ConfigReadOptions { MaxGeneratedLines = 10_000 });
        Assert.Contains(result.Diagnostics, d => d.Code is SyntaxDiagnosticCodes.RecursiveDefinition or SyntaxDiagnosticCodes.GeneratedLinesLimit);
        Assert.Equal("after", Flatten(result.Document.Statements)[^1]);
    }

    [Fact]
    public void Pwd_is_the_directory_of_the_current_file_and_instance_the_config_id()
    {
        Assert.Equal(new[] { "a /virtual node1" }, Lines("a ${_PWD} ${_INSTANCE}", "node1").Select(l => l.Replace("  ", " ", StringComparison.Ordinal)));
        Assert.Equal(new[] { "a /virtual/node1" }, Lines("a ${_PWD}/${_INSTANCE}", "node1"));
    }

    [Fact]
    public void Random_uses_the_injected_generator_and_its_bounds()
    {
        var options = new ConfigReadOptions { Random = new Random(42) };
        var values = Flatten(Read("~SEQ(i,1,200) v ${_RANDOM 5 7}", options: options).Document.Statements).Select(l => int.Parse(l[2..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(200, values.Count);
        Assert.All(values, v => Assert.InRange(v, 5, 7));
        Assert.Equal(new[] { 5, 6, 7 }, values.Distinct().Order());
        var again = Flatten(Read("~SEQ(i,1,200) v ${_RANDOM 5 7}", options: options with { Random = new Random(42) }).Document.Statements);
        Assert.Equal(values.Select(v => "v " + v), again);
        Assert.All(Lines("~SEQ(i,1,50) v ${_RANDOM}"), l => Assert.InRange(int.Parse(l[2..], System.Globalization.CultureInfo.InvariantCulture), 0, 32767));
    }

    [Fact]
    public void Random_requires_numeric_parameters()
    {
        var result = Read("v \"${_RANDOM a}\"");
        Assert.Equal(new[] { "v ${_RANDOM a}" }, Flatten(result.Document.Statements));
        Assert.Contains(SyntaxDiagnosticCodes.DefinitionError, Codes(result));
    }

    [Fact]
    public void Random_with_min_above_max_uses_min()
    {
        var result = Read("v ${_RANDOM 9 3}");
        Assert.Equal(new[] { "v 9" }, Flatten(result.Document.Statements));
        Assert.Contains(SyntaxDiagnosticCodes.DefinitionError, Codes(result));
    }

    [Fact]
    public void Env_reads_the_injected_environment()
    {
        var options = new ConfigReadOptions { Environment = n => n == "IFACE" ? "eth7" : null };
        Assert.Equal(new[] { "interface eth7.1 x" }, Flatten(Read("interface ${_ENV IFACE}.1 x${_ENV NOPE}", options: options).Document.Statements));
    }

    [Fact]
    public void Predefined_names_can_be_redefined()
    {
        Assert.Equal(new[] { "a h" }, Lines("$_HASH=h\na ${_HASH}"));
    }
}
