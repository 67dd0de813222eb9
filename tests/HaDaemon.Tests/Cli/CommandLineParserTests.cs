using HaDaemon.Cli;

namespace HaDaemon.Tests.Cli;

public class CommandLineParserTests
{
    private static CommandLineOptions Run(params string[] args)
    {
        var outcome = CommandLineParser.Parse(args);
        return Assert.IsType<ParseOutcome.Run>(outcome).Options;
    }

    private static ParseOutcome.Exit Exit(params string[] args) =>
        Assert.IsType<ParseOutcome.Exit>(CommandLineParser.Parse(args));

    [Fact]
    public void Debian_unit_arguments_are_understood()
    {
        var o = Run("--dont-fork", "-P", "-D", "-S", "local3", "-f", "/etc/keepalived/keepalived.conf");
        Assert.Equal("/etc/keepalived/keepalived.conf", o.ConfigFile);
        Assert.Equal(1, o.LogDetail);
        Assert.Equal(SyslogFacilityCodes.Local3, o.SyslogFacility);
        Assert.Contains(o.Notes, n => n.Contains("-P (--vrrp)", StringComparison.Ordinal));
    }

    [Fact]
    public void Short_options_cluster_and_take_attached_or_separate_values()
    {
        var o = Run("-nlDD", "-f/tmp/a.conf", "-p", "/run/x.pid", "-r/run/y.pid", "-ilb1");
        Assert.True(o.LogConsole);
        Assert.Equal(2, o.LogDetail);
        Assert.Equal("/tmp/a.conf", o.ConfigFile);
        Assert.Equal("/run/x.pid", o.PidFile);
        Assert.Equal("/run/y.pid", o.VrrpPidFile);
        Assert.Equal("lb1", o.ConfigId);
    }

    [Fact]
    public void Long_options_accept_equals_separate_value_and_unique_prefixes()
    {
        var o = Run("--use-file=/a.conf", "--pid", "/p", "--log-con", "--dont-release-v", "--release-vips");
        Assert.Equal("/a.conf", o.ConfigFile);
        Assert.Equal("/p", o.PidFile);
        Assert.True(o.LogConsole);
        Assert.True(o.DontReleaseVrrp);
        Assert.True(o.ReleaseVips);
    }

    [Fact]
    public void Optional_values_must_be_attached_like_getopt()
    {
        Assert.Null(Run("-t").ConfigTestLogFile);
        Assert.True(Run("-t").ConfigTest);
        Assert.Equal("/tmp/t.log", Run("-t/tmp/t.log").ConfigTestLogFile);
        Assert.Equal("/tmp/t.log", Run("--config-test=/tmp/t.log").ConfigTestLogFile);
        // "-g FILE": FILE is a stray word (reported, not fatal) and the default log file is used.
        var outcome = Assert.IsType<ParseOutcome.Run>(CommandLineParser.Parse(["-g", "/tmp/x.log"]));
        Assert.Equal("hadaemon.log", outcome.Options.LogFile);
        Assert.Contains(outcome.Warnings, w => w == "Unexpected argument(s): /tmp/x.log");
        Assert.Equal("/tmp/x.log", Run("--log-file=/tmp/x.log").LogFile);
    }

    [Theory]
    [InlineData("STOP", "15")]
    [InlineData("RELOAD", "1")]
    [InlineData("DATA", "10")]
    [InlineData("STATS", "12")]
    [InlineData("STATS_CLEAR", "63")]
    [InlineData("JSON", "36")]
    public void Signum_prints_keepalived_227_numbers_on_stdout(string name, string number)
    {
        var exit = Exit("--signum=" + name);
        Assert.Equal(0, exit.ExitCode);
        Assert.True(exit.ToStdout);
        Assert.Equal(number + "\n", exit.Text);
    }

    [Fact]
    public void Unknown_signum_name_exits_1()
    {
        var exit = Exit("--signum", "stop");
        Assert.Equal(1, exit.ExitCode);
        Assert.Equal("Unknown sigfunc stop\n", exit.Text);
    }

    [Fact]
    public void Unknown_and_malformed_options_are_all_reported_then_exit_1()
    {
        var exit = Exit("-n", "-Z", "--bogus", "-f");
        Assert.Equal(ExitCodes.Fatal, exit.ExitCode);
        Assert.Contains("Unknown option -Z", exit.Text, StringComparison.Ordinal);
        Assert.Contains("Unknown option --bogus", exit.Text, StringComparison.Ordinal);
        Assert.Contains("Missing parameter for option -f", exit.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_required_long_value_is_a_missing_parameter()
    {
        Assert.Contains("Missing parameter for option --use-file", Exit("--use-file=").Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-C")]
    [InlineData("--check")]
    [InlineData("-T")]
    [InlineData("-x")]
    [InlineData("-s")]
    [InlineData("-m")]
    [InlineData("--perf")]
    [InlineData("--debug=v")]
    public void Unsupported_keepalived_options_are_refused_by_name(string option)
    {
        var args = option == "-s" ? new[] { option, "ns1" } : [option];
        var exit = Exit(args);
        Assert.Equal(ExitCodes.Fatal, exit.ExitCode);
        Assert.Contains("recognised but not supported by hadaemon", exit.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-B")]
    [InlineData("-I")]
    [InlineData("-R")]
    [InlineData("--all")]
    public void Options_satisfied_by_construction_run_with_a_note(string option)
    {
        var o = Run(option);
        Assert.Single(o.Notes);
    }

    [Fact]
    public void Help_and_version_exit_0_immediately()
    {
        Assert.Equal(0, Exit("-h", "--bogus").ExitCode);
        Assert.Contains("--use-file", Exit("--help").Text, StringComparison.Ordinal);
        Assert.StartsWith("hadaemon v", Exit("-v").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_facility_is_a_warning_not_an_error()
    {
        var outcome = Assert.IsType<ParseOutcome.Run>(CommandLineParser.Parse(["-S", "local9"]));
        Assert.Equal(SyslogFacilityCodes.Daemon, outcome.Options.SyslogFacility);
        Assert.Contains("Invalid log facility 'local9'", outcome.Warnings);
    }

    [Theory]
    [InlineData("022", 18)]
    [InlineData("0x12", 18)]
    [InlineData("18", 18)]
    public void Umask_is_read_like_strtoul_base_0(string text, int expected) =>
        Assert.Equal(expected, Run("-u", text).Umask);

    [Fact]
    public void Double_dash_ends_options()
    {
        var outcome = Assert.IsType<ParseOutcome.Run>(CommandLineParser.Parse(["-n", "--", "-C"]));
        Assert.Contains("Unexpected argument(s): -C", outcome.Warnings);
    }

    [Fact]
    public void Default_config_prefers_our_path_then_keepalived()
    {
        Assert.Equal(DefaultConfigPath.Own, DefaultConfigPath.Resolve(_ => true));
        Assert.Equal(DefaultConfigPath.Keepalived, DefaultConfigPath.Resolve(_ => false));
    }

    private static class SyslogFacilityCodes
    {
        public const int Daemon = 3;
        public const int Local3 = 19;
    }
}
