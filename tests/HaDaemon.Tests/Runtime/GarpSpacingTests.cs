using HaDaemon.Config.Environment;
using HaDaemon.Config.Loading;
using HaDaemon.Config.Model;
using HaDaemon.Linux.Announcements;
using HaDaemon.Runtime;

namespace HaDaemon.Tests.Runtime;

/// <summary>Which GARP/NA spacing each interface gets: its garp_group's, else the global intervals (keepalived's garp_delay).</summary>
public sealed class GarpSpacingTests
{
    private static KeepalivedConfig Model(string text)
    {
        var result = ConfigLoader.LoadText(text + "\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n}\n",
            "/test/keepalived.conf", new LoadOptions { Interfaces = new FixedInterfaceCatalog(["lo", "eth0", "eth1", "eth2", "eth3"]) });
        return result.Config ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }

    private const string Groups = """
        global_defs {
            vrrp_garp_interval 0.3
            vrrp_gna_interval 0.4
        }
        garp_group {
            garp_interval 0.01
            interfaces {
                eth0 eth1
            }
        }
        garp_group {
            gna_interval 0.02
            interface eth2
        }
        """;

    [Fact]
    public void Interfaces_of_one_group_share_its_lane_and_intervals()
    {
        var model = Model(Groups);
        var eth0 = GarpSpacing.For(model, "eth0");
        var eth1 = GarpSpacing.For(model, "eth1");
        Assert.Equal(new AnnouncementSpacing(TimeSpan.FromMilliseconds(10), TimeSpan.Zero, "garp_group 0"), eth0);
        Assert.Equal(eth0, eth1);
    }

    [Fact]
    public void An_interval_the_group_leaves_unset_is_no_spacing_not_the_global_one()
    {
        var eth2 = GarpSpacing.For(Model(Groups), "eth2");
        Assert.Equal(new AnnouncementSpacing(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), "garp_group 1"), eth2);
    }

    [Fact]
    public void An_interface_in_no_group_has_the_global_intervals_in_a_lane_of_its_own()
    {
        Assert.Equal(new AnnouncementSpacing(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(400)), GarpSpacing.For(Model(Groups), "eth3"));
        Assert.Equal(new AnnouncementSpacing(TimeSpan.Zero, TimeSpan.Zero), GarpSpacing.For(Model(""), "eth0"));
    }
}
