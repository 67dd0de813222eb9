using HaDaemon.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace HaDaemon.Tests.Logging;

public class JournalFormatterTests
{
    private static string Format(LogEventLevel level, string text, Exception? ex = null)
    {
        var template = new MessageTemplateParser().Parse(text);
        var e = new LogEvent(DateTimeOffset.UnixEpoch, level, ex, template, []);
        using var writer = new StringWriter();
        new JournalFormatter().Format(e, writer);
        return writer.ToString();
    }

    [Theory]
    [InlineData(LogEventLevel.Fatal, "<2>")]
    [InlineData(LogEventLevel.Error, "<3>")]
    [InlineData(LogEventLevel.Warning, "<4>")]
    [InlineData(LogEventLevel.Information, "<6>")]
    [InlineData(LogEventLevel.Debug, "<7>")]
    [InlineData(LogEventLevel.Verbose, "<7>")]
    public void Lines_carry_the_syslog_severity_prefix(LogEventLevel level, string prefix) =>
        Assert.Equal(prefix + "hello\n", Format(level, "hello"));

    [Fact]
    public void Multi_line_messages_and_exceptions_stay_on_one_journal_line()
    {
        var line = Format(LogEventLevel.Error, "a\nb", new InvalidOperationException("bad\nthing"));
        Assert.Equal("<3>a b (InvalidOperationException: bad thing)\n", line);
    }
}
