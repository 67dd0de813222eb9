namespace HaDaemon.Config.Loading;

/// <summary>
/// keepalived's <c>-t</c> exit codes (lib/scheduler.h chk_exit_code; the man page's 3/4/5 is off by one, issue #2457).
/// The numeric order is keepalived's config_err_t order, so the highest code of all diagnostics wins.
/// </summary>
public enum ConfigTestResult
{
    /// <summary>No error or warning was reported.</summary>
    Ok = 0,

    /// <summary>keepalived cannot run the configuration: missing file, non-existent interface, CONFIG_FATAL.</summary>
    CannotRun = 4,

    /// <summary>Errors or warnings were reported; keepalived would run after dropping or adjusting the bad items.</summary>
    Errors = 5,

    /// <summary>Scripts would run as root without <c>enable_script_security</c>.</summary>
    ScriptSecurity = 6,
}
