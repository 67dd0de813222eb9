namespace HaDaemon.Scripts;

/// <summary>
/// A script as configured: argv already tokenised by the config parser from <c>script "..." [user [group]]</c>,
/// plus the optional run-as user/group (null = run as the daemon's own user, normally root).
/// </summary>
public sealed record ScriptCommand(IReadOnlyList<string> Argv, string? User = null, string? Group = null)
{
    public ScriptCommand(params string[] argv) : this((IReadOnlyList<string>)argv)
    {
    }

    /// <summary>keepalived's cmd_str(): every argument single-quoted; used in logs, dumps and shell mode.</summary>
    public override string ToString() => CommandString.Format(Argv);
}
