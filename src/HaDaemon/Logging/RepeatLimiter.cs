using HaDaemon.Core.Time;

namespace HaDaemon.Logging;

/// <summary>
/// Lets one line per key through per window and counts the rest. keepalived logs every refused advert, so a peer
/// with the wrong password writes a line a second for ever; here the first one is logged at once (an alert on it fires
/// as before) and then at most one per window, saying how many were not logged in between. The counters on /metrics
/// still count every one.
/// </summary>
public sealed class RepeatLimiter<TKey>(Duration window)
    where TKey : notnull
{
    private readonly Dictionary<TKey, (Instant Logged, int Skipped)> _seen = [];

    /// <summary>True when a line should be written now; <paramref name="skipped"/> is how many were held back before it.</summary>
    public bool ShouldLog(TKey key, Instant now, out int skipped)
    {
        if (_seen.TryGetValue(key, out var entry) && now - entry.Logged < window)
        {
            _seen[key] = (entry.Logged, entry.Skipped + 1);
            skipped = 0;
            return false;
        }

        skipped = entry.Skipped;
        _seen[key] = (now, 0);
        return true;
    }
}
