namespace HaDaemon.Operations;

/// <summary>
/// The operator commands that do not run the daemon: <c>hadaemon simulate …</c>, <c>hadaemon --explain …</c> and <c>hadaemon status …</c>.
/// The program entry asks here first; everything else goes to keepalived's command line.
/// </summary>
public static class OperationsCommands
{
    public static int? TryRun(string[] args, TextWriter output, TextWriter errors) => args switch
    {
        ["simulate", .. var rest] => SimulateCommand.Run(rest, output, errors),
        ["--explain", .. var rest] => ExplainCommand.Run(rest, output, errors),
        ["status", .. var rest] => StatusCommand.Run(rest, output, errors),
        _ => null,
    };
}
