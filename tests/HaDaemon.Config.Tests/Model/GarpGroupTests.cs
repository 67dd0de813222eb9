using HaDaemon.Config.Diagnostics;
using static HaDaemon.Config.Tests.Model.ModelTestHelpers;

namespace HaDaemon.Config.Tests.Model;

/// <summary>The garp_group block with keepalived 2.2.7's rules and messages (vrrp_parser.c garp_group handlers).</summary>
public sealed class GarpGroupTests
{
    private static string WithGroups(string groups) =>
        groups + "\n" + Instance("virtual_ipaddress {\n 192.168.200.16\n}");

    [Fact]
    public void A_group_sets_the_spacing_of_its_interfaces_and_leaves_an_unset_interval_unset()
    {
        var r = Load(WithGroups("""
            garp_group {
                garp_interval 0.002
                interface eth0
                interface eth1
            }
            garp_group {
                gna_interval 0.5
                interfaces {
                    eth2 eth3
                }
            }
            """));
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity >= Severity.Info);
        var groups = r.Config!.GarpGroups;
        Assert.Equal(2, groups.Count);
        Assert.Equal((0, (TimeSpan?)TimeSpan.FromMilliseconds(2), (TimeSpan?)null),
            (groups[0].Number, groups[0].GarpInterval, groups[0].GnaInterval));
        Assert.Equal(["eth0", "eth1"], groups[0].Interfaces);
        Assert.Equal((1, (TimeSpan?)null, (TimeSpan?)TimeSpan.FromMilliseconds(500)),
            (groups[1].Number, groups[1].GarpInterval, groups[1].GnaInterval));
        Assert.Equal(["eth2", "eth3"], groups[1].Interfaces);
        Assert.Equal(1, groups[0].Location.Line);
    }

    [Fact]
    public void Without_groups_the_model_has_none()
    {
        Assert.Empty(Load(WithGroups("")).Config!.GarpGroups);
    }

    [Fact]
    public void A_group_without_any_interval_is_removed_with_keepalived_s_error()
    {
        var r = Load(WithGroups("garp_group {\n    interfaces {\n        eth0\n    }\n}"));
        var d = Single(r);
        Assert.Equal((Severity.Error, "garp group 1 does not have any delay set - removing", 1, 1),
            (d.Severity, d.Message, d.Location.Line, d.Location.Column));
        Assert.Empty(r.Config!.GarpGroups);
    }

    [Fact]
    public void An_interface_already_in_a_group_is_skipped_and_the_first_group_keeps_it()
    {
        var r = Load(WithGroups("garp_group {\n    garp_interval 0.01\n    interface eth0\n}\ngarp_group {\n    garp_interval 0.02\n    interface eth0\n    interface eth1\n}"));
        var d = Single(r);
        Assert.Equal(("garp_group already specified for eth0 - ignoring", 7, 15), (d.Message, d.Location.Line, d.Location.Column));
        Assert.Equal(["eth0"], r.Config!.GarpGroups[0].Interfaces);
        Assert.Equal(["eth1"], r.Config!.GarpGroups[1].Interfaces);
    }

    [Fact]
    public void An_unknown_interface_is_an_error_unless_interfaces_are_dynamic()
    {
        var r = Load(WithGroups("garp_group {\n    garp_interval 0.01\n    interface nope0\n}"));
        var d = Single(r);
        Assert.Equal(("WARNING - interface nope0 specified for garp_group doesn't exist", Severity.Error, 3, 15),
            (d.Message, d.Severity, d.Location.Line, d.Location.Column));
        Assert.Empty(r.Config!.GarpGroups[0].Interfaces);

        r = Load("global_defs {\n    dynamic_interfaces\n}\n" + WithGroups("garp_group {\n    garp_interval 0.01\n    interface nope0\n}"));
        Assert.DoesNotContain(r.Diagnostics, x => x.Message.Contains("nope0", StringComparison.Ordinal) && x.Severity >= Severity.Warning);
        Assert.Equal(["nope0"], r.Config!.GarpGroups[0].Interfaces);
    }

    [Theory]
    [InlineData("garp_interval -1", "garp_group garp_interval '-1' invalid")]
    [InlineData("gna_interval abc", "garp_group gna_interval 'abc' invalid")]
    [InlineData("garp_interval 2147.483648", "garp_group garp_interval '2147.483648' invalid")]
    public void A_bad_interval_is_an_error_at_its_value(string line, string message)
    {
        var r = Load(WithGroups($"garp_group {{\n    {line}\n    gna_interval 0.001\n    interface eth0\n}}"));
        var d = r.Diagnostics.First(x => x.Severity == Severity.Error);
        Assert.Equal((message, 2), (d.Message, d.Location.Line));
        Assert.Equal(line.IndexOf(' ', StringComparison.Ordinal) + 6, d.Location.Column);
    }

    [Fact]
    public void A_second_or_more_is_accepted_with_keepalived_s_info_and_zero_is_allowed()
    {
        var r = Load(WithGroups("garp_group {\n    garp_interval 2\n    gna_interval 0\n    interface eth0\n}"));
        Assert.Equal(("The garp_interval is very large - 2 seconds", Severity.Info), (Single(r, Severity.Info).Message, Single(r, Severity.Info).Severity));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.Zero), (r.Config!.GarpGroups[0].GarpInterval, r.Config!.GarpGroups[0].GnaInterval));
    }

    [Fact]
    public void An_empty_interfaces_block_is_keepalived_s_warning_error()
    {
        var r = Load(WithGroups("garp_group {\n    garp_interval 0.01\n    interfaces {\n    }\n}"));
        Assert.Equal("Warning - empty garp_group interfaces block", Single(r).Message);
    }
}
