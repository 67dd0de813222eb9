using System.Globalization;
using System.Net;
using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>
/// keepalived's value readers (lib/parser.c read_int/read_unsigned/read_decimal_unsigned, check_true_false) with
/// their diagnostics. They report through the context and return false; the caller then keeps its default.
/// </summary>
internal static class Values
{
    public const long MicrosPerSecond = 1_000_000;

    public static bool TryInt(BindContext ctx, ConfigToken token, long min, long max, out long value, bool silent = false)
    {
        var s = token.Text;
        value = 0;
        if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            if (!silent)
            {
                ctx.Error(token.Location, $"invalid number '{s}'", "invalid-number");
            }
            return false;
        }
        if (value < min || value > max)
        {
            if (!silent)
            {
                ctx.Error(token.Location, $"number '{s}' outside range [{min}, {max}]", "invalid-number");
            }
            return false;
        }
        return true;
    }

    /// <summary>
    /// A decimal number of seconds as keepalived's read_decimal_unsigned with 6 digits (TIMER_HZ): "0.5" → 500000 µs.
    /// Extra decimals round (with keepalived's "too many decimal places" error).
    /// </summary>
    public static bool TryMicros(BindContext ctx, ConfigToken token, long minMicros, long maxMicros, out long micros, bool silent = false, int digits = 6)
    {
        var s = token.Text;
        micros = 0;
        if (s.StartsWith('-'))
        {
            if (!silent)
            {
                ctx.Error(token.Location, $"negative number '{s}'", "invalid-number");
            }
            return false;
        }
        var dot = s.IndexOf('.');
        var intPart = dot < 0 ? s : s[..dot];
        var frac = dot < 0 ? "" : s[(dot + 1)..];
        var roundUp = false;
        if (frac.Length > digits)
        {
            if (!silent)
            {
                ctx.Error(token.Location, $"number '{s}' has too many decimal places", "invalid-number");
            }
            roundUp = frac[digits] >= '5';
            frac = frac[..digits];
        }
        var scaleDigits = 6 - digits;
        if (intPart.Length == 0 && frac.Length == 0 || !intPart.All(char.IsAsciiDigit) || !frac.All(char.IsAsciiDigit) || intPart.Length > 12)
        {
            if (!silent)
            {
                ctx.Error(token.Location, $"invalid number '{s}'", "invalid-number");
            }
            return false;
        }
        long whole = intPart.Length == 0 ? 0 : long.Parse(intPart, CultureInfo.InvariantCulture);
        long fraction = frac.Length == 0 ? 0 : long.Parse(frac.PadRight(digits, '0'), CultureInfo.InvariantCulture);
        var unit = (long)Math.Pow(10, scaleDigits);
        micros = whole * MicrosPerSecond + (fraction + (roundUp ? 1 : 0)) * unit;
        if (micros < minMicros || micros > maxMicros)
        {
            if (!silent)
            {
                ctx.Error(token.Location, $"number '{s}' outside range [{FormatMicros(minMicros)}, {FormatMicros(maxMicros)}]", "invalid-number");
            }
            return false;
        }
        return true;
    }

    public static string FormatMicros(long micros) =>
        string.Create(CultureInfo.InvariantCulture, $"{micros / MicrosPerSecond}.{micros % MicrosPerSecond:D6}");

    public static TimeSpan FromMicros(long micros) => TimeSpan.FromTicks(micros * 10);

    /// <summary>check_true_false: on|off|true|false|yes|no; null if none of them.</summary>
    public static bool? ParseBool(string s) => s switch
    {
        "on" or "true" or "yes" => true,
        "off" or "false" or "no" => false,
        _ => null,
    };

    /// <summary>A boolean keyword with an optional value (no value = true). Reports an invalid value.</summary>
    public static bool? OptionalBool(BindContext ctx, ConfigStatement st, string? what = null)
    {
        if (st.Arguments.Count == 0)
        {
            return true;
        }
        var b = ParseBool(st.Arguments[0].Text);
        if (b is null)
        {
            ctx.Error(st.Arguments[0].Location, $"invalid {what ?? st.Keyword.Text} {st.Arguments[0].Text} specified", "invalid-boolean");
        }
        return b;
    }

    public static bool TryAddress(string s, out IPAddress address, out AddressFamily family)
    {
        family = AddressFamily.IPv4;
        if (!IPAddress.TryParse(s, out address!))
        {
            return false;
        }
        // inet_pton is stricter than IPAddress.TryParse: no "1", "1.2", scope ids or hex parts for IPv4.
        if (s.Contains(':'))
        {
            family = AddressFamily.IPv6;
            return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !s.Contains('%');
        }
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
               && s.Split('.') is { Length: 4 } parts
               && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
    }

    public static string Canonical(IPAddress a) => a.ToString();

    public static SourceLocation Loc(this ConfigStatement st, int argIndex) =>
        argIndex < st.Arguments.Count ? st.Arguments[argIndex].Location : st.Location;
}
