using System.Net;
using HaDaemon.Config.Model;

namespace HaDaemon.Notify.Smtp;

/// <summary>
/// Everything needed to send keepalived's alert mails, from global_defs. Unset names (null) take keepalived's defaults
/// (global_data.c) when a mail is sent: HELO name = the host's canonical name, From = USER@canonical name,
/// router_id = the canonical name. Looking that name up may touch DNS, so it is done off the event loop.
/// </summary>
public sealed record SmtpAlertSettings(
    string Host,
    int Port,
    string? HeloName,
    string? From,
    IReadOnlyList<string> To,
    TimeSpan Timeout,
    string? RouterId,
    bool NoEmailFaults)
{
    /// <summary>keepalived's FMT_SMTP_HOST (inet_sockaddrtopair): <c>[ADDRESS]:PORT</c>.</summary>
    public string Display => $"[{Host}]:{Port}";

    /// <summary>The settings of a configuration; null when it sends no mail (no smtp_server or no notification_email).</summary>
    public static SmtpAlertSettings? Of(GlobalDefs g) =>
        g.SmtpServerEndpoint is { } server && g.NotificationEmails.Count > 0
            ? new SmtpAlertSettings(server.Host, server.Port, g.SmtpHeloName, g.NotificationEmailFrom, g.NotificationEmails,
                g.SmtpConnectTimeout, g.RouterId, g.NoEmailFaults)
            : null;

    /// <summary>Fills the unset names from the host's canonical name (keepalived's get_local_name) and the user.</summary>
    public SmtpAlertSettings WithDefaults(string localName, string user) => this with
    {
        HeloName = HeloName ?? localName,
        From = From ?? $"{user}@{localName}",
        RouterId = RouterId ?? localName,
    };

    /// <summary>keepalived's get_local_name(): the canonical name of uname's nodename, else the plain host name.</summary>
    public static async Task<string> LocalNameAsync(CancellationToken cancel)
    {
        var node = Dns.GetHostName();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            limit.CancelAfter(TimeSpan.FromSeconds(5));
            var entry = await Dns.GetHostEntryAsync(node, limit.Token);
            return string.IsNullOrEmpty(entry.HostName) ? node : entry.HostName;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or OperationCanceledException && !cancel.IsCancellationRequested)
        {
            return node;
        }
    }
}
