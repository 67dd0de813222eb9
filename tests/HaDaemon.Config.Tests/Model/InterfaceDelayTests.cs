using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Loading;
using static HaDaemon.Config.Tests.Model.ModelTestHelpers;

namespace HaDaemon.Config.Tests.Model;

/// <summary>interface_up_down_delays as keepalived 2.2.7's alloc_if_up_down_delay: DOWN first, UP second.</summary>
public class InterfaceDelayTests
{
    private const string Vip = "virtual_ipaddress {\n 192.168.200.16\n}";

    private static LoadResult LoadDelays(string lines, string global = "") =>
        Load(global + "interface_up_down_delays {\n" + lines + "\n}\n" + Instance(Vip));

    [Fact]
    public void First_number_is_the_down_delay_and_the_up_delay_defaults_to_zero()
    {
        var r = LoadDelays("eth0 2");
        var d = Assert.Single(r.Config!.InterfaceDelays);
        Assert.Equal("eth0", d.Interface);
        Assert.Equal(TimeSpan.FromSeconds(2), d.DownDelay);
        Assert.Equal(TimeSpan.Zero, d.UpDelay);
        Assert.Equal(2, d.Location.Line);
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
        Assert.DoesNotContain(r.Diagnostics, x => x.Code == "unsupported-feature");
        Assert.Empty(r.Config.IgnoredFeatures);
    }

    [Fact]
    public void Both_delays_accept_fractions_of_a_second()
    {
        var r = LoadDelays("eth0 0.5 1.25\neth1 0 3");
        Assert.Collection(r.Config!.InterfaceDelays,
            d =>
            {
                Assert.Equal(TimeSpan.FromMilliseconds(500), d.DownDelay);
                Assert.Equal(TimeSpan.FromMilliseconds(1250), d.UpDelay);
            },
            d =>
            {
                Assert.Equal("eth1", d.Interface);
                Assert.Equal(TimeSpan.Zero, d.DownDelay);
                Assert.Equal(TimeSpan.FromSeconds(3), d.UpDelay);
            });
        Assert.DoesNotContain(r.Diagnostics, x => x.Severity >= Severity.Info);
    }

    [Fact]
    public void A_later_line_for_the_same_interface_replaces_the_earlier()
    {
        var r = LoadDelays("eth0 2\neth0 4 1");
        var d = Assert.Single(r.Config!.InterfaceDelays);
        Assert.Equal(TimeSpan.FromSeconds(4), d.DownDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), d.UpDelay);
    }

    [Fact]
    public void Unknown_interface_is_fatal_with_its_position()
    {
        var r = LoadDelays("eth0 1\n  nosuch0 2");
        var d = Single(r);
        Assert.Equal(Severity.Fatal, d.Severity);
        Assert.Equal("unknown interface nosuch0 specified for up/down delay", d.Message);
        Assert.Equal(new SourceLocation(VirtualPath, 3, 3), d.Location);
        Assert.Equal(ConfigTestResult.CannotRun, r.TestResult);
    }

    [Fact]
    public void Unknown_interface_is_accepted_with_dynamic_interfaces()
    {
        var r = LoadDelays("nosuch0 2", "global_defs {\n dynamic_interfaces\n}\n");
        Assert.DoesNotContain(r.Diagnostics, x => x.Severity >= Severity.Error);
        Assert.Equal("nosuch0", Assert.Single(r.Config!.InterfaceDelays).Interface);
    }

    [Fact]
    public void A_line_without_timeouts_is_an_info_and_ignored()
    {
        var r = LoadDelays("eth0");
        var d = Single(r, Severity.Info);
        Assert.Equal("No timeouts specified for eth0 up/down delays", d.Message);
        Assert.Equal(new SourceLocation(VirtualPath, 2, 1), d.Location);
        Assert.Empty(r.Config!.InterfaceDelays);
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
    }

    [Fact]
    public void Too_many_parameters_is_an_info_but_the_line_is_used()
    {
        var r = LoadDelays("eth0 1 2 3");
        var d = Single(r, Severity.Info);
        Assert.Equal("Too many parameters for eth0 up/down delays", d.Message);
        Assert.Equal(new SourceLocation(VirtualPath, 2, 10), d.Location);
        var delay = Assert.Single(r.Config!.InterfaceDelays);
        Assert.Equal(TimeSpan.FromSeconds(1), delay.DownDelay);
        Assert.Equal(TimeSpan.FromSeconds(2), delay.UpDelay);
    }

    [Theory]
    [InlineData("eth0 256", "Invalid down delay 256 for eth0", 6)]
    [InlineData("eth0 -1", "Invalid down delay -1 for eth0", 6)]
    [InlineData("eth0 x 1", "Invalid down delay x for eth0", 6)]
    [InlineData("eth0 1 300", "Invalid up delay 300 for eth0", 8)]
    [InlineData("eth0 1 1.2.3", "Invalid up delay 1.2.3 for eth0", 8)]
    public void Invalid_values_are_an_info_and_the_line_is_ignored(string line, string message, int column)
    {
        var r = LoadDelays(line);
        var d = Single(r, Severity.Info);
        Assert.Equal(message, d.Message);
        Assert.Equal(new SourceLocation(VirtualPath, 2, column), d.Location);
        Assert.Empty(r.Config!.InterfaceDelays);
        Assert.Equal(ConfigTestResult.Ok, r.TestResult);
    }

    [Fact]
    public void The_delays_appear_in_the_model_dump()
    {
        var json = ConfigJson.Serialize(LoadDelays("eth0 2 0.5").Config!);
        Assert.Contains("\"InterfaceDelays\": [", json, StringComparison.Ordinal);
        Assert.Contains("\"Interface\": \"eth0\"", json, StringComparison.Ordinal);
    }
}
