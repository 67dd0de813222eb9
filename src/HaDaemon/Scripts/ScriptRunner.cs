namespace HaDaemon.Scripts;

/// <summary>
/// Runs scripts without blocking the caller: each run gets its own background thread that starts the process
/// (see <see cref="ScriptLaunchPlan"/> for direct exec vs /bin/sh) and supervises it (<see cref="ScriptProcess"/>).
/// Bad scripts (missing, not executable, unknown user) give a <see cref="ScriptOutcome.NotStarted"/> result, never an
/// exception. Cancelling the token terminates the run's process group (SIGTERM, SIGKILL after the grace period).
/// </summary>
public sealed class ScriptRunner
{
    public static ScriptRunner Instance { get; } = new();

    public Task<ScriptRunResult> RunAsync(ScriptCommand command, ScriptRunOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new ScriptRunOptions();
        var done = new TaskCompletionSource<ScriptRunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => done.SetResult(RunHere(command, options, cancellation)))
        {
            IsBackground = true,
            Name = "script",
        };
        thread.Start();
        return done.Task;
    }

    private static ScriptRunResult RunHere(ScriptCommand command, ScriptRunOptions options, CancellationToken cancellation)
    {
        try
        {
            var plan = ScriptLaunchPlan.Resolve(command, options.ExtraArgs, Environment.GetEnvironmentVariable("PATH"), out var error);
            return plan is null ? ScriptRunResult.NotStarted(error!) : ScriptProcess.Run(plan, options, cancellation);
        }
        catch (Exception e)
        {
            // Nothing a script does may take the daemon down; report it as a run that did not start.
            return ScriptRunResult.NotStarted("internal error starting script: " + e.Message);
        }
    }
}
