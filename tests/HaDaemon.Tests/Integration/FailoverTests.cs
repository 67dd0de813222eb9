using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>Two or three real hadaemon processes in throw-away namespaces: election, failover and hand-over.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class FailoverTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);


    [NetnsFact]
    public void The_higher_priority_node_becomes_master_and_alone_holds_the_vip()
    {
        using var lab = VrrpLab.Elect("hel");
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
        Assert.False(lab.HasAddress(1, lab.Vip(100)));
        Assert.Equal(0, lab[1].Count("Entering MASTER STATE"));
    }

    [NetnsFact]
    public void Kill_9_fails_over_and_the_restarted_node_cleans_up_and_preempts_back()
    {
        using var lab = VrrpLab.Elect("hk9");
        lab[0].Kill();
        lab[1].WaitForState("VI_1", "MASTER", Patience);
        Assert.True(lab.HasAddress(1, lab.Vip(100)));
        Assert.True(lab.HasAddress(0, lab.Vip(100))); // kill -9 leaves the VIP behind, as with keepalived

        var restarted = lab.Start(0);
        restarted.WaitFor("Removed leftover VIP", Patience);
        restarted.WaitForState("VI_1", "MASTER", Patience);
        lab[1].WaitForState("VI_1", "BACKUP", Patience, occurrences: 2);
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
        Assert.False(lab.HasAddress(1, lab.Vip(100)));
    }

    [NetnsFact]
    public void Link_down_on_the_master_faults_it_and_the_backup_takes_over()
    {
        using var lab = VrrpLab.Elect("hld", nodes: 3);
        lab.Network[0].Ip("link", "set", NetworkLab.Interface, "down");
        lab[0].WaitForState("VI_1", "FAULT", Patience);
        lab[1].WaitForState("VI_1", "MASTER", Patience);
        Assert.False(lab.HasAddress(0, lab.Vip(100)));
        Assert.True(lab.HasAddress(1, lab.Vip(100)));

        lab.Network[0].Ip("link", "set", NetworkLab.Interface, "up");
        lab[0].WaitForState("VI_1", "MASTER", Patience, occurrences: 2);
        lab[1].WaitForState("VI_1", "BACKUP", Patience, occurrences: 2);
    }

    [NetnsFact("tcpdump", "tshark")]
    public void Sigterm_sends_priority_0_removes_the_vip_and_exits_0()
    {
        using var lab = VrrpLab.Elect("hst");
        using var capture = PacketCapture.Start(lab.Network[1], NetworkLab.Interface, "ip proto 112");
        var pidFile = lab[0].PidFile;
        Assert.True(File.Exists(pidFile));

        lab[0].Signal("TERM");
        Assert.Equal(0, lab[0].WaitForExit(TimeSpan.FromSeconds(10)));
        lab[1].WaitForState("VI_1", "MASTER", Patience);

        Assert.False(lab.HasAddress(0, lab.Vip(100)));
        Assert.False(File.Exists(pidFile));
        var adverts = capture.Fields("vrrp", "ip.src", "vrrp.prio");
        Assert.Contains(adverts, a => a[0] == lab.Network.Ipv4(0) && a[1] == "0");
        // The hand-over was prompted by priority 0 (Skew_Time), not by the 3-interval down timer running out.
        Assert.Contains(adverts, a => a[0] == lab.Network.Ipv4(1) && a[1] == "100");
    }

    [NetnsFact]
    public void Nopreempt_keeps_the_running_master()
    {
        using var lab = VrrpLab.Create("hnp");
        // 1 s adverts: the newcomer must hear the master within its first master-down interval, and with 0.1 s
        // (0.34 s) a loaded machine's process start-up alone could exceed that and make it MASTER legitimately.
        lab.WriteConfig(0, lab.Instance(150, extra: "nopreempt", advertInt: "1"));
        lab.WriteConfig(1, lab.Instance(100, advertInt: "1"));
        lab.Start(1).WaitForState("VI_1", "MASTER", Patience);
        lab.Start(0).WaitForState("VI_1", "BACKUP", Patience);
        Thread.Sleep(3000); // 3 advert intervals: ample time for a preemption that must not happen
        Assert.Equal(0, lab[0].Count("Entering MASTER STATE"));
        Assert.True(lab.HasAddress(1, lab.Vip(100)));
    }
}

/// <summary>
/// The daemon-in-namespace tests run one after another (each owns its namespaces and most count transitions), but
/// beside the interop classes rather than after them: the two phases are each mostly waiting on protocol timers, and
/// run in sequence they took the suite past ten minutes on CI.
/// </summary>
[CollectionDefinition(Name)]
public sealed class IntegrationCollection
{
    public const string Name = "hadaemon processes in namespaces";
}
