using HaDaemon.Config.Model;
using HaDaemon.Logging;

namespace HaDaemon.Cli;

/// <summary>What the command line asked for, with keepalived's meanings (keepalived.8, main.c parse_cmdline).</summary>
public sealed record CommandLineOptions
{
    /// <summary><c>-f</c>; null = <see cref="DefaultConfigPath"/>.</summary>
    public string? ConfigFile { get; init; }
    /// <summary><c>-l</c>: log to the console (stdout; with <c>&lt;N&gt;</c> level prefixes under systemd).</summary>
    public bool LogConsole { get; init; }
    /// <summary><c>-D</c> once = 1 (detailed), twice = 2 (extra detail, keepalived's LOG_EXTRA_DETAIL).</summary>
    public int LogDetail { get; init; }
    /// <summary><c>-S</c>: syslog facility code (default daemon = 3).</summary>
    public int SyslogFacility { get; init; } = Logging.SyslogFacility.Daemon;
    /// <summary><c>-g[FILE]</c>: also log to this file.</summary>
    public string? LogFile { get; init; }
    /// <summary><c>-G</c>: do not log via syslog.</summary>
    public bool NoSyslog { get; init; }
    /// <summary><c>--log-format=text|json</c> (HaDaemon's own); null = <c>hadaemon_log_format</c>, else text.</summary>
    public LogFormat? LogFormat { get; init; }
    /// <summary><c>-p</c>: pid file of the (only) process.</summary>
    public string? PidFile { get; init; }
    /// <summary><c>-r</c>: keepalived's VRRP-child pid file; we are one process, so it gets the same pid.</summary>
    public string? VrrpPidFile { get; init; }
    /// <summary><c>-t[FILE]</c>: check the configuration and exit.</summary>
    public bool ConfigTest { get; init; }
    /// <summary>The FILE of <c>-tFILE</c>/<c>--config-test=FILE</c>: diagnostics go there instead of stderr.</summary>
    public string? ConfigTestLogFile { get; init; }
    /// <summary><c>-d</c>: dump the parsed configuration to the log at start.</summary>
    public bool DumpConfig { get; init; }
    /// <summary><c>-i</c>: selects <c>@id</c> config lines; null = the node name, as keepalived defaults.</summary>
    public string? ConfigId { get; init; }
    /// <summary><c>-X</c>: drop VIPs on a transition caused by a signal.</summary>
    public bool ReleaseVips { get; init; }
    /// <summary><c>-V</c>: leave VIPs, virtual routes and rules in place at stop.</summary>
    public bool DontReleaseVrrp { get; init; }
    /// <summary><c>-e</c>: a missing include file is an error.</summary>
    public bool AllConfig { get; init; }
    /// <summary><c>-u</c>: umask for files we create.</summary>
    public int? Umask { get; init; }
    /// <summary><c>--ignore-sigint</c>: SIGINT does not stop the daemon (keepalived 2.3+).</summary>
    public bool IgnoreSigint { get; init; }
    /// <summary>Accepted options that change nothing here, each with the reason (logged at start).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
