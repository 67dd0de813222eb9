using HaDaemon.Core.Time;
using HaDaemon.Runtime;

namespace HaDaemon.Tests.Runtime;

public sealed class SystemUptimeTests
{
    [Theory]
    [InlineData("350735.47 234388.90\n", 350_735_470_000L)]
    [InlineData("12.5", 12_500_000L)]
    [InlineData("  0.00 0.00", 0L)]
    public void Parses_the_first_field_of_proc_uptime(string text, long micros) =>
        Assert.Equal(Duration.FromMicroseconds(micros), SystemUptime.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("abc 12")]
    [InlineData("-5 3")]
    [InlineData("1e99")]
    public void Unreadable_text_gives_null(string text) => Assert.Null(SystemUptime.Parse(text));

    [Fact]
    public void A_missing_file_gives_null() =>
        Assert.Null(SystemUptime.Read(Path.Combine(Path.GetTempPath(), $"no-uptime-{Guid.NewGuid():N}")));

    [Fact]
    public void This_machine_has_an_uptime() => Assert.NotNull(SystemUptime.Read());
}
