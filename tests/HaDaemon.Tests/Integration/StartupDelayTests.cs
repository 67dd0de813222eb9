using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>vrrp_startup_delay with real processes: the delayed node is BACKUP at once but quiet until the delay ends.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class StartupDelayTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);

    [NetnsFact]
    public void A_node_with_a_startup_delay_sends_nothing_and_takes_no_vip_before_the_delay_has_passed()
    {
        using var lab = VrrpLab.Create("hsd");
        var vip = lab.Vip(100);
        // 0.1 s adverts: without the delay the newcomer would preempt 0.34 s after its start.
        lab.WriteConfig(0, lab.Instance(100));
        lab.WriteConfig(1, "global_defs {\n    vrrp_startup_delay 2\n}\n" + lab.Instance(150));
        lab.Start(0).WaitForState("VI_1", "MASTER", Patience);
        var masterBackups = lab[0].Count("Entering BACKUP STATE");

        var launched = DateTime.Now;
        var delayed = lab.Start(1);
        delayed.WaitFor("Delaying startup for 2 seconds", Patience);
        delayed.WaitForState("VI_1", "BACKUP", Patience);
        // The delay runs from the daemon's start, which is after "launched": until launched + 2 s it is certainly on.
        while (DateTime.Now < launched + Delay)
        {
            Assert.False(lab.HasAddress(1, vip), "the delayed node took the VIP during its startup delay");
            Assert.Equal(masterBackups, lab[0].Count("Entering BACKUP STATE"));
            Thread.Sleep(100);
        }

        delayed.WaitForState("VI_1", "MASTER", Patience);
        lab[0].WaitForState("VI_1", "BACKUP", Patience, occurrences: masterBackups + 1);
        // Log stamps against the launch: the delay counts from the daemon's start, which is later than the launch.
        Assert.True(delayed.LastTimeOf(@"\(VI_1\) Entering MASTER STATE") - launched >= Delay, delayed.Log);
        // The old master hears the delayed node's first advert, sent only once the delay and its down timer ran out.
        Assert.True(lab[0].LastTimeOf(@"\(VI_1\) Entering BACKUP STATE") - launched >= Delay, lab[0].Log);
        Assert.True(lab.HasAddress(1, vip));
        Assert.Equal(1, delayed.Count("Entering MASTER STATE"));
    }
}
