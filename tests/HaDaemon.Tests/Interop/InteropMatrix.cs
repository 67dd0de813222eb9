using HaDaemon.TestSupport;
using Xunit.Abstractions;

namespace HaDaemon.Tests.Interop;

/// <summary>
/// The keepalived interop matrix. Each derived class is one {flavour × multicast/unicast} column (xunit runs test
/// classes in parallel; every cell owns its namespaces). Each theory is one lifecycle run for a pair of daemons:
/// node 0 ("high", priority 150) and node 1 ("low", priority 100). The pairs are hadaemon above keepalived,
/// keepalived above hadaemon, and keepalived above keepalived — the last proves the harness itself, so a failing
/// hadaemon cell next to a passing keepalived one points at hadaemon.
/// </summary>
public abstract class InteropMatrix(ITestOutputHelper output)
{
    protected abstract VrrpFlavor Flavor { get; }

    protected abstract bool Unicast { get; }

    private string Tag => (Flavor switch { VrrpFlavor.V2 => "i2", VrrpFlavor.V3Ipv4 => "i3", _ => "i6" }) + (Unicast ? "u" : "m");

    private InteropConfig Base => new() { Flavor = Flavor, Unicast = Unicast };

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

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>Initial election → track_script weight flips mastership and back → SIGTERM hand-over (priority 0) → preempt back.</summary>
    [NetnsTheory("keepalived", "tcpdump", "tshark")]
    [MemberData(nameof(Pairs))]
    public void Election_track_script_sigterm_handover_preempt_back(DaemonKind high, DaemonKind low)
    {
        using var cell = new InteropCell(output, Tag + "p", Base with { TrackScript = true }, high, low);
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
    [NetnsTheory("keepalived", "tcpdump", "tshark")]
    [MemberData(nameof(Pairs))]
    public void Failover_on_kill9_and_link_down(DaemonKind high, DaemonKind low)
    {
        using var cell = new InteropCell(output, Tag + "f", Base, high, low);
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
    [NetnsTheory("keepalived", "tcpdump", "tshark")]
    [MemberData(nameof(Pairs))]
    public void Nopreempt_keeps_master_then_sigterm_hands_over(DaemonKind high, DaemonKind low)
    {
        var config = Base with { NoPreempt = true, PasswordAuth = Flavor == VrrpFlavor.V2 };
        using var cell = new InteropCell(output, Tag + "n", config, high, low);
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

public sealed class InteropV2Multicast(ITestOutputHelper output) : InteropMatrix(output)
{
    protected override VrrpFlavor Flavor => VrrpFlavor.V2;

    protected override bool Unicast => false;
}

public sealed class InteropV2Unicast(ITestOutputHelper output) : InteropMatrix(output)
{
    protected override VrrpFlavor Flavor => VrrpFlavor.V2;

    protected override bool Unicast => true;
}

public sealed class InteropV3Ipv4Multicast(ITestOutputHelper output) : InteropMatrix(output)
{
    protected override VrrpFlavor Flavor => VrrpFlavor.V3Ipv4;

    protected override bool Unicast => false;
}

public sealed class InteropV3Ipv4Unicast(ITestOutputHelper output) : InteropMatrix(output)
{
    protected override VrrpFlavor Flavor => VrrpFlavor.V3Ipv4;

    protected override bool Unicast => true;
}

public sealed class InteropV3Ipv6Multicast(ITestOutputHelper output) : InteropMatrix(output)
{
    protected override VrrpFlavor Flavor => VrrpFlavor.V3Ipv6;

    protected override bool Unicast => false;
}

public sealed class InteropV3Ipv6Unicast(ITestOutputHelper output) : InteropMatrix(output)
{
    protected override VrrpFlavor Flavor => VrrpFlavor.V3Ipv6;

    protected override bool Unicast => true;
}
