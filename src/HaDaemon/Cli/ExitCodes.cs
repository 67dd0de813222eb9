namespace HaDaemon.Cli;

/// <summary>
/// keepalived 2.2.7's exit codes (lib/scheduler.h <c>enum exit_code</c>, LSB/systemd.exec values) and the
/// <c>-t</c> verdicts (<c>enum chk_exit_code</c>; the man page's 3/4/5 are off by one, issue #2457).
/// Units and scripts written for keepalived test these numbers, so they are kept exactly.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Fatal runtime error; also keepalived's answer to an unusable command line (parse_cmdline exits 1).</summary>
    public const int Fatal = 1;
    /// <summary>The configuration cannot be run (KEEPALIVED_EXIT_CONFIG, systemd EXIT_INVALIDARGUMENT).</summary>
    public const int Config = 2;
    /// <summary>Missing permission, e.g. not root for raw sockets (EXIT_NOPERMISSION).</summary>
    public const int MissingPermission = 4;
    /// <summary>The configuration file cannot be read (EXIT_NOTCONFIGURED).</summary>
    public const int NoConfig = 6;
    /// <summary>A bug: an exception escaped the event loop (EX_SOFTWARE).</summary>
    public const int ProgramError = 70;

    /// <summary><c>-t</c>: clean.</summary>
    public const int ConfigTestOk = 0;
    /// <summary><c>-t</c>: would not run (missing file, unknown interface, fatal error).</summary>
    public const int ConfigTestCannotRun = 4;
    /// <summary><c>-t</c>: errors or warnings, but would run.</summary>
    public const int ConfigTestErrors = 5;
    /// <summary><c>-t</c>: script security violation.</summary>
    public const int ConfigTestSecurity = 6;
}
