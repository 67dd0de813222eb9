namespace HaDaemon.Notify;

public sealed record NotifyDispatcherOptions
{
    /// <summary><c>vrrp_notify_fifo</c> and <c>notify_fifo</c> (keepalived writes every line to both).</summary>
    public IReadOnlyList<NotifyFifoDefinition> Fifos { get; init; } = [];

    /// <summary>
    /// Longest a notify script may run before its group is terminated. keepalived never times notify scripts out
    /// (it does not wait for them); since HaDaemon runs one instance's scripts in order, a hung script must not
    /// hold back that instance's later notifications forever.
    /// </summary>
    public TimeSpan ScriptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>STOP scripts get this long, then SIGKILL to their group (keepalived: 1 s at shutdown).</summary>
    public TimeSpan StopScriptTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long <see cref="NotifyDispatcher.StopAsync"/> lets queued scripts finish before cancelling them.
    /// Must stay well below <see cref="Hosting.DaemonService.StopBudget"/>: a longer drain made a stop with a hung notify
    /// script overrun the budget, exit 1 and leave the script running instead of killing it.</summary>
    public TimeSpan ShutdownDrainLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where alert mails go (<c>smtp_server</c>, <c>notification_email</c>...); null = no mail.</summary>
    public Smtp.SmtpAlertSettings? Smtp { get; init; }

    /// <summary>Name of the environment variable carrying the transition id.</summary>
    public string TransitionIdVariable { get; init; } = "HADAEMON_TRANSITION_ID";
}

/// <summary>A finished notify script run, for logs/metrics and tests.</summary>
public sealed record NotifyScriptReport(NotifyEvent Event, Scripts.ScriptCommand Command, bool Generic, Scripts.ScriptRunResult Result);
