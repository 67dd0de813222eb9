namespace HaDaemon.Scripts;

/// <summary>
/// A <c>vrrp_script</c> as the scheduler needs it. <see cref="Timeout"/> null means "= interval" (keepalived's default).
/// rise/fall/weight/init_fail are not here: counting is the engine's job; the scheduler reports raw runs.
/// </summary>
public sealed record TrackScriptDefinition(string Name, ScriptCommand Command, TimeSpan Interval, TimeSpan? Timeout = null)
{
    public TimeSpan EffectiveTimeout => Timeout is { } t && t > TimeSpan.Zero ? t : Interval;
}

/// <summary>One finished run of a <c>vrrp_script</c>: what the engine feeds into its rise/fall counter.</summary>
public sealed record TrackScriptResult(
    string Name,
    ScriptOutcome Outcome,
    int? ExitCode,
    int? Signal,
    TimeSpan Duration,
    string StderrTail,
    string? Error)
{
    /// <summary>Only a zero exit is a success; failure, timeout and "could not start" all count as failure.</summary>
    public bool Succeeded => Outcome == ScriptOutcome.Success;

    public static TrackScriptResult From(string name, ScriptRunResult run) =>
        new(name, run.Outcome, run.ExitCode, run.Signal, run.Duration, run.StderrTail, run.Error);
}

/// <summary>What a script is doing now, as keepalived's data dump shows it ("State = idle").</summary>
public enum TrackScriptState
{
    Idle,
    Running,
    RequestedTermination,
}
