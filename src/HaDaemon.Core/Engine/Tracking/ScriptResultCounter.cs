namespace HaDaemon.Core.Engine.Tracking;

/// <summary>Where a tracked script stands: not run yet, or its debounced verdict.</summary>
public enum ScriptStatus : byte
{
    /// <summary>No result yet (keepalived's SCRIPT_INIT_STATE_INIT): weighted scripts contribute nothing.</summary>
    Init,
    Ok,
    Failed,
}

/// <summary>
/// keepalived's rise/fall counter (vrrp_scheduler.c): result ∈ [0, rise+fall−1], OK ⇔ result ≥ rise.
/// It starts at rise−1 (one success is enough) or 0 with init_fail. A success below rise−1 counts up, otherwise it
/// jumps to rise+fall−1; a failure above rise counts down, otherwise it drops to 0.
/// </summary>
public sealed class ScriptResultCounter
{
    private readonly int _rise;
    private readonly int _fall;

    public ScriptResultCounter(int rise, int fall, bool initFail)
    {
        _rise = Math.Max(1, rise);
        _fall = Math.Max(1, fall);
        Result = initFail ? 0 : _rise - 1;
        // init_fail scripts are "done" from the start: they count as failed (keepalived SCRIPT_INIT_STATE_FAILED).
        Status = initFail ? ScriptStatus.Failed : ScriptStatus.Init;
    }

    public int Result { get; private set; }
    public ScriptStatus Status { get; private set; }

    /// <summary>Feeds one exit; returns true when <see cref="Status"/> changed.</summary>
    public bool Report(bool success)
    {
        var before = Status;
        if (success)
        {
            if (Result < _rise - 1)
                Result++;
            else
                Result = _rise + _fall - 1;
        }
        else if (Result > _rise)
        {
            Result--;
        }
        else
        {
            Result = 0;
        }

        // Init lasts until the first exit; from then on the verdict is just the counter's position.
        Status = Result >= _rise ? ScriptStatus.Ok : ScriptStatus.Failed;
        return Status != before;
    }
}
