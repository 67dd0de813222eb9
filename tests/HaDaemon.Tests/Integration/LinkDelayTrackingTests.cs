using System.Text.RegularExpressions;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>interface_up_down_delays with two real daemons: a tracked link's short flap is ridden out, a real failure
/// faults the MASTER only once the down delay has passed.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class LinkDelayTrackingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [NetnsFact]
    public void A_tracked_link_flap_shorter_than_the_down_delay_is_ignored_and_a_longer_one_faults_after_it()
    {
        using var lab = VrrpLab.Create("hld");
        lab.AddTrackedLink(0, "trk0");
        lab.WriteConfig(0, "interface_up_down_delays {\n    trk0 2\n}\n"
            + lab.Instance(150, extra: "track_interface {\n        trk0\n    }"));
        lab.WriteConfig(1, lab.Instance(100));
        lab.StartMasterThenBackup(Patience);

        // Down for about half a second, then back: the pending change is cancelled, nothing else happens.
        lab.SetLink(0, "trk0", up: false);
        lab[0].WaitFor(Regex.Escape("trk0: Adding flags change from 0x") + "[0-9a-f]+ to 0x[0-9a-f]+ delay by 2000000", Patience);
        Thread.Sleep(500);
        lab.SetLink(0, "trk0", up: true);
        lab[0].WaitFor(Regex.Escape("Delay timer for trk0 cancelled"), Patience);
        // Past the moment the cancelled change would have been applied (2 s after the down).
        Thread.Sleep(2000);
        Assert.Equal(0, lab[0].Count("Entering FAULT STATE"));
        Assert.Equal(0, lab[1].Count("Entering MASTER STATE"));
        Assert.True(lab.HasAddress(0, lab.Vip(100)));

        // Down for good: FAULT, but not before the 2 s delay (timed on the daemon's own log clock).
        lab.SetLink(0, "trk0", up: false);
        lab[0].WaitForState("VI_1", "FAULT", Patience);
        var delayedAt = lab[0].TimeOf(Regex.Escape("trk0: Adding flags change"), occurrence: 2);
        var faultAt = lab[0].TimeOf(DaemonProcess.StatePattern("VI_1", "FAULT"));
        Assert.True(faultAt - delayedAt >= TimeSpan.FromSeconds(1.95), $"FAULT {faultAt - delayedAt} after the link went down");
        lab[1].WaitForState("VI_1", "MASTER", Patience);
        Assert.False(lab.HasAddress(0, lab.Vip(100)));
    }
}
