using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Model;

/// <summary>A notify FIFO (<c>notify_fifo</c>/<c>vrrp_notify_fifo</c>) and the script that reads it.</summary>
public sealed record NotifyFifo(string Path, string? User, string? Group, ScriptInvocation? Script, SourceLocation Location);

/// <summary>Where HaDaemon's status endpoint listens: a TCP endpoint (ADDR:PORT) or a unix socket path.</summary>
public sealed record StatusListen(string? Address, int? Port, string? UnixSocketPath, SourceLocation Location)
{
    public bool IsUnixSocket => UnixSocketPath is not null;

    /// <summary>ADDR:PORT, [IPV6]:PORT or an absolute unix socket path; null when the text is none of them.</summary>
    public static StatusListen? Parse(string text, SourceLocation location)
    {
        if (text.StartsWith('/'))
        {
            return new StatusListen(null, null, text, location);
        }
        var bracketedOrSingleColon = text.Contains("]:", StringComparison.Ordinal) || (!text.StartsWith('[') && text.Count(ch => ch == ':') == 1);
        return System.Net.IPEndPoint.TryParse(text, out var ep) && ep.Port != 0 && bracketedOrSingleColon
            ? new StatusListen(ep.Address.ToString(), ep.Port, null, location)
            : null;
    }
}

/// <summary>The VRRP-relevant part of <c>global_defs</c> (§1.6), defaults already applied.</summary>
public sealed record GlobalDefs(
    string? RouterId,
    IReadOnlyList<string> NotificationEmails,
    string? NotificationEmailFrom,
    string? SmtpServer,
    bool SmtpAlert,
    bool SmtpAlertVrrp,
    bool VrrpStrict,
    bool SkipCheckAdvertAddresses,
    TimeSpan GarpInterval,
    TimeSpan GnaInterval,
    TimeSpan GarpMasterDelay,
    int GarpMasterRepeat,
    TimeSpan GarpMasterRefresh,
    int GarpMasterRefreshRepeat,
    TimeSpan GarpLowerPriorityDelay,
    int GarpLowerPriorityRepeat,
    TimeSpan GarpExtraInterfaceInterval,
    bool GarpExtraAllInterfaces,
    bool LowerPriorityNoAdvert,
    bool HigherPrioritySendAdvert,
    int VrrpVersion,
    bool V3ChecksumAsV2,
    string MulticastGroup4,
    string MulticastGroup6,
    bool CheckUnicastSource,
    int DownTimerAdverts,
    bool OwnerIgnoreAdverts,
    TimeSpan StartupDelay,
    NotifyFifo? NotifyFifo,
    NotifyFifo? VrrpNotifyFifo,
    bool NotifyPriorityChanges,
    bool FifoWriteStatesOnReload,
    bool DynamicInterfaces,
    bool AllowInterfaceChanges,
    string DefaultInterface,
    bool EnableScriptSecurity,
    string? ScriptUser,
    string? ScriptGroup,
    string StateDumpFile,
    string StatsDumpFile,
    string JsonDumpFile,
    string VmacPrefix,
    string? VmacAddressPrefix,
    bool LogUnknownVrids,
    StatusListen? StatusListen,
    bool StatusAllowRemote)
{
    /// <summary><c>hadaemon_log_format text|json</c>; null = not set (text unless <c>--log-format</c> says otherwise).</summary>
    public LogFormat? LogFormat { get; init; }

    /// <summary>
    /// <c>vrrp_delay_after_boot</c> (keepalived ≥ 2.4.0): delay the instances until this long after the system booted;
    /// the longer of this remainder and <see cref="StartupDelay"/> applies. Zero = not set.
    /// </summary>
    public TimeSpan DelayAfterBoot { get; init; }

    /// <summary><c>smtp_server HOST [PORT]</c> as parsed (port 25 by default); null = no server, no alert mail.</summary>
    public SmtpServer? SmtpServerEndpoint { get; init; }

    /// <summary><c>smtp_helo_name</c>; null = keepalived's default (the host's canonical name).</summary>
    public string? SmtpHeloName { get; init; }

    /// <summary><c>smtp_connect_timeout</c>: limit for the connect and for each server reply (keepalived: 30 s).</summary>
    public TimeSpan SmtpConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>no_email_faults</c>: no alert mail for FAULT transitions.</summary>
    public bool NoEmailFaults { get; init; }

    /// <summary>Scheduling, memory locking, CPU affinity and startup/shutdown scripts (<see cref="ProcessDefs"/>).</summary>
    public ProcessDefs Process { get; init; } = ProcessDefs.Default;
}

/// <summary>
/// The SMTP server of <c>smtp_server</c>: an IP literal or a host name (resolved when a mail is sent, see
/// docs/compatibility.md) and a port.
/// </summary>
public sealed record SmtpServer(string Host, int Port);
