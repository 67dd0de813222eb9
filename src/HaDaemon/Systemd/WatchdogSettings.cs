using System.Globalization;
using HaDaemon.Core.Time;

namespace HaDaemon.Systemd;

/// <summary>
/// sd_watchdog_enabled(3): <c>WATCHDOG_USEC</c>, honoured only when <c>WATCHDOG_PID</c> is unset or ours.
/// We ping at half the period, as systemd recommends.
/// </summary>
public static class WatchdogSettings
{
    public static Duration? PingInterval(Func<string, string?> environment, int ourPid)
    {
        if (!long.TryParse(environment("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec <= 0)
        {
            return null;
        }
        var pid = environment("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pid) && pid != ourPid.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }
        return Duration.FromMicroseconds(usec / 2);
    }
}
