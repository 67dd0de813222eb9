using System.Text;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Tracking;
using HaDaemon.Core.Packets;

namespace HaDaemon.Status;

/// <summary>The words the status page and metrics use for engine enums: kebab-case, stable across releases.</summary>
public static class StatusWords
{
    public static string Kebab(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (!char.IsUpper(pascal[i - 1]) || (i + 1 < pascal.Length && char.IsLower(pascal[i + 1]))))
                {
                    sb.Append('-');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    public static string Of(TransitionReason reason) => Kebab(reason.ToString());

    public static string Of(AdvertRejection rejection) => Kebab(rejection.ToString());

    public static string Of(ChecksumMode mode) => mode switch
    {
        ChecksumMode.VrrpOnly => "vrrp-only",
        ChecksumMode.PseudoHeader => "pseudo-header",
        ChecksumMode.OldUnicastPseudoHeader => "old-unicast",
        _ => "kernel-verified-ipv6",
    };

    /// <summary>Tracker status: interfaces are up/down, scripts ok/failed/init, processes ok/failed, files by value.</summary>
    public static string Of(TrackerAssessment a) => a.Item.Kind switch
    {
        Core.Engine.Settings.TrackerKind.File => "value",
        Core.Engine.Settings.TrackerKind.Interface => a.Status == ScriptStatus.Ok ? "up" : "down",
        _ => a.Status switch
        {
            ScriptStatus.Ok => "ok",
            ScriptStatus.Failed => "failed",
            _ => "init",
        },
    };
}
