namespace HaDaemon.Scripts;

/// <summary>How one run of a script ended. Only <see cref="Success"/> counts as success.</summary>
public enum ScriptOutcome
{
    /// <summary>Exited with status 0.</summary>
    Success,

    /// <summary>Exited non-zero or was killed by a signal it did not get from us.</summary>
    Failure,

    /// <summary>Ran past its timeout and was killed (SIGTERM to its process group, SIGKILL later). A failure.</summary>
    Timeout,

    /// <summary>Could not be started at all (missing, not executable, unknown user…). Also a failure.</summary>
    NotStarted,

    /// <summary>The caller cancelled the run (shutdown); the process group was terminated.</summary>
    Cancelled,
}

/// <summary>The result of one script run. <see cref="Error"/> explains <see cref="ScriptOutcome.NotStarted"/>.</summary>
public sealed record ScriptRunResult(
    ScriptOutcome Outcome,
    int? ExitCode,
    int? Signal,
    TimeSpan Duration,
    string StdoutTail,
    string StderrTail,
    string? Error = null,
    int Pid = 0)
{
    public bool Succeeded => Outcome == ScriptOutcome.Success;

    public static ScriptRunResult NotStarted(string error) =>
        new(ScriptOutcome.NotStarted, null, null, TimeSpan.Zero, string.Empty, string.Empty, error);

    /// <summary>A one-line description for logs: "exit 3", "killed by signal 9", "timed out", or the error.</summary>
    public string Describe() => Outcome switch
    {
        ScriptOutcome.NotStarted => Error ?? "not started",
        ScriptOutcome.Timeout => "timed out after " + Duration.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s",
        ScriptOutcome.Cancelled => "cancelled",
        _ when Signal is { } s => "killed by signal " + s,
        _ => "exit " + ExitCode,
    };
}
