using HaDaemon.Notify;
using HaDaemon.Notify.Smtp;

namespace HaDaemon.Tests.Notify.Smtp;

/// <summary>keepalived's subjects and bodies (vrrp_notify.c) and its Date header (strftime in the C locale).</summary>
public sealed class SmtpAlertMessageTests
{
    [Theory]
    [InlineData(NotifyState.Master, "[r1] VRRP Instance VI_1 - Entering MASTER state", "=> VRRP Instance is now owning VRRP VIPs <=")]
    [InlineData(NotifyState.Backup, "[r1] VRRP Instance VI_1 - Entering BACKUP state", "=> VRRP Instance is no longer owning VRRP VIPs <=")]
    [InlineData(NotifyState.Fault, "[r1] VRRP Instance VI_1 - Entering FAULT state", "=> VRRP Instance is no longer owning VRRP VIPs <=")]
    [InlineData(NotifyState.Stop, "[r1] VRRP Instance VI_1 - Stopping", "=> VRRP Instance stopping <=")]
    [InlineData(NotifyState.Deleted, "[r1] VRRP Instance VI_1 - Deleted", "=> VRRP Deleted at reload <=")]
    public void Instance_texts(NotifyState state, string subject, string body) =>
        Assert.Equal(new SmtpAlertMessage(subject, body), SmtpAlertMessage.For(NotifyTargetKind.Instance, "VI_1", state, "r1"));

    [Theory]
    [InlineData(NotifyState.Master, "[r1] VRRP Group G1 - Entering MASTER state", "=> All VRRP group instances are now in MASTER state <=")]
    [InlineData(NotifyState.Backup, "[r1] VRRP Group G1 - Entering BACKUP state", "=> All VRRP group instances are now in BACKUP state <=")]
    [InlineData(NotifyState.Fault, "[r1] VRRP Group G1 - Entering FAULT state", "=> All VRRP group instances are now in FAULT state <=")]
    [InlineData(NotifyState.Stop, "[r1] VRRP Group G1 - Stopping", "=> All VRRP group instances are now stopping <=")]
    public void Group_texts(NotifyState state, string subject, string body) =>
        Assert.Equal(new SmtpAlertMessage(subject, body), SmtpAlertMessage.For(NotifyTargetKind.Group, "G1", state, "r1"));

    [Theory]
    [InlineData(NotifyTargetKind.Instance, NotifyState.MasterRxLowerPri)]
    [InlineData(NotifyTargetKind.Instance, NotifyState.MasterPriority)]
    [InlineData(NotifyTargetKind.Group, NotifyState.Deleted)]
    public void Other_events_send_no_mail(NotifyTargetKind kind, NotifyState state) =>
        Assert.Null(SmtpAlertMessage.For(kind, "X", state, "r1"));

    [Fact]
    public void A_long_subject_is_cut_to_keepalived_s_buffer()
    {
        var m = SmtpAlertMessage.For(NotifyTargetKind.Instance, new string('i', 400), NotifyState.Master, "r1")!;
        Assert.Equal(255, m.Subject.Length);
    }

    [Theory]
    [InlineData(0, 0, "Mon, 02 Mar 2026 09:04:08 +0000")]
    [InlineData(-3, -30, "Mon, 02 Mar 2026 09:04:08 -0330")]
    [InlineData(5, 45, "Mon, 02 Mar 2026 09:04:08 +0545")]
    public void Date_is_rfc822_like_strftime(int hours, int minutes, string expected) =>
        Assert.Equal(expected, SmtpAlertMessage.Rfc822(new DateTimeOffset(2026, 3, 2, 9, 4, 8, new TimeSpan(hours, minutes, 0))));
}
