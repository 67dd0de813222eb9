using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HaDaemon.Tests.Notify.Smtp;

/// <summary>How the fake server misbehaves.</summary>
public enum FakeSmtpMode
{
    /// <summary>220, 250..., 354, 250, 221 — a well-behaved server.</summary>
    Normal,

    /// <summary>Answers <see cref="FakeSmtpServer.RejectCode"/> to the command starting with <see cref="FakeSmtpServer.RejectCommand"/>.</summary>
    Reject,

    /// <summary>Accepts the connection and never says a word.</summary>
    Silent,

    /// <summary>Sends the greeting, then closes the connection when the first command arrives.</summary>
    CloseAfterGreeting,
}

/// <summary>
/// A minimal SMTP sink on an ephemeral port: records every line the client sends (the DATA text included, with its
/// CRLFs) per connection and answers like a server would. For tests only; one connection at a time.
/// </summary>
public sealed class FakeSmtpServer : IDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly FakeSmtpMode _mode;

    /// <param name="listener">An already bound, listening socket (e.g. made inside a network namespace); null = 127.0.0.1:0.</param>
    public FakeSmtpServer(FakeSmtpMode mode = FakeSmtpMode.Normal, Socket? listener = null)
    {
        _mode = mode;
        _listener = listener ?? Listen(IPAddress.Loopback);
        _loop = Task.Run(AcceptLoop);
    }

    public static Socket Listen(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        socket.Listen(8);
        return socket;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public string RejectCommand { get; init; } = "RCPT";

    public int RejectCode { get; init; } = 550;

    /// <summary>Multi-line replies ("250-...") before the final line, like real ESMTP servers.</summary>
    public bool MultiLineGreeting { get; init; }

    /// <summary>One entry per finished connection: everything the client sent, in order.</summary>
    public BlockingCollection<string> Sessions { get; } = [];

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            using (client)
            {
                var received = new StringBuilder();
                try
                {
                    await Serve(client, received);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
                {
                    // The client went away or the test ended: what was received so far is the session.
                }
                Sessions.Add(received.ToString());
            }
        }
    }

    private async Task Serve(Socket client, StringBuilder received)
    {
        if (_mode == FakeSmtpMode.Silent)
        {
            // Hold the connection open, reading whatever comes, until the client gives up.
            var sink = new byte[1024];
            while (await client.ReceiveAsync(sink, _stop.Token) is var n && n > 0)
            {
                received.Append(Encoding.ASCII.GetString(sink, 0, n));
            }
            return;
        }
        await Say(client, MultiLineGreeting ? "220-fake.example ESMTP\r\n220-more text\r\n220 ready\r\n" : "220 fake.example ESMTP\r\n");
        var buffer = new byte[4096];
        var pending = "";
        var inData = false;
        while (true)
        {
            var n = await client.ReceiveAsync(buffer, _stop.Token);
            if (n == 0)
            {
                return;
            }
            var text = Encoding.ASCII.GetString(buffer, 0, n);
            received.Append(text);
            pending += text;
            if (_mode == FakeSmtpMode.CloseAfterGreeting)
            {
                client.Shutdown(SocketShutdown.Both);
                return;
            }
            while (true)
            {
                if (inData)
                {
                    var end = pending.IndexOf("\r\n.\r\n", StringComparison.Ordinal);
                    if (end < 0)
                    {
                        break;
                    }
                    pending = pending[(end + 5)..];
                    inData = false;
                    await Say(client, Answer("BODY", "250 queued\r\n"));
                    continue;
                }
                var eol = pending.IndexOf("\r\n", StringComparison.Ordinal);
                if (eol < 0)
                {
                    break;
                }
                var line = pending[..eol];
                pending = pending[(eol + 2)..];
                if (line.StartsWith("DATA", StringComparison.Ordinal))
                {
                    var reply = Answer("DATA", "354 go ahead\r\n");
                    inData = reply.StartsWith("354", StringComparison.Ordinal);
                    await Say(client, reply);
                }
                else if (line.StartsWith("QUIT", StringComparison.Ordinal))
                {
                    await Say(client, "221 bye\r\n");
                    return;
                }
                else
                {
                    await Say(client, Answer(line, line.StartsWith("HELO", StringComparison.Ordinal) && MultiLineGreeting
                        ? "250-fake.example\r\n250 HELP\r\n" : "250 ok\r\n"));
                }
            }
        }
    }

    private string Answer(string command, string normal) =>
        _mode == FakeSmtpMode.Reject && command.StartsWith(RejectCommand, StringComparison.Ordinal)
            ? $"{RejectCode} no\r\n"
            : normal;

    private async Task Say(Socket client, string text) => await client.SendAsync(Encoding.ASCII.GetBytes(text), _stop.Token);

    /// <summary>The next finished session, or a failure after <paramref name="timeout"/>.</summary>
    public string NextSession(TimeSpan timeout) =>
        Sessions.TryTake(out var s, timeout) ? s : throw new TimeoutException("no SMTP session finished in time");

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }
}
