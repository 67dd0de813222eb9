using HaDaemon.Cli;
using HaDaemon.Config.Model;

namespace HaDaemon.Tests.Cli;

/// <summary><c>--log-format=text|json</c>: HaDaemon's own long option.</summary>
public class LogFormatOptionTests
{
    private static CommandLineOptions Run(params string[] args) =>
        Assert.IsType<ParseOutcome.Run>(CommandLineParser.Parse(args)).Options;

    [Fact]
    public void Absent_means_the_configuration_decides() => Assert.Null(Run("-l").LogFormat);

    [Theory]
    [InlineData(LogFormat.Json, "--log-format=json")]
    [InlineData(LogFormat.Json, "--log-format", "json")]
    [InlineData(LogFormat.Text, "--log-format=text")]
    [InlineData(LogFormat.Json, "--log-fo=json")]
    [InlineData(LogFormat.Text, "--log-format=json", "--log-format=text")]
    public void Values_are_read_attached_or_separate_and_the_last_wins(LogFormat expected, params string[] args) =>
        Assert.Equal(expected, Run(args).LogFormat);

    [Theory]
    [InlineData("--log-format=xml", "Invalid log format 'xml' - expected text or json")]
    [InlineData("--log-format=JSON", "Invalid log format 'JSON' - expected text or json")]
    [InlineData("--log-format=", "Missing parameter for option --log-format")]
    [InlineData("--log-format", "Missing parameter for option --log-format")]
    public void Bad_values_exit_1_like_other_bad_options(string arg, string message)
    {
        var exit = Assert.IsType<ParseOutcome.Exit>(CommandLineParser.Parse(["-l", arg]));
        Assert.Equal(ExitCodes.Fatal, exit.ExitCode);
        Assert.False(exit.ToStdout);
        Assert.Contains(message, exit.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Keepalived_abbreviations_mean_what_they_meant()
    {
        // "--log-f" was ambiguous in keepalived (log-facility, log-file) and still is; longer prefixes are unique.
        Assert.Contains("Ambiguous option --log-f", Assert.IsType<ParseOutcome.Exit>(CommandLineParser.Parse(["--log-f=x"])).Text, StringComparison.Ordinal);
        Assert.Equal("/tmp/x.log", Run("--log-fi=/tmp/x.log").LogFile);
        Assert.Null(Run("--log-fi=/tmp/x.log").LogFormat);
    }

    [Fact]
    public void Help_documents_the_option_and_the_keyword()
    {
        Assert.Contains("--log-format=text|json", HelpText.Usage, StringComparison.Ordinal);
        Assert.Contains("hadaemon_log_format", HelpText.Usage, StringComparison.Ordinal);
    }
}
