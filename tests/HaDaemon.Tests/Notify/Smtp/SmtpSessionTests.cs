using System.Net;
using System.Net.Sockets;
using HaDaemon.Notify;
using HaDaemon.Notify.Smtp;
using HaDaemon.Tests.Scripts;

namespace HaDaemon.Tests.Notify.Smtp;

/// <summary>The SMTP dialogue of keepalived's core/smtp.c against a fake server, and its failure log texts.</summary>
public sealed class SmtpSessionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset When = new(2026, 11, 21, 14, 5, 9, TimeSpan.FromHours(1));
    private readonly ListLogger _logger = new();

    private static SmtpAlertSettings Settings(int port, TimeSpan? timeout = null) => new(
        "127.0.0.1", port, "lb1.example.org", "keepalived@lb1.example.org", ["ops@example.org", "noc@example.org"],
        timeout ?? Patience, "lb1", NoEmailFaults: false);

    private static SmtpAlertMessage Master => SmtpAlertMessage.For(NotifyTargetKind.Instance, "VI_1", NotifyState.Master, "lb1")!;

    private Task<bool> Send(SmtpAlertSettings settings) =>
        SmtpSession.SendAsync(settings, Master, When, _logger, CancellationToken.None);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_mail_is_the_exact_dialogue_keepalived_speaks(bool multiLineReplies)
    {
        using var server = new FakeSmtpServer { MultiLineGreeting = multiLineReplies };
        Assert.True(await Send(Settings(server.Port)));
        Assert.Equal(
            "HELO lb1.example.org\r\n" +
            "MAIL FROM:<keepalived@lb1.example.org>\r\n" +
            "RCPT TO:<ops@example.org>\r\n" +
            "RCPT TO:<noc@example.org>\r\n" +
            "DATA\r\n" +
            "Date: Sat, 21 Nov 2026 14:05:09 +0100\r\n" +
            "From: keepalived@lb1.example.org\r\n" +
            "Subject: [lb1] VRRP Instance VI_1 - Entering MASTER state\r\n" +
            "X-Mailer: Keepalived\r\n" +
            "To: ops@example.org, noc@example.org\r\n" +
            "\r\n" +
            "=> VRRP Instance is now owning VRRP VIPs <=\r\n" +
            "\r\n.\r\n" +
            "QUIT\r\n",
            server.NextSession(Patience));
        Assert.Contains("SMTP alert successfully sent.", _logger.Messages);
    }

    [Theory]
    [InlineData("HELO", 501, "HELO lb1.example.org\r\nQUIT\r\n")]
    [InlineData("MAIL", 553, "HELO lb1.example.org\r\nMAIL FROM:<keepalived@lb1.example.org>\r\nQUIT\r\n")]
    [InlineData("RCPT", 550, "HELO lb1.example.org\r\nMAIL FROM:<keepalived@lb1.example.org>\r\nRCPT TO:<ops@example.org>\r\nQUIT\r\n")]
    [InlineData("DATA", 451, "HELO lb1.example.org\r\nMAIL FROM:<keepalived@lb1.example.org>\r\nRCPT TO:<ops@example.org>\r\nRCPT TO:<noc@example.org>\r\nDATA\r\nQUIT\r\n")]
    public async Task A_refusal_is_logged_with_keepalived_s_words_and_ends_with_quit(string command, int code, string dialogue)
    {
        using var server = new FakeSmtpServer(FakeSmtpMode.Reject) { RejectCommand = command, RejectCode = code };
        Assert.False(await Send(Settings(server.Port)));
        Assert.Equal(dialogue, server.NextSession(Patience));
        Assert.Contains($"Error processing {command} cmd on SMTP server [127.0.0.1]:{server.Port}. SMTP status code = {code}", _logger.Messages);
        Assert.DoesNotContain("SMTP alert successfully sent.", _logger.Messages);
    }

    [Fact]
    public async Task A_refused_body_is_not_reported_as_sent()
    {
        using var server = new FakeSmtpServer(FakeSmtpMode.Reject) { RejectCommand = "BODY", RejectCode = 554 };
        Assert.False(await Send(Settings(server.Port)));
        Assert.EndsWith("\r\n.\r\nQUIT\r\n", server.NextSession(Patience), StringComparison.Ordinal);
        Assert.Contains($"Error processing BODY cmd on SMTP server [127.0.0.1]:{server.Port}. SMTP status code = 554", _logger.Messages);
    }

    [Fact]
    public async Task A_silent_server_times_out_and_is_sent_quit()
    {
        using var server = new FakeSmtpServer(FakeSmtpMode.Silent);
        Assert.False(await Send(Settings(server.Port, TimeSpan.FromMilliseconds(300))));
        Assert.Contains($"Timeout reading data to remote SMTP server [127.0.0.1]:{server.Port}.", _logger.Messages);
        Assert.Equal("QUIT\r\n", server.NextSession(Patience));
    }

    [Fact]
    public async Task A_server_that_hangs_up_is_logged_and_left()
    {
        using var server = new FakeSmtpServer(FakeSmtpMode.CloseAfterGreeting);
        Assert.False(await Send(Settings(server.Port)));
        Assert.Contains($"Remote SMTP server [127.0.0.1]:{server.Port} has closed the connection.", _logger.Messages);
        Assert.Equal("HELO lb1.example.org\r\n", server.NextSession(Patience));
    }

    [Fact]
    public async Task A_refused_connection_is_logged()
    {
        int port;
        using (var unused = FakeSmtpServer.Listen(IPAddress.Loopback))
        {
            port = ((IPEndPoint)unused.LocalEndPoint!).Port;
        }
        Assert.False(await Send(Settings(port)));
        Assert.Contains(_logger.Messages, m => m.StartsWith($"SMTP connection ERROR to [127.0.0.1]:{port}.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_endless_reply_line_is_an_overflow_not_a_hang()
    {
        using var listener = FakeSmtpServer.Listen(IPAddress.Loopback);
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptAsync();
            await client.SendAsync(new byte[2048].Select(_ => (byte)'2').ToArray());
            var sink = new byte[256];
            var text = "";
            // The client closes with our excess bytes unread, which resets the connection: read up to its line only.
            while (!text.Contains("\r\n", StringComparison.Ordinal) && await client.ReceiveAsync(sink) is var n && n > 0)
            {
                text += System.Text.Encoding.ASCII.GetString(sink, 0, n);
            }
            return text;
        });
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Assert.False(await Send(Settings(port, TimeSpan.FromSeconds(2))));
        Assert.Contains($"Received buffer from remote SMTP server [127.0.0.1]:{port} overflow our get read buffer length.", _logger.Messages);
        Assert.Equal("QUIT\r\n", await serve.WaitAsync(Patience));
    }
}
