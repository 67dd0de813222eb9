using System.Globalization;
using HaDaemon.Core.Time;

namespace HaDaemon.Runtime;

/// <summary>The time since boot, for <c>vrrp_delay_after_boot</c> (keepalived reads the first field of /proc/uptime).</summary>
public static class SystemUptime
{
    /// <summary>Null when /proc/uptime cannot be read or parsed: the after-boot delay is then ignored, as keepalived does.</summary>
    public static Duration? Read(string path = "/proc/uptime")
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>"12345.67 23456.78" → 12345.67 s; anything else → null.</summary>
    public static Duration? Parse(string text)
    {
        var first = text.AsSpan().Trim();
        var space = first.IndexOf(' ');
        if (space >= 0) first = first[..space];
        return double.TryParse(first, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0 && seconds < 1e12
            ? Duration.FromMicroseconds((long)(seconds * 1_000_000))
            : null;
    }
}
