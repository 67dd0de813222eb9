using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Engine.Tracking;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>
/// interface_up_down_delays with virtual time: a test-side "router" records what is applied, the way the host feeds
/// the engine (Apply at once, due changes at NextDeadline).
/// </summary>
public class LinkDebouncerTests
{
    private const uint UpFlags = 0x11043;
    private const uint DownFlags = 0x1003;

    private readonly List<(Instant At, string Name, bool Up)> _applied = [];
    private readonly LinkDebouncer _debouncer = new(new Dictionary<string, LinkDelays>
    {
        ["eth0"] = new(Down: Duration.FromSeconds(2L), Up: Duration.FromSeconds(1L)),
        ["eth1"] = new(Down: Duration.FromSeconds(2L), Up: Duration.Zero),
    });

    private static Instant At(double seconds) => Instant.Zero + Duration.FromSeconds(seconds);

    /// <summary>Runs due timers up to <paramref name="now"/> (as the event loop does), then reports the link.</summary>
    private LinkDecision Report(double seconds, string name, bool up)
    {
        RunUntil(seconds);
        var d = _debouncer.Observe(At(seconds), name, up, up ? UpFlags : DownFlags);
        if (d.Verdict == LinkVerdict.Apply) _applied.Add((At(seconds), name, up));
        return d;
    }

    private void RunUntil(double seconds)
    {
        while (_debouncer.NextDeadline <= At(seconds))
        {
            var now = _debouncer.NextDeadline;
            foreach (var c in _debouncer.HandleTimeout(now)) _applied.Add((now, c.Interface, c.Up));
        }
    }

    [Fact]
    public void First_appearance_is_applied_at_once_even_when_down()
    {
        Assert.Equal(LinkVerdict.Apply, Report(0, "eth0", false).Verdict);
        // Never seen up: coming up is not delayed either (keepalived's seen_up).
        Assert.Equal(LinkVerdict.Apply, Report(1, "eth0", true).Verdict);
        Assert.Equal([(At(0), "eth0", false), (At(1), "eth0", true)], _applied);
    }

    [Fact]
    public void A_down_shorter_than_the_delay_changes_nothing()
    {
        Report(0, "eth0", true);
        var down = Report(10, "eth0", false);
        Assert.Equal(LinkVerdict.Delayed, down.Verdict);
        Assert.Equal(Duration.FromSeconds(2L), down.Delay);
        Assert.Equal(UpFlags, down.FromFlags);
        Assert.Equal(At(12), _debouncer.NextDeadline);
        Assert.Equal(LinkVerdict.Cancelled, Report(11.5, "eth0", true).Verdict);
        RunUntil(60);
        Assert.Equal([(At(0), "eth0", true)], _applied);
        Assert.Equal(Instant.Never, _debouncer.NextDeadline);
    }

    [Fact]
    public void A_down_longer_than_the_delay_is_applied_once_when_the_delay_ends()
    {
        Report(0, "eth0", true);
        Report(10, "eth0", false);
        // Another down report (flags changing while down) keeps the first timer, it does not restart it.
        Assert.Equal(LinkVerdict.Unchanged, Report(11, "eth0", false).Verdict);
        RunUntil(30);
        Assert.Equal([(At(0), "eth0", true), (At(12), "eth0", false)], _applied);
    }

    [Fact]
    public void Coming_back_up_waits_for_the_up_delay()
    {
        Report(0, "eth0", true);
        Report(10, "eth0", false);
        RunUntil(13);
        var up = Report(20, "eth0", true);
        Assert.Equal(LinkVerdict.Delayed, up.Verdict);
        Assert.Equal(Duration.FromSeconds(1L), up.Delay);
        Assert.Equal(DownFlags, up.FromFlags);
        // A short up (less than the up delay) is dropped like a short down.
        Assert.Equal(LinkVerdict.Cancelled, Report(20.5, "eth0", false).Verdict);
        Report(30, "eth0", true);
        RunUntil(40);
        Assert.Equal([(At(0), "eth0", true), (At(12), "eth0", false), (At(31), "eth0", true)], _applied);
    }

    [Fact]
    public void A_zero_delay_direction_applies_at_once()
    {
        Report(0, "eth1", true);
        Report(5, "eth1", false);
        RunUntil(7);
        Assert.Equal(LinkVerdict.Apply, Report(8, "eth1", true).Verdict);
        Assert.Equal([(At(0), "eth1", true), (At(7), "eth1", false), (At(8), "eth1", true)], _applied);
    }

    [Fact]
    public void Interfaces_without_delays_pass_every_report_through()
    {
        Report(0, "trk9", true);
        Report(1, "trk9", false);
        Report(1.1, "trk9", false);
        Assert.Equal(3, _applied.Count);
        Assert.Equal(Instant.Never, _debouncer.NextDeadline);
    }

    [Fact]
    public void An_immediate_report_applies_and_drops_the_pending_change()
    {
        Report(0, "eth0", true);
        Report(10, "eth0", false);
        Assert.Equal(LinkVerdict.Apply, _debouncer.Observe(At(10.5), "eth0", false, DownFlags, immediate: true).Verdict);
        Assert.Equal(Instant.Never, _debouncer.NextDeadline);
    }

    [Fact]
    public void A_removed_link_counts_as_never_seen_up()
    {
        Report(0, "eth0", true);
        _debouncer.Removed("eth0");
        Assert.Equal(LinkVerdict.Apply, Report(5, "eth0", true).Verdict);
        Assert.Equal(LinkVerdict.Delayed, Report(6, "eth0", false).Verdict);
    }

    private static InstanceSettings Instance(string name, string itf, long advertSeconds, int adverts) => new()
    {
        Name = name,
        VirtualRouterId = 1,
        Interface = itf,
        AdvertInterval = Duration.FromSeconds(advertSeconds),
        DownTimerAdverts = adverts,
    };

    [Fact]
    public void Delays_reaching_the_master_down_time_are_clamped_below_it()
    {
        var notes = new List<LinkDelayNote>();
        var configured = new Dictionary<string, LinkDelays>
        {
            ["eth0"] = new(Duration.FromSeconds(5L), Duration.FromSeconds(1L)),
            ["eth1"] = new(Duration.FromSeconds(1L), Duration.FromSeconds(1L)),
            ["trk0"] = new(Duration.FromSeconds(50L), Duration.Zero),
        };
        var limited = LinkDelayLimits.Apply(configured, [Instance("VI_1", "eth0", 1, 3), Instance("VI_2", "eth1", 1, 3)], notes);
        // (3 − 1) × 1 s − 1 s/256 = 1.99609375 s; the up delay below the limit is kept.
        Assert.Equal(Duration.FromMicroseconds(2_000_000 - 3906), limited["eth0"].Down);
        Assert.Equal(Duration.FromSeconds(1L), limited["eth0"].Up);
        Assert.Equal(configured["eth1"], limited["eth1"]);
        // A track_interface is not the instance's interface: keepalived leaves it alone.
        Assert.Equal(configured["trk0"], limited["trk0"]);
        Assert.Equal([new LinkDelayNote("VI_1", "eth0", LinkDelayLimit.Clamped, 3)], notes);
    }

    [Fact]
    public void Exactly_the_limit_is_clamped_too()
    {
        var notes = new List<LinkDelayNote>();
        var limited = LinkDelayLimits.Apply(new Dictionary<string, LinkDelays> { ["eth0"] = new(Duration.Zero, Duration.FromSeconds(2L)) },
            [Instance("VI_1", "eth0", 1, 3)], notes);
        Assert.Equal(LinkDelayLimits.MaxDelay(Duration.FromSeconds(1L), 3), limited["eth0"].Up);
        Assert.Single(notes);
    }

    [Fact]
    public void A_single_down_timer_advert_resets_both_delays()
    {
        var notes = new List<LinkDelayNote>();
        var limited = LinkDelayLimits.Apply(new Dictionary<string, LinkDelays> { ["eth0"] = new(Duration.FromSeconds(1L), Duration.FromSeconds(1L)) },
            [Instance("VI_1", "eth0", 5, 1)], notes);
        Assert.Equal(default, limited["eth0"]);
        Assert.Equal(LinkDelayLimit.ResetForSingleAdvert, Assert.Single(notes).Limit);
    }

    [Fact]
    public void A_shorter_master_advert_interval_cuts_delays_already_within_our_own_limit()
    {
        var ours = Instance("VI_1", "eth0", 2, 3);
        var notes = new List<LinkDelayNote>();
        var configured = new Dictionary<string, LinkDelays> { ["eth0"] = new(Duration.FromSeconds(3L), Duration.Zero) };
        var limited = LinkDelayLimits.Apply(configured, [ours], notes);
        Assert.Equal(configured["eth0"], limited["eth0"]);
        Assert.Empty(notes);
        // The host re-applies the limit with the master's interval (keepalived's update_master_adver_int).
        var recut = LinkDelayLimits.Apply(limited, [ours with { AdvertInterval = Duration.FromSeconds(1L) }], notes);
        Assert.Equal(LinkDelayLimits.MaxDelay(Duration.FromSeconds(1L), 3), recut["eth0"].Down);
        Assert.Equal(Duration.Zero, recut["eth0"].Up);
        Assert.Single(notes);
    }

    [Fact]
    public void No_deadline_remains_after_a_cancel_a_due_change_or_a_removal()
    {
        Report(0, "eth0", true);
        Report(1, "eth0", false);
        Assert.Equal(At(3), _debouncer.NextDeadline);
        Assert.Equal(LinkVerdict.Cancelled, Report(1.5, "eth0", true).Verdict);
        Assert.Equal(Instant.Never, _debouncer.NextDeadline);

        Report(2, "eth0", false);
        RunUntil(4);
        Assert.Equal(Instant.Never, _debouncer.NextDeadline);

        Report(5, "eth0", true);
        Assert.Equal(At(6), _debouncer.NextDeadline);
        _debouncer.Removed("eth0");
        Assert.Equal(Instant.Never, _debouncer.NextDeadline);
        Assert.Empty(_debouncer.HandleTimeout(At(10)));
    }
}
