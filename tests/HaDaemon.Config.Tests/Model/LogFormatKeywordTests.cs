using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Loading;
using HaDaemon.Config.Model;
using static HaDaemon.Config.Tests.Model.ModelTestHelpers;

namespace HaDaemon.Config.Tests.Model;

/// <summary><c>hadaemon_log_format text|json</c> in global_defs (HaDaemon-specific, issue 7).</summary>
public sealed class LogFormatKeywordTests
{
    [Fact]
    public void Absent_keyword_leaves_the_format_unset()
    {
        var r = Load(WithGlobal(" router_id a"));
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity >= Severity.Warning);
        Assert.Null(r.Config!.Global.LogFormat);
    }

    [Theory]
    [InlineData("json", LogFormat.Json)]
    [InlineData("text", LogFormat.Text)]
    public void Keyword_sets_the_format(string value, LogFormat expected)
    {
        var r = Load(WithGlobal(" hadaemon_log_format " + value));
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity >= Severity.Warning);
        Assert.Equal(expected, r.Config!.Global.LogFormat);
    }

    [Fact]
    public void The_last_valid_line_wins_and_a_bad_value_is_an_error_at_its_column_that_keeps_the_previous_one()
    {
        var r = Load(WithGlobal(" hadaemon_log_format json\n hadaemon_log_format JSON"));
        var d = Single(r);
        Assert.Equal("invalid-log-format", d.Code);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal("hadaemon_log_format 'JSON' is invalid - expected text or json", d.Message);
        Assert.Equal((3, 22), (d.Location.Line, d.Location.Column));
        Assert.Equal(LogFormat.Json, r.Config!.Global.LogFormat);
    }

    [Fact]
    public void Missing_value_is_reported()
    {
        var r = Load(WithGlobal(" hadaemon_log_format"));
        Assert.Contains(r.Diagnostics, d => d.Severity >= Severity.Warning && d.Message.Contains("hadaemon_log_format", StringComparison.Ordinal));
        Assert.Null(r.Config!.Global.LogFormat);
    }

    [Fact]
    public void The_configuration_dump_shows_the_format()
    {
        var r = Load(WithGlobal(" hadaemon_log_format json"));
        Assert.Contains("\"LogFormat\": \"Json\"", ConfigJson.Serialize(r.Config!), StringComparison.Ordinal);
    }
}
