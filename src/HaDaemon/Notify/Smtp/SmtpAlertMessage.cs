using System.Globalization;
using System.Text;

namespace HaDaemon.Notify.Smtp;

/// <summary>One alert mail: keepalived's subject and body (vrrp_notify.c, core/smtp.c) and its DATA text.</summary>
public sealed record SmtpAlertMessage(string Subject, string Body)
{
    /// <summary>keepalived's MAX_HEADERS_LENGTH and MAX_BODY_LENGTH buffers (NUL included).</summary>
    private const int MaxSubject = 255;
    private const int MaxBody = 511;

    /// <summary>
    /// The mail for a transition, or null when keepalived sends none for it (vrrp_smtp_notifier and
    /// vrrp_sync_smtp_notifier): MASTER, BACKUP, FAULT, STOP and (instances only) DELETED send.
    /// </summary>
    public static SmtpAlertMessage? For(NotifyTargetKind kind, string name, NotifyState state, string? routerId)
    {
        var texts = kind == NotifyTargetKind.Instance ? InstanceTexts(state) : GroupTexts(state);
        if (texts is not var (what, body))
        {
            return null;
        }
        var subject = $"[{routerId}] VRRP {(kind == NotifyTargetKind.Instance ? "Instance" : "Group")} {name} - {what}";
        return new SmtpAlertMessage(Cut(subject, MaxSubject), Cut(body, MaxBody));
    }

    private static (string, string)? InstanceTexts(NotifyState state) => state switch
    {
        NotifyState.Master => ("Entering MASTER state", "=> VRRP Instance is now owning VRRP VIPs <="),
        NotifyState.Backup => ("Entering BACKUP state", "=> VRRP Instance is no longer owning VRRP VIPs <="),
        NotifyState.Fault => ("Entering FAULT state", "=> VRRP Instance is no longer owning VRRP VIPs <="),
        NotifyState.Stop => ("Stopping", "=> VRRP Instance stopping <="),
        NotifyState.Deleted => ("Deleted", "=> VRRP Deleted at reload <="),
        _ => null,
    };

    private static (string, string)? GroupTexts(NotifyState state) => state switch
    {
        NotifyState.Master => ("Entering MASTER state", "=> All VRRP group instances are now in MASTER state <="),
        NotifyState.Backup => ("Entering BACKUP state", "=> All VRRP group instances are now in BACKUP state <="),
        NotifyState.Fault => ("Entering FAULT state", "=> All VRRP group instances are now in FAULT state <="),
        NotifyState.Stop => ("Stopping", "=> All VRRP group instances are now stopping <="),
        _ => null,
    };

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>
    /// The DATA text keepalived writes (SMTP_HEADERS_CMD SMTP_BODY_CMD SMTP_SEND_CMD), ending with the lone dot.
    /// The header values are keepalived's, X-Mailer included, so existing mail filters keep matching.
    /// </summary>
    public string DataText(DateTimeOffset date, string from, IReadOnlyList<string> to) =>
        new StringBuilder()
            .Append("Date: ").Append(Rfc822(date)).Append("\r\n")
            .Append("From: ").Append(from).Append("\r\n")
            .Append("Subject: ").Append(Subject).Append("\r\n")
            .Append("X-Mailer: Keepalived\r\n")
            .Append("To: ").Append(string.Join(", ", to)).Append("\r\n\r\n")
            .Append(Body).Append("\r\n")
            .Append("\r\n.\r\n")
            .ToString();

    /// <summary>strftime("%a, %d %b %Y %H:%M:%S %z") in the C locale, local time.</summary>
    public static string Rfc822(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return date.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)
            + string.Create(CultureInfo.InvariantCulture, $" {sign}{abs.Hours:00}{abs.Minutes:00}");
    }
}
