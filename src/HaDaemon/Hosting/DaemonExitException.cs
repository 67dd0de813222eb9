namespace HaDaemon.Hosting;

/// <summary>The daemon cannot go on; <see cref="ExitCode"/> is keepalived's code for the reason (see Cli.ExitCodes).</summary>
public sealed class DaemonExitException : Exception
{
    public DaemonExitException(int exitCode, string message, Exception? inner = null) : base(message, inner) =>
        ExitCode = exitCode;

    public DaemonExitException() : this(Cli.ExitCodes.Fatal, "fatal error") { }

    public DaemonExitException(string message) : this(Cli.ExitCodes.Fatal, message) { }

    public DaemonExitException(string message, Exception inner) : this(Cli.ExitCodes.Fatal, message, inner) { }

    public int ExitCode { get; }
}
