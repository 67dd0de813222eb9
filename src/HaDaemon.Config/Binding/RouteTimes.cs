using System.Globalization;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>
/// keepalived's get_time_rtt (vrrp_ip_rule_route_parser.c) for <c>rtt</c>, <c>rttvar</c> and <c>rto_min</c>: a bare
/// number is in kernel units, "Ns"/"N.NNNs"/"Nms" (also sec/secs) are converted; the result is clamped to the
/// kernel's 200 ms .. 120 s with an informational message.
/// </summary>
internal static class RouteTimes
{
    private const uint MinMs = 200;
    private const uint MaxMs = 120_000;

    public static bool TryParse(BindContext ctx, ConfigToken token, uint unitsPerMs, out uint value)
    {
        value = 0;
        var str = token.Text;
        var text = str;
        var raw = true;
        var shift = 0;
        var unit = str.IndexOfAny(['s', 'S']);
        if (unit >= 0)
        {
            var suffix = str[unit..];
            if (!suffix.Equals("s", StringComparison.OrdinalIgnoreCase) && !suffix.Equals("sec", StringComparison.OrdinalIgnoreCase)
                && !suffix.Equals("secs", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            raw = false;
            if (unit > 0 && char.ToLowerInvariant(str[unit - 1]) == 'm')
            {
                unit--;
            }
            else
            {
                shift = 3;
            }
            if (unit == 0)
            {
                return false;
            }
            text = str[..unit];
        }
        if (text.IndexOfAny(['e', 'E']) >= 0)
        {
            ctx.Info(token.Location, $"rtt value exponential form {str} no longer supported", "route-value");
            return false;
        }
        if (!TryDecimal(ctx, token, text, shift, out var ms) || ms > (ulong)MaxMs * unitsPerMs)
        {
            return false;
        }
        var result = raw ? ms : ms * unitsPerMs;
        if (result > (ulong)MaxMs * unitsPerMs)
        {
            ctx.Info(token.Location, $"rtt value {str} exceeds maximum {MaxMs / 1000}s, resetting", "route-value");
            result = (ulong)MaxMs * unitsPerMs;
        }
        else if (result < (ulong)MinMs * unitsPerMs)
        {
            ctx.Info(token.Location, $"rtt value {str} below minimum {MinMs}ms, resetting", "route-value");
            result = (ulong)MinMs * unitsPerMs;
        }
        value = (uint)result;
        return true;
    }

    /// <summary>read_decimal_unsigned: up to <paramref name="shift"/> decimals, returned × 10^shift (extra decimals round).</summary>
    private static bool TryDecimal(BindContext ctx, ConfigToken token, string text, int shift, out ulong value)
    {
        value = 0;
        if (text.Length == 0 || text[0] == '-')
        {
            return false;
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        var roundUp = fraction.Length > shift && fraction[shift] >= '5';
        if (fraction.Length > shift)
        {
            ctx.Error(token.Location, $"number '{text}' has too many decimal places", "invalid-number");
        }
        fraction = fraction.Length > shift ? fraction[..shift] : fraction.PadRight(shift, '0');
        var digits = whole + fraction;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)
            || !ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }
        value += roundUp ? 1UL : 0;
        return true;
    }
}
