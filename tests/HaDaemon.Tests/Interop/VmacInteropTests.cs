using HaDaemon.TestSupport;
using Xunit.Abstractions;

namespace HaDaemon.Tests.Interop;

/// <summary>
/// use_vmac on both nodes, hadaemon and keepalived 2.2.7 mixed: every advert, GARP and ARP reply for the VIP on the
/// wire comes from 00:00:5e:00:01:33, the VIP sits on vrrp.51 of the master, which serves it, and a daemon stopped
/// with SIGTERM leaves no macvlan behind. (A client's neighbour entry is not asserted: the master's own ARP requests
/// leave eth0 with the VIP as sender address and overwrite it with eth0's MAC — with keepalived just the same.)
/// </summary>
public sealed class VmacInteropTests(ITestOutputHelper output)
{
    [NetnsTheory("keepalived", "tcpdump", "tshark", "bridge", "bash", "timeout")]
    [MemberData(nameof(InteropPairs.Pairs), MemberType = typeof(InteropPairs))]
    public void Vmac_fail_over_and_back_uses_only_the_virtual_mac(DaemonKind high, DaemonKind low)
    {
        using var cell = new InteropCell(output, "ivm", new InteropConfig { Flavor = VrrpFlavor.V3Ipv4, UseVmac = true }, high, low);
        var t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Start();
        cell.Daemons[1].Start();
        cell.Converge("initial election", t, master: 0);
        AssertClientReachesVip(cell);

        t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Terminate();
        cell.Converge("SIGTERM on master n0: hand-over", t, master: 1, priorityZeroFrom: 0);
        Assert.True(cell.Daemons[0].WaitForExit(TimeSpan.FromSeconds(10)), "n0 did not exit after SIGTERM\n" + cell.Daemons[0].Log());
        Assert.False(cell.Lab[0].TryIp("link", "show", cell.Config.VmacName).Ok, $"{cell.Daemons[0].Kind} left {cell.Config.VmacName} behind");
        AssertClientReachesVip(cell);

        t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Start();
        cell.Converge("n0 restarts: preempt back", t, master: 0);
        AssertClientReachesVip(cell);
        cell.Hold("steady state", 0, cell.Config.MasterDown);
        cell.VerifyWire();
        var replies = cell.ArpReplySenders();
        Assert.NotEmpty(replies);
        Assert.All(replies, mac => Assert.Equal(cell.Config.VirtualMac, mac));
    }

    /// <summary>
    /// The master answers for the VIP: a TCP connect to a closed port is refused, not timed out (ping is not
    /// everywhere, bash is). The client's cache is flushed first, so that it asks (ARP) who has the VIP now.
    /// </summary>
    private static void AssertClientReachesVip(InteropCell cell)
    {
        cell.Lab[2].Ip("neigh", "flush", "dev", NetworkLab.Interface);
        var probe = ProcessRunner.Run("ip", ["netns", "exec", cell.Lab[2].Name, "timeout", "3", "bash", "-c", $"echo > /dev/tcp/{cell.Vip}/9"]);
        Assert.Contains("Connection refused", probe.Error, StringComparison.Ordinal);
    }
}
