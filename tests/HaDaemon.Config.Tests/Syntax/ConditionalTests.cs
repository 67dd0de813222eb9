using HaDaemon.Config.Syntax;
using HaDaemon.TestSupport;
using static HaDaemon.Config.Tests.Syntax.SyntaxTestHelpers;

namespace HaDaemon.Config.Tests.Syntax;

public class ConditionalTests
{
    private const string Text = "@main router_id main_router\n@backup router_id backup_router\n@^main peer 1.2.3.4\n@^backup peer 1.2.3.5\nplain x\n";

    [Fact]
    public void Lines_for_the_config_id_are_kept_without_their_prefix()
    {
        Assert.Equal(new[] { "router_id main_router", "peer 1.2.3.5", "plain x" }, Lines(Text, "main"));
        Assert.Equal(new[] { "router_id backup_router", "peer 1.2.3.4", "plain x" }, Lines(Text, "backup"));
    }

    [Fact]
    public void Without_a_config_id_every_at_line_is_dropped_and_every_negated_line_kept()
    {
        Assert.Equal(new[] { "peer 1.2.3.4", "peer 1.2.3.5", "plain x" }, Lines(Text, null));
        Assert.Equal(new[] { "peer 1.2.3.4", "peer 1.2.3.5", "plain x" }, Lines(Text, "other"));
    }

    [Fact]
    public void The_id_is_compared_whole_and_case_sensitively()
    {
        Assert.Empty(Lines("@mai x\n@mainx y\n@Main z", "main"));
    }

    [Fact]
    public void A_space_after_the_at_sign_makes_an_empty_id()
    {
        Assert.Empty(Lines("@ main x", "main"));
        Assert.Equal(new[] { "main x" }, Lines("@^ main x", "main"));
    }

    [Fact]
    public void A_conditional_with_nothing_after_the_id_is_dropped()
    {
        Assert.Empty(Lines("@main\n@^other", "main"));
    }

    [Fact]
    public void Conditional_lines_inside_blocks_and_their_token_positions()
    {
        var result = Read("vrrp_instance X {\n@high\tpriority 170\n@low\tpriority 85\n}", "low");
        var priority = Assert.Single(result.Document.Statements[0].Block!.Statements);
        Assert.Equal("85", priority.Arguments[0].Text);
        Assert.Equal((3, 6), (priority.Location.Line, priority.Location.Column));
    }

    [Fact]
    public void The_default_config_id_is_the_host_name_up_to_the_first_dot()
    {
        Assert.Equal("node1", ConfigReadOptions.DefaultConfigId("node1.example.com"));
        Assert.Equal("node1", ConfigReadOptions.DefaultConfigId("node1"));
    }

    [Theory]
    [InlineData("high", "170")]
    [InlineData("low", "85")]
    public void The_corpus_conditional_file_selects_by_id(string id, string priority)
    {
        var result = ConfigReader.ReadFile(Path.Combine(RepoPaths.Corpus, "keepalived.conf.conditional_conf"), new ConfigReadOptions { ConfigId = id });
        var instance = result.Document.Statements.First(s => s.Keyword.Text == "vrrp_instance");
        Assert.Equal(priority, instance.Block!.Statements.Single(s => s.Keyword.Text == "priority").Arguments[0].Text);
        Assert.Equal(id, result.Document.Statements.First(s => s.Keyword.Text == "net_namespace").Arguments[0].Text);
    }
}
