using System.Text.RegularExpressions;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>Issue 5 acceptance: preempt_delay, track_interface and sync groups with two real hadaemon processes.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class TrackingAcceptanceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [NetnsFact]
    public void A_returning_higher_priority_node_waits_preempt_delay_before_taking_over()
    {
        using var lab = VrrpLab.Create("hpd");
        lab.WriteConfig(0, lab.Instance(150, extra: "preempt_delay 4"));
        lab.WriteConfig(1, lab.Instance(100));
        lab.Start(1).WaitForState("VI_1", "MASTER", Patience);
        lab.Start(0).WaitForState("VI_1", "BACKUP", Patience);
        var backupAt = lab[0].TimeOf(DaemonProcess.StatePattern("VI_1", "BACKUP"));

        // 15 advert intervals into a 4 s delay: a node that ignored preempt_delay would have preempted by now. Timed on
        // the daemon's log clock: the test thread may notice "BACKUP" late on a loaded machine, and a check made when
        // more than 3 s have in fact gone by proves nothing either way.
        Thread.Sleep(1500);
        var mastersSeen = lab[0].Count("Entering MASTER STATE");
        var vipOnNode0 = lab.HasAddress(0, lab.Vip(100));
        var vipOnNode1 = lab.HasAddress(1, lab.Vip(100));
        if (DateTime.Now - backupAt < TimeSpan.FromSeconds(3)) // all three were observed before this instant
        {
            Assert.Equal(0, mastersSeen);
            Assert.False(vipOnNode0);
            Assert.True(vipOnNode1);
        }

        lab[0].WaitForState("VI_1", "MASTER", Patience);
        // The delay runs from the first lower-priority advert heard in BACKUP, so never less than 4 s after entering it.
        var delay = lab[0].TimeOf(DaemonProcess.StatePattern("VI_1", "MASTER")) - backupAt;
        Assert.True(delay >= TimeSpan.FromSeconds(3.95), $"preempted {delay} after entering BACKUP");
        lab[1].WaitForState("VI_1", "BACKUP", Patience);
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
        Assert.False(lab.HasAddress(1, lab.Vip(100)));
    }

    /// <summary>Node 0 (150, tracking trk0 as <paramref name="tracking"/> says) elected over node 1 (100).</summary>
    private static VrrpLab ElectTracking(string tag, string tracking)
    {
        var lab = VrrpLab.Create(tag);
        try
        {
            lab.AddTrackedLink(0, "trk0");
            lab.WriteConfig(0, lab.Instance(150, extra: $"track_interface {{\n        {tracking}\n    }}"));
            lab.WriteConfig(1, lab.Instance(100));
            lab.StartMasterThenBackup(Patience);
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    [NetnsFact]
    public void A_tracked_interface_going_down_faults_the_master_and_coming_back_preempts()
    {
        using var lab = ElectTracking("hti", "trk0");

        lab.SetLink(0, "trk0", up: false);
        lab[0].WaitForState("VI_1", "FAULT", Patience);
        lab[1].WaitForState("VI_1", "MASTER", Patience);
        Assert.False(lab.HasAddress(0, lab.Vip(100)));
        Assert.True(lab.HasAddress(1, lab.Vip(100)));

        lab.SetLink(0, "trk0", up: true);
        lab[0].WaitForState("VI_1", "MASTER", Patience, occurrences: 2);
        lab[1].WaitForState("VI_1", "BACKUP", Patience, occurrences: 2);
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
        Assert.False(lab.HasAddress(1, lab.Vip(100)));
    }

    [NetnsFact]
    public void A_weighted_tracked_interface_lowers_priority_below_the_backup_instead_of_faulting()
    {
        using var lab = ElectTracking("htw", "trk0 weight -60");

        lab.SetLink(0, "trk0", up: false);
        lab[1].WaitForState("VI_1", "MASTER", Patience);
        lab[0].WaitForState("VI_1", "BACKUP", Patience);
        Assert.Equal(0, lab[0].Count("Entering FAULT STATE"));
        Assert.True(lab.HasAddress(1, lab.Vip(100)));
        // keepalived's lines for it: the lowered priority, then the lost election.
        lab[0].WaitFor(Regex.Escape("(VI_1) Changing effective priority from 150 to 90"), Patience);
        lab[0].WaitFor(Regex.Escape("(VI_1) Master received advert from ") + ".* with higher priority 100, ours 90", Patience);

        lab.SetLink(0, "trk0", up: true);
        lab[0].WaitForState("VI_1", "MASTER", Patience, occurrences: 2);
        lab[1].WaitForState("VI_1", "BACKUP", Patience, occurrences: 2);
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
    }

    [NetnsFact]
    public void A_failing_sync_group_member_moves_both_instances_to_the_other_node()
    {
        using var lab = VrrpLab.Create("hsg");
        lab.AddTrackedLink(0, "trk0");
        const string group = """
            vrrp_sync_group G1 {
                group {
                    VI_1
                    VI_2
                }
            }

            """;
        string Pair(int priority, string trackVi2) =>
            group
            + lab.Instance(priority) + "\n"
            + lab.Instance(priority, name: "VI_2", vrid: 52, vips: lab.Vip(101) + "/24", extra: trackVi2);
        lab.WriteConfig(0, Pair(150, "track_interface {\n        trk0\n    }"));
        lab.WriteConfig(1, Pair(100, ""));
        var first = lab.Start(0);
        first.WaitForState("VI_1", "MASTER", Patience);
        first.WaitForState("VI_2", "MASTER", Patience);
        var second = lab.Start(1);
        second.WaitForState("VI_1", "BACKUP", Patience);
        second.WaitForState("VI_2", "BACKUP", Patience);

        // Only VI_2 tracks trk0, yet the group takes VI_1 (whose own link is fine) along.
        lab.SetLink(0, "trk0", up: false);
        first.WaitForState("VI_2", "FAULT", Patience);
        first.WaitForState("VI_1", "FAULT", Patience);
        second.WaitForState("VI_1", "MASTER", Patience);
        second.WaitForState("VI_2", "MASTER", Patience);
        Assert.True(lab.HasAddress(1, lab.Vip(100)));
        Assert.True(lab.HasAddress(1, lab.Vip(101)));
        Assert.False(lab.HasAddress(0, lab.Vip(100)));
        Assert.False(lab.HasAddress(0, lab.Vip(101)));

        lab.SetLink(0, "trk0", up: true);
        first.WaitForState("VI_1", "MASTER", Patience, occurrences: 2);
        first.WaitForState("VI_2", "MASTER", Patience, occurrences: 2);
        second.WaitForState("VI_1", "BACKUP", Patience, occurrences: 2);
        second.WaitForState("VI_2", "BACKUP", Patience, occurrences: 2);
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
        Assert.True(lab.HasAddress(0, lab.Vip(101)));
    }
}
