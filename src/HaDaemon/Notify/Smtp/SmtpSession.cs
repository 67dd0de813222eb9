using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Notify.Smtp;

/// <summary>
/// One alert mail over plain SMTP, the dialogue of keepalived's core/smtp.c: wait for 220, <c>HELO name</c> → 250,
/// <c>MAIL FROM:&lt;from&gt;</c> → 250, <c>RCPT TO:&lt;addr&gt;</c> → 250 for every address, <c>DATA</c> → 354, headers and
/// body ending with the lone dot → 250, <c>QUIT</c> → 221. The connect and every reply wait at most the timeout.
/// A wrong reply code or a read timeout sends QUIT; a closed connection or a send error just ends. Nothing is
/// retried (keepalived does not retry either); every failure is logged with keepalived's text and that is all.
/// </summary>
/// <remarks>Our own client over System.Net.Sockets: System.Net.Mail is not trimming/NativeAOT friendly and is obsolete.
/// keepalived speaks plain SMTP only (no TLS, no AUTH, no EHLO), so this does too.</remarks>
public sealed class SmtpSession
{
    /// <summary>keepalived's SMTP_BUFFER_MAX: a reply that does not fit is an error.</summary>
    private const int BufferMax = 1024;

    private readonly SmtpAlertSettings _settings;
    private readonly ILogger _logger;
    private readonly byte[] _buffer = new byte[BufferMax];
    private int _buffered;
    private string _display;

    private SmtpSession(SmtpAlertSettings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
        _display = settings.Display;
    }

    /// <summary>Sends one mail; true when the server accepted it (250 after the body). Never throws.</summary>
    public static async Task<bool> SendAsync(SmtpAlertSettings settings, SmtpAlertMessage message, DateTimeOffset date,
        ILogger logger, CancellationToken cancel)
    {
        try
        {
            return await new SmtpSession(settings, logger).RunAsync(message, date, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            logger.LogInformation("SMTP alert \"{Subject}\" abandoned: shutting down", message.Subject);
            return false;
        }
    }

    private async Task<bool> RunAsync(SmtpAlertMessage message, DateTimeOffset date, CancellationToken cancel)
    {
        if (await ResolveAsync(cancel) is not { } endpoint)
        {
            return false;
        }
        _display = $"[{endpoint.Address}]:{endpoint.Port}";
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (!await ConnectAsync(socket, endpoint, cancel))
        {
            return false;
        }
        var from = _settings.From ?? "";
        var steps = new List<(string? Command, int Expected, string Name)>
        {
            (null, 220, "(E)SMTP"),
            ($"HELO {_settings.HeloName ?? "localhost"}\r\n", 250, "HELO"),
            ($"MAIL FROM:<{from}>\r\n", 250, "MAIL"),
        };
        steps.AddRange(_settings.To.Select(to => ((string?)$"RCPT TO:<{to}>\r\n", 250, "RCPT")));
        steps.Add(("DATA\r\n", 354, "DATA"));
        steps.Add((message.DataText(date, from, _settings.To), 250, "BODY"));
        foreach (var (command, expected, name) in steps)
        {
            if (command is not null && !await WriteAsync(socket, command, cancel))
            {
                return false;
            }
            switch (await ReplyAsync(socket, cancel))
            {
                case Reply.Closed:
                    return false;
                case Reply.Failed:
                    await QuitAsync(socket, cancel);
                    return false;
                case Reply.Code { Value: var code } when code != expected:
                    _logger.LogInformation("Error processing {Command} cmd on SMTP server {Server}. SMTP status code = {Code}", name, _display, code);
                    await QuitAsync(socket, cancel);
                    return false;
            }
        }
        _logger.LogInformation("SMTP alert successfully sent.");
        await QuitAsync(socket, cancel);
        return true;
    }

    private async Task<IPEndPoint?> ResolveAsync(CancellationToken cancel)
    {
        if (IPAddress.TryParse(_settings.Host, out var literal))
        {
            return new IPEndPoint(literal, _settings.Port);
        }
        try
        {
            using var limit = Limit(cancel);
            var addresses = await Dns.GetHostAddressesAsync(_settings.Host, limit.Token);
            if (addresses.Length > 0)
            {
                return new IPEndPoint(addresses[0], _settings.Port);
            }
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancel.IsCancellationRequested))
        {
            _logger.LogInformation("SMTP server {Host} cannot be resolved: {Reason}", _settings.Host, ex.Message);
            return null;
        }
        _logger.LogInformation("SMTP server {Host} cannot be resolved: no address", _settings.Host);
        return null;
    }

    private async Task<bool> ConnectAsync(Socket socket, IPEndPoint endpoint, CancellationToken cancel)
    {
        using var limit = Limit(cancel);
        try
        {
            await socket.ConnectAsync(endpoint, limit.Token);
            _logger.LogDebug("Remote SMTP server {Server} connected.", _display);
            return true;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            _logger.LogInformation("Timeout opening connection to remote SMTP server {Server}.", _display);
        }
        catch (SocketException ex)
        {
            _logger.LogInformation("SMTP connection ERROR to {Server}. ({Reason})", _display, ex.SocketErrorCode);
        }
        return false;
    }

    private async Task<bool> WriteAsync(Socket socket, string text, CancellationToken cancel)
    {
        using var limit = Limit(cancel);
        try
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            for (var sent = 0; sent < bytes.Length;)
            {
                sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, limit.Token);
            }
            return true;
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancel.IsCancellationRequested))
        {
            _logger.LogInformation("Cannot send data to remote SMTP server {Server}.", _display);
            return false;
        }
    }

    private async Task QuitAsync(Socket socket, CancellationToken cancel)
    {
        if (await WriteAsync(socket, "QUIT\r\n", cancel) && await ReplyAsync(socket, cancel) is Reply.Code { Value: not 221 and var code })
        {
            _logger.LogInformation("Error processing QUIT cmd on SMTP server {Server}. SMTP status code = {Code}", _display, code);
        }
    }

    /// <summary>The code of the next reply: its last line (continuation lines have '-' after the code).</summary>
    private async Task<Reply> ReplyAsync(Socket socket, CancellationToken cancel)
    {
        using var limit = Limit(cancel);
        while (true)
        {
            if (TakeReply() is { } code)
            {
                return new Reply.Code(code);
            }
            if (_buffered >= BufferMax - 1)
            {
                _logger.LogInformation("Received buffer from remote SMTP server {Server} overflow our get read buffer length.", _display);
                _buffered = 0;
                return new Reply.Failed();
            }
            int read;
            try
            {
                read = await socket.ReceiveAsync(_buffer.AsMemory(_buffered, BufferMax - 1 - _buffered), SocketFlags.None, limit.Token);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                _logger.LogInformation("Timeout reading data to remote SMTP server {Server}.", _display);
                return new Reply.Failed();
            }
            catch (SocketException)
            {
                _logger.LogInformation("Error reading data from remote SMTP server {Server}.", _display);
                return new Reply.Closed();
            }
            if (read == 0)
            {
                _logger.LogInformation("Remote SMTP server {Server} has closed the connection.", _display);
                return new Reply.Closed();
            }
            _buffered += read;
        }
    }

    /// <summary>Consumes complete lines up to and including a final reply line; null when none is complete yet.</summary>
    private int? TakeReply()
    {
        var start = 0;
        while (true)
        {
            var end = _buffer.AsSpan(start, _buffered - start).IndexOf("\r\n"u8);
            if (end < 0)
            {
                Array.Copy(_buffer, start, _buffer, 0, _buffered - start);
                _buffered -= start;
                return null;
            }
            var line = _buffer.AsSpan(start, end);
            start += end + 2;
            if (line.Length > 3 && line[3] == (byte)'-')
            {
                continue;
            }
            Array.Copy(_buffer, start, _buffer, 0, _buffered - start);
            _buffered -= start;
            return line.Length >= 3 && char.IsAsciiDigit((char)line[0]) && char.IsAsciiDigit((char)line[1]) && char.IsAsciiDigit((char)line[2])
                ? ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0')
                : -1;
        }
    }

    private CancellationTokenSource Limit(CancellationToken cancel)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(_settings.Timeout);
        return limit;
    }

    private abstract record Reply
    {
        public sealed record Code(int Value) : Reply;

        public sealed record Failed : Reply;

        public sealed record Closed : Reply;
    }
}
