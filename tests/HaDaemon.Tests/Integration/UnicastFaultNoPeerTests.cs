using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>unicast_fault_no_peer with a real process: FAULT (and its notify) without peers, normal life once a reload adds one.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class UnicastFaultNoPeerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [NetnsFact]
    public void Without_peers_the_instance_is_fault_until_a_reload_adds_one()
    {
        using var lab = VrrpLab.Create("hfp");
        var marker = Path.Combine(lab.WorkDir, "fault-notified");
        var notify = lab.Script("fault.sh", $"echo \"$@\" > {marker}");
        lab.WriteConfig(0, lab.Instance(150, extra: $"unicast_fault_no_peer\n    notify {notify}"));
        var daemon = lab.Start(0);
        daemon.WaitFor(@"\(VI_1\) Cannot use unicast without any peers - going to fault state", Patience);
        daemon.WaitFor(@"\(VI_1\) Entering FAULT STATE \(vrid 51, from INIT, reason ConfigFault", Patience);
        daemon.WaitFor(@"for INSTANCE VI_1 FAULT \(transition \d+\) ran: exit 0", Patience);
        Assert.Equal("INSTANCE VI_1 FAULT 150", File.ReadAllText(marker).Trim());
        Assert.Equal(0, daemon.Count("Entering MASTER STATE"));
        Assert.False(lab.HasAddress(0, lab.Vip(100)));

        lab.WriteConfig(0, lab.Instance(150, extra: $"unicast_fault_no_peer\n    unicast_peer {{\n        {lab.Network.Ipv4(1)}\n    }}"));
        daemon.Signal("HUP");
        daemon.WaitFor(@"\(VI_1\) Entering BACKUP STATE \(vrid 51, from FAULT, reason Reload", Patience);
        daemon.WaitForState("VI_1", "MASTER", Patience);
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
    }
}
