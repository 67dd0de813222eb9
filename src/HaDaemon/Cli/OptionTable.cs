using System.Globalization;
using HaDaemon.Config.Model;
using HaDaemon.Logging;

namespace HaDaemon.Cli;

/// <summary>
/// keepalived 2.2.7's options (main.c <c>long_options</c> and the short option string) and what each means here.
/// Three kinds besides the supported ones:
/// <list type="bullet">
/// <item>satisfied by construction (no BFD, no IPVS, no child processes): accepted, and the start-up log says why it
/// changes nothing;</item>
/// <item>features hadaemon does not provide (checker, genhash, SNMP, namespaces, core-dump control, perf/debug):
/// refused with exit code 1, keepalived's own exit code for a command line it cannot honour — starting without a
/// requested feature would be a silent difference;</item>
/// <item>unknown options: "Unknown option", exit 1, exactly as keepalived.</item>
/// </list>
/// </summary>
public static class OptionTable
{
    public static IReadOnlyList<OptionSpec> All { get; } =
    [
        new('f', "use-file", ArgumentKind.Required, (s, v) => s.Options = s.Options with { ConfigFile = v }),
        new('P', "vrrp", ArgumentKind.None, NoEffect("hadaemon always runs the VRRP subsystem only")),
        new('n', "dont-fork", ArgumentKind.None, (_, _) => { }),
        new('l', "log-console", ArgumentKind.None, (s, _) => s.Options = s.Options with { LogConsole = true }),
        new('D', "log-detail", ArgumentKind.None,
            (s, _) => s.Options = s.Options with { LogDetail = Math.Min(2, s.Options.LogDetail + 1) }),
        new('S', "log-facility", ArgumentKind.Required, ApplyFacility),
        new('g', "log-file", ArgumentKind.Optional,
            (s, v) => s.Options = s.Options with { LogFile = string.IsNullOrEmpty(v) ? "hadaemon.log" : v }),
        new(null, "flush-log-file", ArgumentKind.None, NoEffect("the log file is flushed after every line anyway")),
        new('G', "no-syslog", ArgumentKind.None, (s, _) => s.Options = s.Options with { NoSyslog = true }),
        // HaDaemon's own (issue 7). Long only, and no keepalived option starts with "log-fo", so every abbreviation
        // keepalived accepts still means what it did ("--log-f" stays ambiguous, "--log-fi" is still --log-file).
        new(null, "log-format", ArgumentKind.Required, ApplyLogFormat),
        new('u', "umask", ArgumentKind.Required, ApplyUmask),
        new('X', "release-vips", ArgumentKind.None, (s, _) => s.Options = s.Options with { ReleaseVips = true }),
        new('V', "dont-release-vrrp", ArgumentKind.None, (s, _) => s.Options = s.Options with { DontReleaseVrrp = true }),
        new('I', "dont-release-ipvs", ArgumentKind.None, NoEffect("hadaemon manages no IPVS topology")),
        new('R', "dont-respawn", ArgumentKind.None, NoEffect("hadaemon is one process; there is no child to respawn")),
        new('d', "dump-conf", ArgumentKind.None, (s, _) => s.Options = s.Options with { DumpConfig = true }),
        new('p', "pid", ArgumentKind.Required, (s, v) => s.Options = s.Options with { PidFile = v }),
        new('r', "vrrp_pid", ArgumentKind.Required, (s, v) => s.Options = s.Options with { VrrpPidFile = v }),
        new('c', "checkers_pid", ArgumentKind.Required, NoEffect("hadaemon runs no checker process")),
        new('b', "bfd_pid", ArgumentKind.Required, NoEffect("hadaemon runs no BFD process")),
        new('B', "no_bfd", ArgumentKind.None, NoEffect("hadaemon runs no BFD process")),
        new(null, "all", ArgumentKind.None, NoEffect("hadaemon has no child processes to force")),
        new('e', "all-config", ArgumentKind.None, (s, _) => s.Options = s.Options with { AllConfig = true }),
        new('i', "config-id", ArgumentKind.Required, (s, v) => s.Options = s.Options with { ConfigId = v }),
        new('t', "config-test", ArgumentKind.Optional,
            (s, v) => s.Options = s.Options with { ConfigTest = true, ConfigTestLogFile = string.IsNullOrEmpty(v) ? null : v }),
        new(null, "ignore-sigint", ArgumentKind.None, (s, _) => s.Options = s.Options with { IgnoreSigint = true }),
        new(null, "signum", ArgumentKind.Required, ApplySignum),
        new('v', "version", ArgumentKind.None, (s, _) => s.Immediate ??= new(ExitCodes.Ok, VersionText.Full(), ToStdout: false)),
        new('h', "help", ArgumentKind.None, (s, _) => s.Immediate ??= new(ExitCodes.Ok, HelpText.Usage, ToStdout: false)),
        new('C', "check", ArgumentKind.None, Unsupported("hadaemon has no IPVS health checker")),
        new('T', "genhash", ArgumentKind.None, Unsupported("genhash is part of the IPVS checker")),
        new('a', "address-monitoring", ArgumentKind.None, Unsupported("address monitoring is an IPVS checker log option")),
        new('x', "snmp", ArgumentKind.None, Unsupported("hadaemon has no SNMP agent")),
        new('A', "snmp-agent-socket", ArgumentKind.Required, Unsupported("hadaemon has no SNMP agent")),
        new('s', "namespace", ArgumentKind.Required,
            Unsupported("run hadaemon inside the namespace instead: ip netns exec NAME hadaemon ...")),
        new('m', "core-dump", ArgumentKind.None, Unsupported("use DOTNET_DbgEnableMiniDump=1 for crash dumps")),
        new('M', "core-dump-pattern", ArgumentKind.Optional, Unsupported("use DOTNET_DbgEnableMiniDump=1 for crash dumps")),
        new('L', "mem-check-log", ArgumentKind.None, Unsupported("memory checks exist only in keepalived debug builds")),
        new(null, "no-mem-check", ArgumentKind.None, NoEffect("memory checks exist only in keepalived debug builds")),
        new(null, "perf", ArgumentKind.Optional, Unsupported("use dotnet-trace or perf against the process")),
        new(null, "debug", ArgumentKind.Optional, Unsupported("use -D/-DD for detailed logs")),
        new(null, "config-fd", ArgumentKind.Required, Unsupported("internal to keepalived's parent/child hand-over")),
    ];

    private static Action<ParseState, string?> NoEffect(string reason) =>
        (s, _) => s.Notes.Add($"option {s.Current?.Display} has no effect: {reason}");

    private static Action<ParseState, string?> Unsupported(string reason) =>
        (s, _) => s.Errors.Add($"Option {s.Current?.Display} is recognised but not supported by hadaemon: {reason}");

    private static void ApplyFacility(ParseState s, string? value)
    {
        if (SyslogFacility.TryParse(value ?? "", out var facility))
        {
            s.Options = s.Options with { SyslogFacility = facility };
        }
        else
        {
            // keepalived prints this and carries on with the default facility; it is not a bad option.
            s.Warnings.Add($"Invalid log facility '{value}'");
        }
    }

    private static void ApplyLogFormat(ParseState s, string? value)
    {
        if (LogFormatNames.TryParse(value ?? "", out var format))
        {
            s.Options = s.Options with { LogFormat = format };
        }
        else
        {
            s.Errors.Add($"Invalid log format '{value}' - expected {LogFormatNames.Expected}");
        }
    }

    private static void ApplyUmask(ParseState s, string? value)
    {
        if (TryParseCNumber(value ?? "", out var mask) && mask is >= 0 and <= 0x1FF)
        {
            s.Options = s.Options with { Umask = mask };
        }
        else
        {
            s.Errors.Add($"Invalid umask '{value}'");
        }
    }

    private static void ApplySignum(ParseState s, string? value)
    {
        if (SignalFunctions.Lookup(value ?? "") is { } number)
        {
            s.Immediate ??= new(ExitCodes.Ok, number.ToString(CultureInfo.InvariantCulture) + "\n", ToStdout: true);
        }
        else
        {
            s.Immediate ??= new(ExitCodes.Fatal, $"Unknown sigfunc {value}\n", ToStdout: false);
        }
    }

    /// <summary>strtoul(…, 0): 0x… hexadecimal, 0… octal, else decimal — how keepalived reads <c>-u</c>.</summary>
    internal static bool TryParseCNumber(string text, out int value)
    {
        value = 0;
        try
        {
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && text.Length > 2)
            {
                return int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
            }
            if (text.Length > 1 && text[0] == '0')
            {
                value = Convert.ToInt32(text[1..], 8);
                return true;
            }
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
