namespace HaDaemon.Cli;

/// <summary>
/// <c>--signum=NAME</c>: the signal number that triggers each daemon function, so that
/// <c>kill -s $(hadaemon --signum=RELOAD) PID</c> works as with keepalived. Numbers are Linux x86-64/arm64 and match
/// keepalived 2.2.7 (SIGRTMAX−1 = 63 for STATS_CLEAR, SIGRTMIN+2 = 36 for JSON with glibc's SIGRTMIN of 34).
/// </summary>
public static class SignalFunctions
{
    public const int Stop = 15;
    public const int Reload = 1;
    public const int Data = 10;
    public const int Stats = 12;
    public const int StatsClear = 63;
    public const int Json = 36;
    public const int Interrupt = 2;

    /// <summary>keepalived's names, compared case-sensitively as get_signum() does; null when unknown.</summary>
    public static int? Lookup(string name) => name switch
    {
        "STOP" => Stop,
        "RELOAD" => Reload,
        "DATA" => Data,
        "STATS" => Stats,
        "STATS_CLEAR" => StatsClear,
        "JSON" => Json,
        _ => null,
    };
}
