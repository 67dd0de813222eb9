using HaDaemon.Core.Engine.Settings;

namespace HaDaemon.Core.Engine.Tracking;

/// <summary>
/// What one tracker says about its instance right now (one row of keepalived.md §2.2's weight table):
/// its status (interfaces, scripts, processes) or value (files), the priority it adds, whether it faults the
/// instance, and whether a weight-0 script has not reported yet. <see cref="TrackingVerdict"/> sums these;
/// /status shows them one by one.
/// </summary>
public readonly record struct TrackerAssessment(TrackedItem Item, ScriptStatus? Status, long? Value, int Contribution, bool Fault, bool InitPending)
{
    internal static TrackerAssessment Of(TrackedItem t, TrackerBoard board)
    {
        var multiplier = t.Reverse ? -1 : 1;
        if (t.Kind == TrackerKind.File)
        {
            var value = board.FileValue(t.Name);
            if (t.Weight == 0)
            {
                // Weight 0: a non-zero value is a fault (reverse: a zero value is).
                return new(t, null, value, 0, (value == 0) != (multiplier == 1), false);
            }
            var status = value * t.Weight * multiplier;
            return status < -253
                ? new(t, null, value, 0, true, false)
                : new(t, null, value, (int)Math.Min(status, 253), false, false);
        }

        var s = board.StatusOf(t);
        if (t.Weight == 0)
        {
            return s == ScriptStatus.Init
                ? new(t, s, null, 0, false, true)
                : new(t, s, null, 0, (s == ScriptStatus.Ok) != (multiplier == 1), false);
        }
        var contribution = (s == ScriptStatus.Ok && t.Weight > 0) || (s == ScriptStatus.Failed && t.Weight < 0)
            ? t.Weight * multiplier
            : 0;
        return new(t, s, null, contribution, false, false);
    }
}
