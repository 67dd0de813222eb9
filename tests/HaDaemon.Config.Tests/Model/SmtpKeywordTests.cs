using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;
using static HaDaemon.Config.Tests.Model.ModelTestHelpers;

namespace HaDaemon.Config.Tests.Model;

/// <summary>The SMTP alert keywords of global_defs with keepalived's defaults, ranges and messages (global_parser.c).</summary>
public sealed class SmtpKeywordTests
{
    [Fact]
    public void Defaults_are_keepalived_s()
    {
        var r = Load(WithGlobal(" router_id a"));
        var g = r.Config!.Global;
        Assert.Equal((null, null, TimeSpan.FromSeconds(30), false), (g.SmtpServerEndpoint, g.SmtpHeloName, g.SmtpConnectTimeout, g.NoEmailFaults));
    }

    [Theory]
    [InlineData("192.0.2.25", "192.0.2.25", 25)]
    [InlineData("192.0.2.25 2525", "192.0.2.25", 2525)]
    [InlineData("2001:db8::25 587", "2001:db8::25", 587)]
    [InlineData("mail-relay.example.org", "mail-relay.example.org", 25)]
    public void Smtp_server_takes_an_address_or_a_name_and_an_optional_port(string value, string host, int port)
    {
        var r = Load(WithGlobal(" smtp_server " + value + "\n smtp_helo_name lb1.example.org\n smtp_connect_timeout 7\n no_email_faults"));
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity >= Severity.Info && d.Message.Contains("smtp", StringComparison.Ordinal));
        var g = r.Config!.Global;
        Assert.Equal(new SmtpServer(host, port), g.SmtpServerEndpoint);
        Assert.Equal(("lb1.example.org", TimeSpan.FromSeconds(7), true), (g.SmtpHeloName, g.SmtpConnectTimeout, g.NoEmailFaults));
    }

    [Theory]
    [InlineData("192.0.2.25 0", "Invalid smtp server 192.0.2.25 0", 2, 25)]
    [InlineData("192.0.2.25 70000", "Invalid smtp server 192.0.2.25 70000", 2, 25)]
    [InlineData("192.0.2.25 smtp", "Invalid smtp server 192.0.2.25 smtp", 2, 25)]
    [InlineData("bad/name", "Invalid smtp server bad/name 25", 2, 14)]
    public void A_bad_smtp_server_is_an_error_at_its_column_and_sends_nothing(string value, string message, int line, int column)
    {
        var r = Load(WithGlobal(" smtp_server " + value));
        var d = Single(r);
        Assert.Equal((Severity.Error, "invalid-smtp-server", message), (d.Severity, d.Code, d.Message));
        Assert.Equal((line, column), (d.Location.Line, d.Location.Column));
        Assert.Null(r.Config!.Global.SmtpServerEndpoint);
    }

    [Fact]
    public void Smtp_connect_timeout_out_of_range_is_ignored_and_zero_becomes_one()
    {
        var r = Load(WithGlobal(" smtp_connect_timeout 5000"));
        var d = Single(r);
        Assert.Equal("smtp_connect_timeout '5000' must be in [0, 4294] - ignoring", d.Message);
        Assert.Equal((2, 23), (d.Location.Line, d.Location.Column));
        Assert.Equal(TimeSpan.FromSeconds(30), r.Config!.Global.SmtpConnectTimeout);

        r = Load(WithGlobal(" smtp_connect_timeout 0"));
        Assert.Equal("smtp_connect_timeout must be greater than 0, setting to 1", Single(r).Message);
        Assert.Equal(TimeSpan.FromSeconds(1), r.Config!.Global.SmtpConnectTimeout);
    }

    [Fact]
    public void The_smtp_keywords_are_no_longer_reported_unsupported()
    {
        var r = Load(WithGlobal(" smtp_helo_name x\n smtp_connect_timeout 3\n no_email_faults"));
        Assert.DoesNotContain(r.Diagnostics, d => d.Code == "unsupported-feature");
    }

    [Theory]
    [InlineData(" smtp_alert\n notification_email {\n a@example.org\n}", "(VI_1) smtp_alert is set but global_defs has no smtp_server - no alert mail is sent", 7)]
    [InlineData(" smtp_alert_vrrp\n smtp_server 192.0.2.25", "(VI_1) smtp_alert is set but global_defs has no notification_email - no alert mail is sent", 5)]
    public void Smtp_alert_that_cannot_mail_is_said_once_at_the_instance(string lines, string message, int line)
    {
        var r = Load(WithGlobal(lines));
        var d = Assert.Single(r.Diagnostics, d => d.Code == "smtp-alert-not-sent");
        Assert.Equal((Severity.Info, message), (d.Severity, d.Message));
        Assert.Equal(line, d.Location.Line);
    }

    [Fact]
    public void Smtp_alert_with_a_server_and_addresses_says_nothing()
    {
        var r = Load(WithGlobal(" smtp_alert\n smtp_server 192.0.2.25\n notification_email {\n a@example.org\n}"));
        Assert.DoesNotContain(r.Diagnostics, d => d.Code == "smtp-alert-not-sent");
    }
}
