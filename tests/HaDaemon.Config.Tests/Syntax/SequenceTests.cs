using HaDaemon.Config.Syntax;
using static HaDaemon.Config.Tests.Syntax.SyntaxTestHelpers;

namespace HaDaemon.Config.Tests.Syntax;

public class SequenceTests
{
    [Fact]
    public void Seq_with_start_and_end_repeats_the_rest_of_the_line()
    {
        Assert.Equal(new[] { "ip_address 10.0.0.1", "ip_address 10.0.1.1", "ip_address 10.0.2.1", "ip_address 10.0.3.1" },
            Lines("~SEQ(SUBNET, 0, 3) ip_address 10.0.${SUBNET}.1"));
    }

    [Fact]
    public void Seq_with_start_step_end_and_hex()
    {
        var expected = new[] { "ip_address fe80::20:90:1", "ip_address fe80::20:a0:1", "ip_address fe80::20:b0:1", "ip_address fe80::20:c0:1" };
        Assert.Equal(expected, Lines("~SEQx(SUBNET, 144, 16, 192) ip_address fe80::20:${SUBNET}:1"));
        Assert.Equal(expected, Lines("~SEQx(SUBNET, 0x90, 0x10, 0xc0) ip_address fe80::20:${SUBNET}:1"));
    }

    [Fact]
    public void Seq_with_only_an_end_counts_from_one_or_minus_one()
    {
        Assert.Equal(new[] { "v 1", "v 2", "v 3" }, Lines("~SEQ(N,3) v $N"));
        Assert.Equal(new[] { "v -1", "v -2" }, Lines("~SEQ(N,-2) v $N"));
        // keepalived quirk: end 0 gives start 1, step -1.
        Assert.Equal(new[] { "v 1", "v 0" }, Lines("~SEQ(N,0) v $N"));
    }

    [Fact]
    public void Seq_counts_down_when_start_is_above_end()
    {
        Assert.Equal(new[] { "v 3", "v 2", "v 1" }, Lines("~SEQ(N,3,1) v $N"));
        Assert.Equal(new[] { "v 9", "v 6", "v 3" }, Lines("~SEQ(N,9,-3,1) v $N"));
    }

    [Fact]
    public void Seq_numbers_follow_strtol_base_0()
    {
        Assert.Equal(new[] { "v 8", "v 9" }, Lines("~SEQ(N,010,9) v $N"));
    }

    [Fact]
    public void Seq_arguments_may_use_parameters()
    {
        Assert.Equal(new[] { "v 2", "v 3" }, Lines("$LAST=3\n~SEQ(N, 2, $LAST) v $N"));
    }

    [Theory]
    [InlineData("~SEQ(N,1,0,5) v")]
    [InlineData("~SEQ(N,1,-1,5) v")]
    [InlineData("~SEQ(N) v")]
    [InlineData("~SEQ(N,1,2 v")]
    [InlineData("~SEQ N,1,2) v")]
    [InlineData("~SEQ(N,a) v")]
    [InlineData("~SEQx(N,-1,3) v")]
    [InlineData("~SEQ(N,1,2,3,4) v")]
    [InlineData("~SEQ(N, 11111111111111111111, 22222222222222222222, 33333333333333333333) v")]
    public void Invalid_seq_heads_are_reported_and_dropped(string line)
    {
        var result = Read(line + "\nafter");
        Assert.Equal(new[] { "after" }, Flatten(result.Document.Statements));
        Assert.Contains(SyntaxDiagnosticCodes.SequenceError, Codes(result));
    }

    [Fact]
    public void Several_seqs_on_one_line_nest_with_the_last_varying_fastest()
    {
        Assert.Equal(new[] { "fe81::10:90:12", "fe81::10:90:11", "fe81::10:a0:12", "fe81::10:a0:11" },
            Lines("~SEQx(AD2, 0x90, 0x10, 0xa0) ~SEQx(AD1, 0x12, -1, 0x11) fe81::10:${AD2}:${AD1}"));
    }

    [Fact]
    public void Lst_replays_with_each_value()
    {
        Assert.Equal(new[] { "v a", "v b", "v c" }, Lines("~LST(X, a, b, c) v $X"));
    }

    [Fact]
    public void Lst_with_several_variables_takes_one_set_at_a_time_and_fills_missing_values_with_blanks()
    {
        Assert.Equal(new[] { "192.168.10.1", "192.168.20.4", "192.168.5.6", "192.168.12.8" },
            Lines("~LST({IP, IP1}, {10,1},{20,4},{5,6},{12,8}) 192.168.${IP}.${IP1}"));
        Assert.Equal(new[] { "v 7-" }, Lines("~LST({A,B},{7}) v ${A}-${B}"));
    }

    [Fact]
    public void Lst_with_too_many_values_is_reported()
    {
        var result = Read("~LST({A,B},{1,2,3}) v");
        Assert.Empty(result.Document.Statements);
        Assert.Contains(SyntaxDiagnosticCodes.SequenceError, Codes(result));
    }

    [Fact]
    public void Lsts_nest_and_combine_with_seqs()
    {
        Assert.Equal(new[] { "192.169.1.5", "192.169.1.6", "192.169.2.5", "192.169.2.6" },
            Lines("~LST(IP, 1, 2) ~LST(IP1, 5,6) 192.169.${IP}.${IP1}"));
        Assert.Equal(new[] { "192.168.10.1", "192.170.10.1", "192.168.20.4", "192.170.20.4" },
            Lines("~LST({IP, IP1}, {10,1},{20,4}) ~SEQ(IP2,168,2,170) 192.${IP2}.${IP}.${IP1}"));
    }

    [Fact]
    public void A_seq_inside_a_block_produces_one_statement_per_value_located_on_the_seq_line()
    {
        // Verified with keepalived 2.2.7: ~SEQ(N,3,5) 10.1.1.${N} inside virtual_ipaddress gives three VIPs.
        var result = Read("virtual_ipaddress {\n    ~SEQ(N,3,5) 10.1.1.${N}\n}");
        var block = result.Document.Statements[0].Block!;
        Assert.Equal(new[] { "10.1.1.3", "10.1.1.4", "10.1.1.5" }, block.Statements.Select(s => s.Keyword.Text));
        Assert.All(block.Statements, s => Assert.Equal((2, 17), (s.Location.Line, s.Location.Column)));
    }

    [Fact]
    public void A_seq_can_replay_a_multi_line_definition()
    {
        var text = "$VI= \\\nvrrp_instance v${ID} { \\\n virtual_router_id ${ID} \\\n}\n\n~SEQ(ID,1,3) $VI\n";
        Assert.Equal(new[] { "vrrp_instance v1", "  virtual_router_id 1", "vrrp_instance v2", "  virtual_router_id 2", "vrrp_instance v3", "  virtual_router_id 3" }, Lines(text));
    }

    [Fact]
    public void Nested_seqs_over_a_multi_line_definition_produce_every_combination()
    {
        var text = "$VI= \\\ninst ${A}.${B} { \\\n id ${B} \\\n}\n\n~SEQ(A,0,1) ~SEQ(B,1,2) $VI\n";
        Assert.Equal(new[] { "inst 0.1", "  id 1", "inst 0.2", "  id 2", "inst 1.1", "  id 1", "inst 1.2", "  id 2" }, Lines(text));
    }

    [Fact]
    public void A_huge_seq_stops_at_the_generated_line_limit()
    {
        var result = Read("~SEQ(N, 1, 9223372036854775807) v $N\nafter", options: new ConfigReadOptions { MaxGeneratedLines = 1000 });
        Assert.Contains(SyntaxDiagnosticCodes.GeneratedLinesLimit, Codes(result));
        Assert.Equal(1001, result.Document.Statements.Count);
        Assert.Equal("after", result.Document.Statements[^1].Keyword.Text);
    }

    [Fact]
    public void A_line_starting_with_tilde_that_is_not_a_sequence_is_not_expanded()
    {
        Assert.Equal(new[] { "~X $A" }, Lines("$A=1\n~X $A"));
    }
}
