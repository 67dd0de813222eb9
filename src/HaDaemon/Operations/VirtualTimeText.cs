using System.Globalization;
using HaDaemon.Core.Time;

namespace HaDaemon.Operations;

/// <summary>Reading "5s", "1.5s", "250ms", "2m" from a command line and printing virtual times exactly.</summary>
public static class VirtualTimeText
{
    /// <summary>A non-negative duration with a unit (ms, s, m); a bare number is seconds. Null when malformed.</summary>
    public static Duration? Parse(string text)
    {
        var (number, ticksPerUnit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], Duration.TicksPerMillisecond),
            _ when text.EndsWith('s') => (text[..^1], Duration.TicksPerSecond),
            _ when text.EndsWith('m') => (text[..^1], 60 * Duration.TicksPerSecond),
            _ => (text, Duration.TicksPerSecond),
        };
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value > 1_000_000m)
        {
            return null;
        }
        return new Duration((long)decimal.Round(value * ticksPerUnit));
    }

    /// <summary>
    /// Seconds with at least six decimals and as many more as the 1/256 µs tick needs, so RFC skews print exactly
    /// (0.609375s, not 0.61s).
    /// </summary>
    public static string Format(Instant at) => Format(new Duration(at.Ticks));

    public static string Format(Duration d) =>
        ((decimal)d.Ticks / Duration.TicksPerSecond).ToString("0.000000##########", CultureInfo.InvariantCulture) + "s";
}
