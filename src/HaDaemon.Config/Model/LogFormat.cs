namespace HaDaemon.Config.Model;

/// <summary>
/// How the daemon writes its log lines: keepalived's text, or one JSON object per event (HaDaemon-specific, issue 7).
/// Set by <c>hadaemon_log_format</c> in <c>global_defs</c> or by <c>--log-format</c>, which wins.
/// </summary>
public enum LogFormat
{
    Text,
    Json,
}

/// <summary>The spelling of <see cref="LogFormat"/> shared by the keyword and the command-line option.</summary>
public static class LogFormatNames
{
    public const string Expected = "text or json";

    /// <summary>Exactly <c>text</c> or <c>json</c> (lower case, as keepalived's own keyword values).</summary>
    public static bool TryParse(string text, out LogFormat format)
    {
        switch (text)
        {
            case "text":
                format = LogFormat.Text;
                return true;
            case "json":
                format = LogFormat.Json;
                return true;
            default:
                format = LogFormat.Text;
                return false;
        }
    }

    public static string Of(LogFormat format) => format == LogFormat.Json ? "json" : "text";
}
