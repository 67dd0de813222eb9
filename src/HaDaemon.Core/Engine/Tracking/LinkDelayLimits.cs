using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine.Tracking;

/// <summary>Why an interface's delays were lowered, for the host's log line in keepalived's words.</summary>
public enum LinkDelayLimit : byte
{
    /// <summary>down_timer_adverts = 1 leaves no room for a delay: both reset to 0.</summary>
    ResetForSingleAdvert,
    /// <summary>A delay reached (down_timer_adverts − 1) × advert_int: lowered to just below it.</summary>
    Clamped,
}

public readonly record struct LinkDelayNote(string Instance, string Interface, LinkDelayLimit Limit, int DownTimerAdverts);

/// <summary>
/// keepalived's check_debounce_timers (vrrp.c): an instance's own interface must report a real failure before the
/// instance's peers would take over anyway, so each delay must stay below (down_timer_adverts − 1) × advert_int; one
/// that reaches it is set to that less advert_int/256. With down_timer_adverts = 1 there is no room: both become 0.
/// Only the instance's own interface is limited (track_interface delays are the operator's choice), as keepalived.
/// </summary>
public static class LinkDelayLimits
{
    public static IReadOnlyDictionary<string, LinkDelays> Apply(
        IReadOnlyDictionary<string, LinkDelays> configured, IEnumerable<InstanceSettings> instances, List<LinkDelayNote> notes)
    {
        var result = new Dictionary<string, LinkDelays>(configured, StringComparer.Ordinal);
        foreach (var i in instances)
        {
            if (!result.TryGetValue(i.Interface, out var d) || !d.Any)
            {
                continue;
            }
            if (i.DownTimerAdverts <= 1)
            {
                result[i.Interface] = default;
                notes.Add(new LinkDelayNote(i.Name, i.Interface, LinkDelayLimit.ResetForSingleAdvert, i.DownTimerAdverts));
                continue;
            }
            var threshold = i.AdvertInterval * (i.DownTimerAdverts - 1);
            var limit = MaxDelay(i.AdvertInterval, i.DownTimerAdverts);
            if (d.Down >= threshold || d.Up >= threshold)
            {
                result[i.Interface] = new LinkDelays(d.Down >= threshold ? limit : d.Down, d.Up >= threshold ? limit : d.Up);
                notes.Add(new LinkDelayNote(i.Name, i.Interface, LinkDelayLimit.Clamped, i.DownTimerAdverts));
            }
        }
        return result;
    }

    /// <summary>The longest allowed delay: (adverts − 1) × advert_int − advert_int/256 (keepalived's µs arithmetic).</summary>
    public static Duration MaxDelay(Duration advertInterval, int downTimerAdverts)
    {
        var advertMicros = advertInterval.Ticks / Duration.TicksPerMicrosecond;
        return Duration.FromMicroseconds((downTimerAdverts - 1) * advertMicros - advertMicros / 256);
    }
}
