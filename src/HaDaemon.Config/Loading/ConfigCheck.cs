using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Loading;

/// <summary>
/// <c>hadaemon -t</c>: loads a configuration, prints every diagnostic as <c>file:line:col: severity: message</c> and
/// returns keepalived's -t exit code (0 clean, 4 cannot run, 5 errors but would run, 6 script security).
/// </summary>
public static class ConfigCheck
{
    /// <summary>The diagnostic code of keepalived's CONFIG_SECURITY_ERROR ("SECURITY VIOLATION …").</summary>
    public const string SecurityViolationCode = "script-security";

    public static int Run(string path, string? configId, TextWriter stderr) =>
        Run(path, new LoadOptions { ConfigId = configId }, stderr);

    public static int Run(string path, LoadOptions options, TextWriter stderr)
    {
        var result = ConfigLoader.Load(path, options);
        foreach (var d in result.Diagnostics)
        {
            stderr.WriteLine(d.ToString());
        }
        return result.ExitCode;
    }

    /// <summary>
    /// keepalived keeps the numerically highest config_err_t: Info is a plain log line (not counted), Fatal is
    /// FILE_NOT_FOUND/BAD_IF/FATAL (4), any other error or warning is 5, the security violation is 6. So a warning
    /// masks a non-existent interface, exactly as in keepalived.
    /// </summary>
    public static ConfigTestResult Classify(IEnumerable<Diagnostic> diagnostics)
    {
        var result = ConfigTestResult.Ok;
        foreach (var d in diagnostics)
        {
            var r = d.Code == SecurityViolationCode ? ConfigTestResult.ScriptSecurity : d.Severity switch
            {
                Severity.Info => ConfigTestResult.Ok,
                Severity.Fatal => ConfigTestResult.CannotRun,
                _ => ConfigTestResult.Errors,
            };
            if (r > result)
            {
                result = r;
            }
        }
        return result;
    }
}
