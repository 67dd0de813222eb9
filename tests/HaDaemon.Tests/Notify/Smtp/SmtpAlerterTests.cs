using HaDaemon.Notify;
using HaDaemon.Notify.Smtp;
using HaDaemon.Tests.Scripts;

namespace HaDaemon.Tests.Notify.Smtp;

/// <summary>Which transitions mail (keepalived's vrrp_smtp_notifier), in order, and never from the caller's thread.</summary>
public sealed class SmtpAlerterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly NotifyScripts Alerting = new(SmtpAlert: true);
    private readonly ListLogger _logger = new();

    private static SmtpAlertSettings Settings(int port, bool noEmailFaults = false) => new(
        "127.0.0.1", port, "h", "f@example.org", ["ops@example.org"], Patience, "r1", noEmailFaults);

    private static NotifyEvent Event(NotifyState state, NotifyScripts? scripts = null, string name = "VI_1",
        NotifyTargetKind kind = NotifyTargetKind.Instance) => new(kind, name, state, 100, 1, scripts ?? Alerting);

    private static string Subject(string session) =>
        session.Split("\r\n").Single(l => l.StartsWith("Subject: ", StringComparison.Ordinal))["Subject: ".Length..];

    [Fact]
    public async Task Transitions_are_mailed_in_order_and_a_repeated_state_only_once()
    {
        using var server = new FakeSmtpServer();
        await using var alerter = new SmtpAlerter(Settings(server.Port), _logger);
        alerter.Alert(Event(NotifyState.Backup));
        alerter.Alert(Event(NotifyState.Master));
        alerter.Alert(Event(NotifyState.Master));
        alerter.Alert(Event(NotifyState.Master, name: "G1", kind: NotifyTargetKind.Group));
        alerter.Alert(Event(NotifyState.Fault));
        Assert.Equal("[r1] VRRP Instance VI_1 - Entering BACKUP state", Subject(server.NextSession(Patience)));
        Assert.Equal("[r1] VRRP Instance VI_1 - Entering MASTER state", Subject(server.NextSession(Patience)));
        Assert.Equal("[r1] VRRP Group G1 - Entering MASTER state", Subject(server.NextSession(Patience)));
        Assert.Equal("[r1] VRRP Instance VI_1 - Entering FAULT state", Subject(server.NextSession(Patience)));
        await alerter.StopAsync(Patience);
        Assert.Empty(server.Sessions);
    }

    [Fact]
    public async Task No_mail_without_smtp_alert_for_faults_with_no_email_faults_or_for_fifo_only_events()
    {
        using var server = new FakeSmtpServer();
        await using var alerter = new SmtpAlerter(Settings(server.Port, noEmailFaults: true), _logger);
        alerter.Alert(Event(NotifyState.Master, NotifyScripts.None));
        alerter.Alert(Event(NotifyState.Fault));
        alerter.Alert(Event(NotifyState.MasterRxLowerPri));
        alerter.Alert(Event(NotifyState.Deleted));
        alerter.Alert(Event(NotifyState.Stop));
        // DELETED without notify_deleted is reported (and mailed) as FAULT, which no_email_faults suppresses.
        Assert.Equal("[r1] VRRP Instance VI_1 - Stopping", Subject(server.NextSession(Patience)));
        await alerter.StopAsync(Patience);
        Assert.Empty(server.Sessions);
    }

    [Fact]
    public async Task Deleted_is_mailed_as_deleted_with_notify_deleted()
    {
        using var server = new FakeSmtpServer();
        await using var alerter = new SmtpAlerter(Settings(server.Port), _logger);
        alerter.Alert(Event(NotifyState.Deleted, Alerting with { NotifyDeleted = true }));
        Assert.Equal("[r1] VRRP Instance VI_1 - Deleted", Subject(server.NextSession(Patience)));
    }

    [Fact]
    public async Task A_hanging_server_delays_nobody_and_later_settings_apply_after_update()
    {
        using var silent = new FakeSmtpServer(FakeSmtpMode.Silent);
        using var good = new FakeSmtpServer();
        await using var alerter = new SmtpAlerter(Settings(silent.Port) with { Timeout = TimeSpan.FromMilliseconds(300) }, _logger);
        var started = DateTime.UtcNow;
        alerter.Alert(Event(NotifyState.Master));
        alerter.Update(Settings(good.Port));
        alerter.Alert(Event(NotifyState.Backup));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "Alert must only queue");
        Assert.Equal("[r1] VRRP Instance VI_1 - Entering BACKUP state", Subject(good.NextSession(Patience)));
        Assert.Contains(_logger.Messages, m => m.StartsWith("Timeout reading data to remote SMTP server", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_settings_nothing_is_sent_and_nothing_fails()
    {
        await using var alerter = new SmtpAlerter(null, _logger);
        alerter.Alert(Event(NotifyState.Master));
        await alerter.StopAsync(Patience);
        Assert.Empty(_logger.Entries);
    }
}
