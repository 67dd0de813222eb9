namespace HaDaemon.Hosting;

/// <summary>The daemon functions keepalived binds to signals (§2.12; numbers in <see cref="Cli.SignalFunctions"/>).</summary>
public enum DaemonSignal
{
    Stop,
    Reload,
    /// <summary>USR1: text dump of the running state.</summary>
    Data,
    /// <summary>USR2: statistics.</summary>
    Stats,
    /// <summary>SIGRTMAX−1: statistics, then clear the counters.</summary>
    StatsClear,
    /// <summary>SIGRTMIN+2: JSON dump.</summary>
    Json,
}
