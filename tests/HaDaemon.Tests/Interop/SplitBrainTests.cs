using System.Diagnostics;
using HaDaemon.TestSupport;
using Xunit.Abstractions;

namespace HaDaemon.Tests.Interop;

/// <summary>
/// Split brain and recovery: the two daemon ports of the hub bridge are isolated from each other (the client on the
/// third port still reaches both), so both nodes become master and both announce the VIP. After healing exactly one
/// master must remain — the higher priority — and it must re-announce (GARP) so the client's ARP entry, which the
/// loser's last GARP had pointed at the loser, points at the winner again. The times are reported, not asserted.
/// </summary>
public static class SplitBrain
{
    public static TheoryData<DaemonKind, DaemonKind> Pairs => InteropPairs.Pairs;

    public static void Run(ITestOutputHelper output, VrrpFlavor flavor, DaemonKind high, DaemonKind low)
    {
        using var cell = new InteropCell(output, flavor == VrrpFlavor.V2 ? "sb2" : "sb3", new InteropConfig { Flavor = flavor }, high, low);
        var t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Start();
        cell.Daemons[1].Start();
        cell.Converge("initial election", t, master: 0);
        // One UDP datagram to the VIP makes the client resolve it by ARP (no ping needed on the runner).
        cell.Lab[2].Exec("bash", "-c", $"echo hello > /dev/udp/{cell.Vip}/9");
        WaitFor(cell, "client resolves the VIP to the master", () => cell.ClientNeighbor() == cell.MacOf(0));

        t = DateTimeOffset.UtcNow;
        cell.EndPhase(t);
        cell.Partition(isolated: true);
        WaitFor(cell, "both nodes master during the partition", () => cell.HoldsVip(0) && cell.HoldsVip(1));
        WaitFor(cell, "client ARP follows the second master's GARP", () => cell.ClientNeighbor() == cell.MacOf(1));
        cell.Log($"partition: two masters after {(DateTimeOffset.UtcNow - t).TotalMilliseconds:0} ms");
        // Let both masters advertise into the partition for a while, as in a real split.
        Thread.Sleep(cell.Config.MasterDown);

        t = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        cell.Partition(isolated: false);
        cell.Converge("heal: the higher priority stays the only master", t, master: 0, announce: true);
        var oneMaster = watch.Elapsed;
        WaitFor(cell, "client ARP points at the winner again", () => cell.ClientNeighbor() == cell.MacOf(0));
        var arpFixed = watch.Elapsed;
        output.WriteLine($"RESULT split-brain {flavor} high={high} low={low}: one master {oneMaster.TotalMilliseconds:0} ms, "
                         + $"client ARP on the winner {arpFixed.TotalMilliseconds:0} ms after healing");
        cell.Hold("steady state", 0, cell.Config.MasterDown);
        cell.VerifyWire();
    }

    private static void WaitFor(InteropCell cell, string what, Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > cell.ConvergeTimeout)
            {
                cell.Fail($"{what}: not within {cell.ConvergeTimeout.TotalSeconds:0.#} s (n0={cell.HoldsVip(0)} n1={cell.HoldsVip(1)}, client ARP {cell.ClientNeighbor()})",
                    DateTimeOffset.UtcNow - watch.Elapsed);
            }
            Thread.Sleep(20);
        }
    }
}

public sealed class SplitBrainV3Tests(ITestOutputHelper output)
{
    [NetnsTheory("keepalived", "tcpdump", "tshark", "bridge", "bash")]
    [MemberData(nameof(SplitBrain.Pairs), MemberType = typeof(SplitBrain))]
    public void Split_brain_heals_to_one_master_that_reannounces(DaemonKind high, DaemonKind low) =>
        SplitBrain.Run(output, VrrpFlavor.V3Ipv4, high, low);
}

public sealed class SplitBrainV2Tests(ITestOutputHelper output)
{
    [NetnsTheory("keepalived", "tcpdump", "tshark", "bridge", "bash")]
    [MemberData(nameof(SplitBrain.Pairs), MemberType = typeof(SplitBrain))]
    public void Split_brain_heals_to_one_master_that_reannounces(DaemonKind high, DaemonKind low) =>
        SplitBrain.Run(output, VrrpFlavor.V2, high, low);
}
