using System.Globalization;

namespace HaDaemon.Dumps;

/// <summary>printf-style formatting keepalived's dumps rely on, reproduced exactly.</summary>
public static class CFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>C's "%g": 6 significant digits, trailing zeros removed, exponent form below 1e-4 or from 1e6.</summary>
    public static string G(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }

        // Decide the exponent after rounding to 6 significant digits, as C does.
        var rounded = double.Parse(value.ToString("E5", Inv), Inv);
        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(rounded)));
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = rounded / Math.Pow(10, exponent);
            var m = TrimZeros(mantissa.ToString("F5", Inv));
            return m + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", Inv);
        }

        return TrimZeros(rounded.ToString("F" + Math.Max(0, 5 - exponent).ToString(Inv), Inv));
    }

    private static string TrimZeros(string s) => s.Contains('.', StringComparison.Ordinal) ? s.TrimEnd('0').TrimEnd('.') : s;

    /// <summary>"%ld.%6.6ld" of a timeval.</summary>
    public static string Timeval(DateTimeOffset t)
    {
        var micros = (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        var seconds = Math.DivRem(micros, 1_000_000, out var usec);
        return seconds.ToString(Inv) + "." + usec.ToString("000000", Inv);
    }

    /// <summary>
    /// keepalived's ctime_us_r(): asctime() in local time with ".uuuuuu" spliced in before the year:
    /// "Wed Jul 15 21:09:26.420598 2020" (day of month space-padded, as asctime does).
    /// </summary>
    public static string CtimeMicros(DateTimeOffset t, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(t, zone);
        var usec = t.Ticks / 10 % 1_000_000;
        return local.ToString("ddd MMM ", Inv) + local.Day.ToString(Inv).PadLeft(2) + local.ToString(" HH:mm:ss", Inv)
            + "." + usec.ToString("000000", Inv) + " " + local.Year.ToString(Inv);
    }
}
