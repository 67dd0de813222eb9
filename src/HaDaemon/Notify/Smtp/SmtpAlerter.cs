using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Notify.Smtp;

/// <summary>
/// Decides which transitions mail (keepalived's vrrp_smtp_notifier/vrrp_sync_smtp_notifier) and sends them from one
/// background worker, one after another in transition order. <see cref="Alert"/> never blocks: a slow or dead server
/// delays only later mails, never notify scripts, FIFO lines or the event loop.
/// </summary>
public sealed class SmtpAlerter : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>keepalived's last_email_state: a target mails a state only when it differs from the last one mailed.</summary>
    private readonly Dictionary<(NotifyTargetKind, string), NotifyState> _lastMailed = [];
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private readonly Task _worker;
    private SmtpAlertSettings? _settings;

    public SmtpAlerter(SmtpAlertSettings? settings, ILogger logger, TimeProvider? time = null)
    {
        _settings = settings;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _worker = Task.Run(WorkAsync);
    }

    /// <summary>A reload may change the server, addresses or names; mails already queued keep the old ones.</summary>
    public void Update(SmtpAlertSettings? settings)
    {
        lock (_gate)
        {
            _settings = settings;
        }
    }

    /// <summary>Queues the mail of one transition if the target has <c>smtp_alert</c> and keepalived would send one.</summary>
    public void Alert(NotifyEvent e)
    {
        lock (_gate)
        {
            // keepalived: no mail without notification_email addresses and an smtp_server.
            if (!e.Scripts.SmtpAlert || _settings is not { To.Count: > 0 } settings)
            {
                return;
            }
            // keepalived mails the reported state: DELETED is FAULT unless notify_deleted.
            var state = e.ReportedState;
            if (settings.NoEmailFaults && state == NotifyState.Fault)
            {
                return;
            }
            var key = (e.Kind, e.Name);
            if (_lastMailed.TryGetValue(key, out var last) && last == state)
            {
                return;
            }
            if (SmtpAlertMessage.For(e.Kind, e.Name, state, "") is null)
            {
                return;
            }
            _lastMailed[key] = state;
            _pending.Writer.TryWrite(new Pending(settings, e.Kind, e.Name, state, _time.GetLocalNow()));
        }
    }

    private async Task WorkAsync()
    {
        string? localName = null;
        await foreach (var p in _pending.Reader.ReadAllAsync())
        {
            if (_abort.IsCancellationRequested)
            {
                _logger.LogInformation("SMTP alert for {Name} {State} abandoned: shutting down", p.Name, NotifyWords.Of(p.State));
                continue;
            }
            try
            {
                localName ??= await SmtpAlertSettings.LocalNameAsync(_abort.Token);
            }
            catch (OperationCanceledException)
            {
                continue;
            }
            var settings = p.Settings.WithDefaults(localName, Environment.UserName);
            var message = SmtpAlertMessage.For(p.Kind, p.Name, p.State, settings.RouterId)!;
            await SmtpSession.SendAsync(settings, message, p.Date, _logger, _abort.Token);
        }
    }

    private sealed record Pending(SmtpAlertSettings Settings, NotifyTargetKind Kind, string Name, NotifyState State, DateTimeOffset Date);

    /// <summary>Lets queued mails go out for at most <paramref name="drain"/>, then abandons the rest.</summary>
    public async Task StopAsync(TimeSpan drain)
    {
        _pending.Writer.TryComplete();
        if (await Task.WhenAny(_worker, Task.Delay(drain)) != _worker)
        {
            await _abort.CancelAsync();
            await _worker;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero);
        _abort.Dispose();
    }
}
