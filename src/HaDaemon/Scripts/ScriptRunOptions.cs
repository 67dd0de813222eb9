namespace HaDaemon.Scripts;

/// <summary>Per-run options.</summary>
public sealed record ScriptRunOptions
{
    /// <summary>Kill the script's process group after this long; <see cref="Timeout.InfiniteTimeSpan"/> = never.</summary>
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Time between SIGTERM and SIGKILL (keepalived: 2 s). Zero sends SIGKILL at once (STOP scripts at shutdown).</summary>
    public TimeSpan TermGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Arguments appended to the configured argv (the generic <c>notify</c> script's 4 arguments).</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>Variables added to (or replacing in) the sanitised environment.</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>How many trailing bytes of stdout/stderr are kept.</summary>
    public int OutputTailBytes { get; init; } = 4096;
}
