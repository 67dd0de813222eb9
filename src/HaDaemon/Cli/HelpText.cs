namespace HaDaemon.Cli;

/// <summary><c>-h</c>: keepalived's option list, restricted to what hadaemon honours, plus how it differs.</summary>
public static class HelpText
{
    public const string Usage = """
        Usage: hadaemon [OPTION...]
          -f, --use-file=FILE          Use the specified configuration file
                                       default '/etc/hadaemon/hadaemon.conf'
                                            or '/etc/keepalived/keepalived.conf'
          -P, --vrrp                   Only run with VRRP subsystem (always the case)
          -l, --log-console            Log messages to local console
          -D, --log-detail             Detailed log messages (-DD: extra detail)
          -S, --log-facility=([0-7]|local[0-7]|user|daemon)
                                       Set syslog facility to LOG_LOCAL[0-7], user or daemon (default)
          -g, --log-file=FILE          Also log to FILE (default ./hadaemon.log)
          -G, --no-syslog              Don't log via syslog
              --log-format=text|json   Log one JSON object per line (console, file, syslog, journal);
                                       overrides global_defs' hadaemon_log_format (default text)
          -u, --umask=MASK             umask for file creation (in numeric form)
          -X, --release-vips           Drop VIP on transition from signal.
          -V, --dont-release-vrrp      Don't remove VRRP VIPs and VROUTEs on daemon stop
          -n, --dont-fork              Don't fork the daemon process (hadaemon never forks)
          -d, --dump-conf              Dump the configuration data
          -p, --pid=FILE               Use specified pidfile (default /run/hadaemon.pid)
          -r, --vrrp_pid=FILE          Also write the pid here (keepalived's VRRP child pidfile)
          -e, --all-config             Error if any configuration file missing
          -i, --config-id id           Skip any configuration lines beginning '@' that don't match id
                                       or any lines beginning @^ that do match.
                                       The config-id defaults to the node name if option not used
              --signum=SIGFUNC         Return signal number for STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON
              --ignore-sigint          Don't stop on SIGINT
          -t, --config-test[=LOG_FILE] Check the configuration for obvious errors, output to
                                       stderr by default
          -v, --version                Display the version number
          -h, --help                   Display this help message

        Accepted without effect: -B, -I, -R, -c FILE, -b FILE, --all, --flush-log-file, --no-mem-check.
        Refused (exit 1): -C, -T, -a, -x, -A, -s, -m, -M, -L, --perf, --debug.
        hadaemon stays in the foreground and tells systemd it is ready (Type=notify).

        Tools (no root, nothing touches the network):
          hadaemon --explain [-f FILE] [-i ID] [INSTANCE]
                                       Show priorities, timers, tie-breaks, addresses and trackers per instance
          hadaemon simulate --node NAME=FILE[@ID] ... | -f FILE --ids A,B [--kill N@T] [--stop N@T]
                   [--start N@T] [--partition A,B@T1-T2] [--loss P%] [--script-fail N:SCRIPT@T] [--until T]
                                       Run the configs in the deterministic simulator and print the timeline

        """;
}
