using System.Globalization;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>The SMTP alert keywords of <c>global_defs</c> with keepalived's ranges and messages (global_parser.c).</summary>
internal static class SmtpKeywords
{
    private const int DefaultPort = 25;

    /// <summary>keepalived's UINT_MAX / TIMER_HZ.</summary>
    private const long MaxTimeoutSeconds = uint.MaxValue / 1_000_000;

    /// <summary><c>smtp_server IP|HOSTNAME [PORT]</c>; a bad value leaves the previous one (keepalived: "Invalid smtp server").</summary>
    public static void Server(BindContext c, ConfigStatement s, GlobalDraft g)
    {
        var host = s.Arguments[0].Text;
        var portText = s.Arguments.Count > 1 ? s.Arguments[1].Text : DefaultPort.ToString(CultureInfo.InvariantCulture);
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            || !IsHost(host))
        {
            c.Error(s.Loc(s.Arguments.Count > 1 && IsHost(host) ? 1 : 0), $"Invalid smtp server {host} {portText}", "invalid-smtp-server");
            return;
        }
        g.SmtpServer = string.Join(' ', s.Arguments.Select(a => a.Text));
        g.SmtpServerEndpoint = new SmtpServer(host, port);
    }

    private static bool IsHost(string text) =>
        System.Net.IPAddress.TryParse(text, out _) || Uri.CheckHostName(text) == UriHostNameType.Dns;

    /// <summary><c>smtp_connect_timeout SECS</c> in [0, 4294]; 0 becomes 1 (keepalived keeps 0 accepted for old configs).</summary>
    public static void ConnectTimeout(BindContext c, ConfigStatement s, GlobalDraft g)
    {
        if (!Values.TryInt(c, s.Arguments[0], 0, MaxTimeoutSeconds, out var seconds, silent: true))
        {
            c.Error(s.Loc(0), $"smtp_connect_timeout '{s.Arguments[0].Text}' must be in [0, {MaxTimeoutSeconds}] - ignoring", "invalid-number");
            return;
        }
        if (seconds == 0)
        {
            c.Error(s.Loc(0), "smtp_connect_timeout must be greater than 0, setting to 1", "invalid-number");
            seconds = 1;
        }
        g.SmtpConnectTimeout = TimeSpan.FromSeconds(seconds);
    }
}
