using System.Net;
using HaDaemon.Tests.Notify.Smtp;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>
/// A real daemon with <c>smtp_alert</c> mails its MASTER transition to an SMTP server listening inside the node's
/// namespace (the fake server's socket is made on a thread in that namespace, so it is bound there).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class SmtpAlertTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [NetnsFact]
    public void A_node_becoming_master_mails_keepalived_s_alert()
    {
        using var lab = VrrpLab.Create("hml", nodes: 1);
        var address = lab.Network.Ipv4(0);
        using var server = new FakeSmtpServer(listener: lab.Network[0].Run(() => FakeSmtpServer.Listen(IPAddress.Parse(address))));
        lab.WriteConfig(0, $$"""
            global_defs {
                router_id lab-node
                notification_email {
                    ops@example.org
                    noc@example.org
                }
                notification_email_from hadaemon@example.org
                smtp_server {{address}} {{server.Port}}
                smtp_helo_name lab-node.example.org
                smtp_connect_timeout 5
            }
            {{lab.Instance(150, extra: "smtp_alert")}}
            """);
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", Patience);

        // Like keepalived, the start in BACKUP is mailed too, before the MASTER transition.
        Assert.Contains("Subject: [lab-node] VRRP Instance VI_1 - Entering BACKUP state\r\n", server.NextSession(Patience), StringComparison.Ordinal);
        var session = server.NextSession(Patience);
        Assert.StartsWith(
            "HELO lab-node.example.org\r\nMAIL FROM:<hadaemon@example.org>\r\nRCPT TO:<ops@example.org>\r\nRCPT TO:<noc@example.org>\r\nDATA\r\nDate: ",
            session, StringComparison.Ordinal);
        Assert.EndsWith(
            "\r\nFrom: hadaemon@example.org\r\nSubject: [lab-node] VRRP Instance VI_1 - Entering MASTER state\r\nX-Mailer: Keepalived\r\n" +
            "To: ops@example.org, noc@example.org\r\n\r\n=> VRRP Instance is now owning VRRP VIPs <=\r\n\r\n.\r\nQUIT\r\n",
            session, StringComparison.Ordinal);
        daemon.WaitFor(System.Text.RegularExpressions.Regex.Escape("SMTP alert successfully sent."), Patience);
        Assert.DoesNotContain("not supported by HaDaemon", daemon.Log, StringComparison.Ordinal);
    }
}
