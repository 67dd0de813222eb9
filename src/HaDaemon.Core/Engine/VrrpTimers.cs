using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine;

/// <summary>
/// RFC 3768 §6.1 / RFC 5798 §6.1 timer arithmetic, exact in <see cref="Duration"/> ticks (1/256 µs):
/// v2 Skew_Time = (256 − p)/256 s whatever the interval; v3 Skew_Time = (256 − p) × Master_Adver_Interval / 256.
/// </summary>
public static class VrrpTimers
{
    public static Duration Skew(VrrpVersion version, byte effectivePriority, Duration masterAdverInterval) =>
        SkewUnits(version, 256 - effectivePriority, masterAdverInterval);

    /// <summary>keepalived's VRRP_TIMER_SKEW_MIN: the skew of a priority-255 router (one 1/256 unit).</summary>
    public static Duration MinimalSkew(VrrpVersion version, Duration masterAdverInterval) =>
        SkewUnits(version, 1, masterAdverInterval);

    /// <summary>Master_Down_Interval = adverts × Master_Adver_Interval + Skew_Time (adverts = down_timer_adverts, RFC: 3).</summary>
    public static Duration MasterDown(VrrpVersion version, byte effectivePriority, Duration masterAdverInterval, int adverts) =>
        masterAdverInterval * adverts + Skew(version, effectivePriority, masterAdverInterval);

    private static Duration SkewUnits(VrrpVersion version, int units, Duration masterAdverInterval) =>
        version == VrrpVersion.V2
            ? new Duration(units * (Duration.TicksPerSecond / 256))
            : new Duration(checked(units * masterAdverInterval.Ticks) / 256);
}
