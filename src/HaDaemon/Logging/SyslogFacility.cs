using System.Globalization;

namespace HaDaemon.Logging;

/// <summary>syslog facility codes accepted by <c>-S</c> (keepalived: 0-7 = local0-7, localN, user, daemon).</summary>
public static class SyslogFacility
{
    public const int User = 1;
    public const int Daemon = 3;
    public const int Local0 = 16;

    public static bool TryParse(string text, out int facility)
    {
        facility = Daemon;
        var digits = text.StartsWith("local", StringComparison.Ordinal) ? text[5..] : text;
        if (digits.Length == 1 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 7)
        {
            facility = Local0 + n;
            return true;
        }
        switch (text)
        {
            case "user":
                facility = User;
                return true;
            case "daemon":
                facility = Daemon;
                return true;
            default:
                return false;
        }
    }
}
