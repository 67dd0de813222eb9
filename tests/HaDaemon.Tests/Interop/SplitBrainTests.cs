using System.Diagnostics;
using HaDaemon.TestSupport;
using Xunit.Abstractions;

namespace HaDaemon.Tests.Interop;

/// <summary>
/// Split brain and recovery: the two daemon ports of the hub bridge are isolated from each other (the client on the
/// third port still reaches both), so both nodes become master and both announce the VIP. After healing exactly one
/// master must remain — the higher priority — and the client must reach it again.
/// How the client gets there depends on who speaks first after the heal, for keepalived and HaDaemon alike: if the
/// loser's advert reaches the winner, the winner answers a lower priority with an advert and a GARP burst
/// (keepalived's vrrp_state_master_rx), which the test then requires on the wire; if the winner's advert comes
/// first, the loser yields silently and nobody re-announces, so the client only moves when its neighbour entry is
/// re-resolved (it sends a datagram every second, as a real client would). The times are reported, not asserted.
/// </summary>
public static class SplitBrain
{
    public static TheoryData<DaemonKind, DaemonKind> Pairs => InteropPairs.Pairs;

    /// <summary>keepalived's default garp_master_delay: a new master repeats its GARP burst this long after the first.</summary>
    private static readonly TimeSpan SecondGarpBurst = TimeSpan.FromSeconds(5);

    public static void Run(ITestOutputHelper output, VrrpFlavor flavor, DaemonKind high, DaemonKind low)
    {
        using var cell = new InteropCell(output, flavor == VrrpFlavor.V2 ? "sb2" : "sb3", new InteropConfig { Flavor = flavor }, high, low);
        var t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Start();
        cell.Daemons[1].Start();
        cell.Converge("initial election", t, master: 0);
        // One UDP datagram to the VIP makes the client resolve it by ARP (no ping needed on the runner).
        SendDatagram(cell);
        WaitFor(cell, "client resolves the VIP to the master", () => cell.ClientNeighbor() == cell.MacOf(0));

        t = DateTimeOffset.UtcNow;
        cell.EndPhase(t);
        cell.Partition(isolated: true);
        WaitFor(cell, "both nodes master during the partition", () => cell.HoldsVip(0) && cell.HoldsVip(1));
        var secondMaster = DateTimeOffset.UtcNow;
        cell.Log($"partition: two masters after {(secondMaster - t).TotalMilliseconds:0} ms");
        // Both masters advertise into the partition, as in a real split, until both second GARP bursts are over
        // (the first master's comes earlier): the client's last word is then the second master's.
        Thread.Sleep(SecondGarpBurst + TimeSpan.FromSeconds(1));
        WaitFor(cell, "client ARP follows the second master's GARP", () => cell.ClientNeighbor() == cell.MacOf(1));

        // A client that nobody re-announces to finds the winner by re-resolving (delay, unicast probes to the loser,
        // then a broadcast): ~9 s with the kernel's defaults, shortened here to ~3 s, which changes nothing else.
        cell.Lab[2].Exec("sysctl", "-qw", $"net.ipv4.neigh.{NetworkLab.Interface}.delay_first_probe_time=1",
            $"net.ipv4.neigh.{NetworkLab.Interface}.ucast_solicit=1");
        var answersBefore = LowerPriorityAnswers(cell.Daemons[0]);
        t = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        cell.Partition(isolated: false);
        cell.Converge("heal: the higher priority stays the only master", t, master: 0, announce: false);
        var oneMaster = watch.Elapsed;
        WaitFor(cell, "client ARP points at the winner again", () =>
        {
            SendDatagram(cell);
            return cell.ClientNeighbor() == cell.MacOf(0);
        }, pause: TimeSpan.FromSeconds(1));
        var arpFixed = watch.Elapsed;
        cell.Hold("steady state", 0, cell.Config.MasterDown);
        var wire = cell.VerifyWire();
        output.WriteLine("heal, on the wire:\n" + wire.Describe(t, t + TimeSpan.FromSeconds(3)));

        var winnerHeardLoser = LowerPriorityAnswers(cell.Daemons[0]) > answersBefore;
        var winnerAnnounced = wire.Between(t, DateTimeOffset.UtcNow).Any(f => f.Kind == WireKind.GratuitousArp && f.SourceMac == cell.MacOf(0));
        if (winnerHeardLoser && !winnerAnnounced)
        {
            cell.Fail("heal: the winner answered the loser's lower priority advert without a gratuitous ARP burst", t);
        }
        output.WriteLine($"RESULT split-brain {flavor} high={high} low={low}: one master {oneMaster.TotalMilliseconds:0} ms, "
                         + $"client ARP on the winner {arpFixed.TotalMilliseconds:0} ms after healing "
                         + (winnerHeardLoser ? "(winner heard the loser and re-announced)" : "(loser yielded first: client re-resolved)"));
    }

    /// <summary>"Received advert from … with lower priority …": keepalived's line, which HaDaemon logs in the same words.</summary>
    private static int LowerPriorityAnswers(DaemonProcess daemon) =>
        daemon.Log().Split('\n').Count(line => line.Contains(" with lower priority ", StringComparison.Ordinal));

    private static void SendDatagram(InteropCell cell) => cell.Lab[2].Exec("bash", "-c", $"echo hello > /dev/udp/{cell.Vip}/9");

    private static void WaitFor(InteropCell cell, string what, Func<bool> condition, TimeSpan? pause = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > cell.ConvergeTimeout)
            {
                cell.Fail($"{what}: not within {cell.ConvergeTimeout.TotalSeconds:0.#} s (n0={cell.HoldsVip(0)} n1={cell.HoldsVip(1)}, client ARP {cell.ClientNeighbor()})",
                    DateTimeOffset.UtcNow - watch.Elapsed);
            }
            Thread.Sleep(pause ?? TimeSpan.FromMilliseconds(20));
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
