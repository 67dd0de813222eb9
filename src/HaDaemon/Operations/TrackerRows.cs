using HaDaemon.Core.Engine.Settings;

namespace HaDaemon.Operations;

/// <summary>
/// One row of keepalived's weight table (keepalived.md §2.2) per tracker, in words: what the tracker does to the
/// instance and when. Mirrors the engine's TrackingVerdict rules.
/// </summary>
public static class TrackerRows
{
    public static string Describe(TrackedItem t)
    {
        var kind = t.Kind.ToString().ToLowerInvariant();
        var reverse = t.Reverse ? " reverse" : "";
        var head = $"{kind} {t.Name} weight {t.Weight}{reverse}";
        if (t.Kind == TrackerKind.File)
        {
            return t.Weight == 0
                ? $"{head}: FAULT while the value is {(t.Reverse ? "0" : "not 0")}"
                : $"{head}: adds value x {(t.Reverse ? -t.Weight : t.Weight)} (at most 253; below -253 is FAULT)";
        }
        var ok = t.Kind switch
        {
            TrackerKind.Interface => "up",
            TrackerKind.Process => "in quorum",
            _ => "succeeding",
        };
        var failed = t.Kind switch
        {
            TrackerKind.Interface => "down",
            TrackerKind.Process => "out of quorum",
            _ => "failing",
        };
        var sign = t.Reverse ? -1 : 1;
        return t.Weight switch
        {
            0 => $"{head}: FAULT while {(t.Reverse ? ok : failed)}",
            > 0 => $"{head}: {Signed(t.Weight * sign)} while {ok}, 0 while {failed}",
            _ => $"{head}: {Signed(t.Weight * sign)} while {failed}, 0 while {ok}",
        };
    }

    /// <summary>The weight sums the trackers can reach: all favourable and all unfavourable (files excluded: value-driven).</summary>
    public static (int Best, int Worst, bool CanFault, bool ValueDriven) Range(IEnumerable<TrackedItem> trackers)
    {
        int best = 0, worst = 0;
        bool canFault = false, valueDriven = false;
        foreach (var t in trackers)
        {
            if (t.Kind == TrackerKind.File && t.Weight != 0)
            {
                valueDriven = true;
                continue;
            }
            if (t.Weight == 0)
            {
                canFault = true;
                continue;
            }
            var contribution = t.Weight * (t.Reverse ? -1 : 1);
            best = Math.Max(best, best + contribution);
            worst = Math.Min(worst, worst + contribution);
        }
        return (best, worst, canFault, valueDriven);
    }

    private static string Signed(int n) => n >= 0 ? $"+{n}" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
