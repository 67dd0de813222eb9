using HaDaemon.TestSupport;
using Xunit.Abstractions;

namespace HaDaemon.Tests.Interop;

/// <summary>
/// The keepalived interop matrix: {flavour × multicast/unicast} columns (<see cref="IInteropColumn"/>) × lifecycles
/// (<see cref="InteropLifecycles"/>) × daemon pairs (<see cref="InteropPairs"/>). Node 0 ("high", priority 150) and
/// node 1 ("low", priority 100). xunit runs test classes in parallel and the rows of one class in sequence, so every
/// column × lifecycle is its own small class (the 1 s VRRPv2 cells would otherwise serialise); every cell owns its
/// namespaces.
/// </summary>
public static class InteropPairs
{
    /// <summary>
    /// (high, low) pairs; <c>HADAEMON_INTEROP_PAIRS</c> (e.g. <c>kk</c> or <c>hk,kh</c>; h = hadaemon, k = keepalived,
    /// also <c>hh</c>) narrows or extends them for local runs. Default: hk, kh, kk.
    /// </summary>
    public static TheoryData<DaemonKind, DaemonKind> Pairs
    {
        get
        {
            var data = new TheoryData<DaemonKind, DaemonKind>();
            var spec = Environment.GetEnvironmentVariable("HADAEMON_INTEROP_PAIRS") ?? "hk,kh,kk";
            foreach (var pair in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                data.Add(Kind(pair[0]), Kind(pair[^1]));
            }
            return data;
        }
    }

    private static DaemonKind Kind(char letter) => letter switch
    {
        'h' => DaemonKind.Hadaemon,
        'k' => DaemonKind.Keepalived,
        _ => throw new ArgumentException($"HADAEMON_INTEROP_PAIRS: '{letter}' is neither h (hadaemon) nor k (keepalived)"),
    };
}

/// <summary>The scenarios, each one daemon-pair lifecycle with live and wire assertions per phase.</summary>
public static class InteropLifecycles
{
    private static string Tag(VrrpFlavor flavor, bool unicast) =>
        (flavor switch { VrrpFlavor.V2 => "i2", VrrpFlavor.V3Ipv4 => "i3", _ => "i6" }) + (unicast ? "u" : "m");

    private static InteropConfig Base(VrrpFlavor flavor, bool unicast) => new() { Flavor = flavor, Unicast = unicast };

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>Initial election → track_script weight flips mastership and back → SIGTERM hand-over (priority 0) → preempt back.</summary>
    public static void Preemption(ITestOutputHelper output, VrrpFlavor flavor, bool unicast, DaemonKind high, DaemonKind low)
    {
        using var cell = new InteropCell(output, Tag(flavor, unicast) + "p", Base(flavor, unicast) with { TrackScript = true }, high, low);
        var t = Now;
        cell.Daemons[0].Start();
        cell.Daemons[1].Start();
        cell.Converge("initial election", t, master: 0);

        t = Now;
        File.WriteAllText(cell.TrackFile(0), "");
        cell.Converge("track_script fails on n0 (150 - 100 < 100): n1 preempts", t, master: 1);

        t = Now;
        File.Delete(cell.TrackFile(0));
        cell.Converge("track_script recovers on n0: n0 preempts back", t, master: 0);

        t = Now;
        cell.Daemons[0].Terminate();
        cell.Converge("SIGTERM on master n0: hand-over", t, master: 1, priorityZeroFrom: 0);
        Assert.True(cell.Daemons[0].WaitForExit(TimeSpan.FromSeconds(10)), "n0 did not exit after SIGTERM\n" + cell.Daemons[0].Log());

        t = Now;
        cell.Daemons[0].Start();
        cell.Converge("n0 restarts: preempt back", t, master: 0);
        cell.Hold("steady state", 0, cell.Config.MasterDown);
        cell.VerifyWire();
    }

    /// <summary>Election → kill -9 of the master → restart and preempt back → master's cable down → cable up.</summary>
    public static void Failures(ITestOutputHelper output, VrrpFlavor flavor, bool unicast, DaemonKind high, DaemonKind low)
    {
        using var cell = new InteropCell(output, Tag(flavor, unicast) + "f", Base(flavor, unicast), high, low);
        var t = Now;
        cell.Daemons[0].Start();
        cell.Daemons[1].Start();
        cell.Converge("initial election", t, master: 0);

        t = Now;
        cell.Daemons[0].Kill();
        // A killed daemon cannot remove its VIP; the restart below must clean it up.
        cell.Converge("kill -9 of master n0", t, master: 1, staleVipAllowedOn: 0);

        t = Now;
        cell.Daemons[0].Start();
        cell.Converge("n0 restarts (removes the stale VIP) and preempts back", t, master: 0);

        t = Now;
        cell.SetCable(0, up: false);
        cell.Converge("n0 cable down: n0 FAULT, n1 takes over", t, master: 1);

        t = Now;
        cell.SetCable(0, up: true);
        cell.Converge("n0 cable up: preempt back", t, master: 0);
        cell.Hold("steady state", 0, cell.Config.MasterDown);
        cell.VerifyWire();
    }

    /// <summary>
    /// nopreempt: the low node, master first, keeps the VIP when the high node joins; SIGTERM hands over.
    /// v2 cells also authenticate with auth_type PASS (every advert must carry the password).
    /// </summary>
    public static void NoPreempt(ITestOutputHelper output, VrrpFlavor flavor, bool unicast, DaemonKind high, DaemonKind low)
    {
        var config = Base(flavor, unicast) with { NoPreempt = true, PasswordAuth = flavor == VrrpFlavor.V2 };
        using var cell = new InteropCell(output, Tag(flavor, unicast) + "n", config, high, low);
        var t = Now;
        cell.Daemons[1].Start();
        cell.Converge("n1 alone becomes master", t, master: 1);

        cell.Daemons[0].Start();
        // Long enough for n0 to start and for its down timer to have fired twice had it ignored nopreempt.
        cell.Hold("n0 joins with a higher priority: nopreempt keeps n1", 1, (cell.Config.MasterDown * 2) + TimeSpan.FromSeconds(1.5));

        t = Now;
        cell.Daemons[1].Terminate();
        cell.Converge("SIGTERM on master n1: hand-over to n0", t, master: 0, priorityZeroFrom: 1);
        cell.Hold("steady state", 0, cell.Config.MasterDown);
        var wire = cell.VerifyWire();
        if (config.PasswordAuth)
        {
            var adverts = wire.Frames.Where(f => f.Kind == WireKind.Advert).ToList();
            Assert.NotEmpty(adverts);
            Assert.All(adverts, f => Assert.Equal(InteropConfig.Password, f.AuthString));
        }
    }
}

/// <summary>A column of the matrix: VRRP flavour and multicast/unicast.</summary>
public interface IInteropColumn
{
    static abstract VrrpFlavor Flavor { get; }

    static abstract bool Unicast { get; }
}

public sealed class V2Multicast : IInteropColumn
{
    public static VrrpFlavor Flavor => VrrpFlavor.V2;

    public static bool Unicast => false;
}

public sealed class V2Unicast : IInteropColumn
{
    public static VrrpFlavor Flavor => VrrpFlavor.V2;

    public static bool Unicast => true;
}

public sealed class V3Ipv4Multicast : IInteropColumn
{
    public static VrrpFlavor Flavor => VrrpFlavor.V3Ipv4;

    public static bool Unicast => false;
}

public sealed class V3Ipv4Unicast : IInteropColumn
{
    public static VrrpFlavor Flavor => VrrpFlavor.V3Ipv4;

    public static bool Unicast => true;
}

public sealed class V3Ipv6Multicast : IInteropColumn
{
    public static VrrpFlavor Flavor => VrrpFlavor.V3Ipv6;

    public static bool Unicast => false;
}

public sealed class V3Ipv6Unicast : IInteropColumn
{
    public static VrrpFlavor Flavor => VrrpFlavor.V3Ipv6;

    public static bool Unicast => true;
}

public abstract class PreemptionCells<TColumn>(ITestOutputHelper output) where TColumn : IInteropColumn
{
    [NetnsTheory("keepalived", "tcpdump", "tshark")]
    [MemberData(nameof(InteropPairs.Pairs), MemberType = typeof(InteropPairs))]
    public void Election_track_script_sigterm_handover_preempt_back(DaemonKind high, DaemonKind low) =>
        InteropLifecycles.Preemption(output, TColumn.Flavor, TColumn.Unicast, high, low);
}

public abstract class FailureCells<TColumn>(ITestOutputHelper output) where TColumn : IInteropColumn
{
    [NetnsTheory("keepalived", "tcpdump", "tshark")]
    [MemberData(nameof(InteropPairs.Pairs), MemberType = typeof(InteropPairs))]
    public void Failover_on_kill9_and_link_down(DaemonKind high, DaemonKind low) =>
        InteropLifecycles.Failures(output, TColumn.Flavor, TColumn.Unicast, high, low);
}

public abstract class NoPreemptCells<TColumn>(ITestOutputHelper output) where TColumn : IInteropColumn
{
    [NetnsTheory("keepalived", "tcpdump", "tshark")]
    [MemberData(nameof(InteropPairs.Pairs), MemberType = typeof(InteropPairs))]
    public void Nopreempt_keeps_master_then_sigterm_hands_over(DaemonKind high, DaemonKind low) =>
        InteropLifecycles.NoPreempt(output, TColumn.Flavor, TColumn.Unicast, high, low);
}

public sealed class InteropV2MulticastPreemption(ITestOutputHelper output) : PreemptionCells<V2Multicast>(output);

public sealed class InteropV2MulticastFailures(ITestOutputHelper output) : FailureCells<V2Multicast>(output);

public sealed class InteropV2MulticastNoPreempt(ITestOutputHelper output) : NoPreemptCells<V2Multicast>(output);

public sealed class InteropV2UnicastPreemption(ITestOutputHelper output) : PreemptionCells<V2Unicast>(output);

public sealed class InteropV2UnicastFailures(ITestOutputHelper output) : FailureCells<V2Unicast>(output);

public sealed class InteropV2UnicastNoPreempt(ITestOutputHelper output) : NoPreemptCells<V2Unicast>(output);

public sealed class InteropV3Ipv4MulticastPreemption(ITestOutputHelper output) : PreemptionCells<V3Ipv4Multicast>(output);

public sealed class InteropV3Ipv4MulticastFailures(ITestOutputHelper output) : FailureCells<V3Ipv4Multicast>(output);

public sealed class InteropV3Ipv4MulticastNoPreempt(ITestOutputHelper output) : NoPreemptCells<V3Ipv4Multicast>(output);

public sealed class InteropV3Ipv4UnicastPreemption(ITestOutputHelper output) : PreemptionCells<V3Ipv4Unicast>(output);

public sealed class InteropV3Ipv4UnicastFailures(ITestOutputHelper output) : FailureCells<V3Ipv4Unicast>(output);

public sealed class InteropV3Ipv4UnicastNoPreempt(ITestOutputHelper output) : NoPreemptCells<V3Ipv4Unicast>(output);

public sealed class InteropV3Ipv6MulticastPreemption(ITestOutputHelper output) : PreemptionCells<V3Ipv6Multicast>(output);

public sealed class InteropV3Ipv6MulticastFailures(ITestOutputHelper output) : FailureCells<V3Ipv6Multicast>(output);

public sealed class InteropV3Ipv6MulticastNoPreempt(ITestOutputHelper output) : NoPreemptCells<V3Ipv6Multicast>(output);

public sealed class InteropV3Ipv6UnicastPreemption(ITestOutputHelper output) : PreemptionCells<V3Ipv6Unicast>(output);

public sealed class InteropV3Ipv6UnicastFailures(ITestOutputHelper output) : FailureCells<V3Ipv6Unicast>(output);

public sealed class InteropV3Ipv6UnicastNoPreempt(ITestOutputHelper output) : NoPreemptCells<V3Ipv6Unicast>(output);
