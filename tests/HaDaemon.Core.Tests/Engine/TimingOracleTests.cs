using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Engine.EngineKit;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>
/// RFC 3768 §6.1 / RFC 5798 §6.1 timers, with the expected values computed here from the RFC text in exact decimal
/// arithmetic (never through the engine's own formula): a backup must become master EXACTLY at the boundary.
/// </summary>
public class TimingOracleTests
{
    /// <summary>Ticks are 1/256 µs: 256,000,000 per second, written out independently of Duration's constants.</summary>
    private static Duration Ticks(decimal seconds)
    {
        var ticks = seconds * 256_000_000m;
        Assert.Equal(decimal.Truncate(ticks), ticks); // the formulas are exact in this unit
        return new Duration((long)ticks);
    }

    /// <summary>v2: 3 × Advertisement_Interval + (256 − Priority)/256 seconds.</summary>
    private static decimal V2MasterDown(int intervalSeconds, int priority, int adverts = 3) =>
        adverts * intervalSeconds + (256 - priority) / 256m;

    /// <summary>v3: 3 × Master_Adver_Interval + ((256 − Priority) × Master_Adver_Interval)/256, in centiseconds.</summary>
    private static decimal V3MasterDown(int intervalCentiseconds, int priority, int adverts = 3) =>
        (adverts * intervalCentiseconds + (256 - priority) * intervalCentiseconds / 256m) / 100m;

    public static TheoryData<int, int> V2Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (var p in new[] { 1, 100, 254 })
            foreach (var i in new[] { 1, 2, 255 })
                data.Add(p, i);
        return data;
    }

    public static TheoryData<int, int> V3Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (var p in new[] { 1, 100, 254 })
            foreach (var cs in new[] { 1, 10, 100, 4095 })
                data.Add(p, cs);
        return data;
    }

    private static (VrrpRouter Router, Instant LastAdvert) BackupThatHeardOneAdvert(InstanceSettings s, ReceivedAdvert advert)
    {
        var r = Router(s);
        r.Start(T0);
        var t = T0 + Duration.FromMilliseconds(5);
        var result = r.HandleAdvert(t, advert);
        Assert.Equal(AdvertOutcome.Processed, result.Outcome);
        return (r, t);
    }

    private static void AssertBecomesMasterExactlyAt(VrrpRouter r, Instant expected)
    {
        Assert.Equal(expected, r.NextDeadline);
        r.HandleTimeout(expected - new Duration(1));
        Assert.Equal(VrrpState.Backup, r.State());
        r.HandleTimeout(expected);
        Assert.Equal(VrrpState.Master, r.State());
    }

    [Theory]
    [MemberData(nameof(V2Cases))]
    public void V2_backup_becomes_master_exactly_3I_plus_skew_after_the_last_advert(int priority, int intervalSeconds)
    {
        var s = Instance(priority: (byte)priority, interval: Duration.FromSeconds((long)intervalSeconds));
        var (r, t) = BackupThatHeardOneAdvert(s, From("192.168.200.9", 255, wireInterval: (ushort)intervalSeconds));
        AssertBecomesMasterExactlyAt(r, t + Ticks(V2MasterDown(intervalSeconds, priority)));
    }

    [Theory]
    [MemberData(nameof(V3Cases))]
    public void V3_backup_becomes_master_exactly_3I_plus_skew_after_the_last_advert(int priority, int intervalCentiseconds)
    {
        var s = Instance(priority: (byte)priority, version: VrrpVersion.V3, interval: Duration.FromCentiseconds(intervalCentiseconds));
        var (r, t) = BackupThatHeardOneAdvert(s, From("192.168.200.9", 255, VrrpVersion.V3, (ushort)intervalCentiseconds));
        AssertBecomesMasterExactlyAt(r, t + Ticks(V3MasterDown(intervalCentiseconds, priority)));
    }

    [Theory]
    [MemberData(nameof(V2Cases))]
    public void V2_backup_takes_over_exactly_skew_after_a_priority_zero_advert(int priority, int intervalSeconds)
    {
        var s = Instance(priority: (byte)priority, interval: Duration.FromSeconds((long)intervalSeconds));
        var (r, t) = BackupThatHeardOneAdvert(s, From("192.168.200.9", 255, wireInterval: (ushort)intervalSeconds));
        var t2 = t + Duration.FromMilliseconds(700);
        r.HandleAdvert(t2, From("192.168.200.9", 0, wireInterval: (ushort)intervalSeconds));
        AssertBecomesMasterExactlyAt(r, t2 + Ticks((256 - priority) / 256m));
        Assert.Equal(1, r.GetStatistics("VI_1")!.PriorityZeroReceived);
    }

    [Theory]
    [MemberData(nameof(V3Cases))]
    public void V3_backup_takes_over_exactly_skew_after_a_priority_zero_advert(int priority, int intervalCentiseconds)
    {
        var s = Instance(priority: (byte)priority, version: VrrpVersion.V3, interval: Duration.FromCentiseconds(intervalCentiseconds));
        var (r, t) = BackupThatHeardOneAdvert(s, From("192.168.200.9", 255, VrrpVersion.V3, (ushort)intervalCentiseconds));
        var t2 = t + Duration.FromMicroseconds(3);
        r.HandleAdvert(t2, From("192.168.200.9", 0, VrrpVersion.V3, (ushort)intervalCentiseconds));
        AssertBecomesMasterExactlyAt(r, t2 + Ticks((256 - priority) * intervalCentiseconds / 256m / 100m));
    }

    [Theory]
    [InlineData(VrrpVersion.V2, 1)]
    [InlineData(VrrpVersion.V2, 255)]
    [InlineData(VrrpVersion.V3, 1)]
    [InlineData(VrrpVersion.V3, 4095)]
    public void Priority_255_owner_goes_master_at_start_without_waiting(VrrpVersion version, int wireInterval)
    {
        var interval = version == VrrpVersion.V2 ? Duration.FromSeconds((long)wireInterval) : Duration.FromCentiseconds(wireInterval);
        var r = Router(Instance(priority: 255, version: version, interval: interval) with { InitialState = InitialState.Master });
        r.Start(T0);
        Assert.Equal(VrrpState.Master, r.State());
        var advert = r.Drain().OfType<SendAdvert>().First().Advert;
        Assert.Equal(255, advert.Priority);
        Assert.Equal(wireInterval, advert.AdvertInterval);
        // Next advert exactly one interval later.
        Assert.Equal(T0 + interval, r.Status().NextTimer);
    }

    [Theory]
    [InlineData(100, 25, 50)]
    [InlineData(200, 100, 7)]
    [InlineData(1, 4095, 1)]
    public void V3_backup_learns_the_masters_interval_from_each_accepted_advert(int priority, int ourCs, int mastersCs)
    {
        var s = Instance(priority: (byte)priority, version: VrrpVersion.V3, interval: Duration.FromCentiseconds(ourCs));
        var (r, t) = BackupThatHeardOneAdvert(s, From("192.168.200.9", 255, VrrpVersion.V3, (ushort)mastersCs));
        Assert.Equal(Duration.FromCentiseconds(mastersCs), r.Status().MasterAdvertInterval);
        AssertBecomesMasterExactlyAt(r, t + Ticks(V3MasterDown(mastersCs, priority)));
        // Becoming master resets Master_Adver_Interval to ours and we advertise our own interval.
        Assert.Equal(Duration.FromCentiseconds(ourCs), r.Status().MasterAdvertInterval);
        Assert.Equal(ourCs, r.Drain().OfType<SendAdvert>().Last().Advert.AdvertInterval);
    }

    [Fact]
    public void V2_backup_discards_a_different_interval_instead_of_learning_it()
    {
        var r = Router(Instance());
        r.Start(T0);
        var result = r.HandleAdvert(T0, From("192.168.200.9", 255, wireInterval: 2));
        Assert.Equal(AdvertRejection.IntervalMismatch, result.Rejection);
        Assert.Equal(1, r.GetStatistics("VI_1")!.Rejected(AdvertRejection.IntervalMismatch));
        Assert.Equal(T0 + Ticks(V2MasterDown(1, 100)), r.NextDeadline);
    }

    [Theory]
    [InlineData(VrrpVersion.V2, 1, 5)]
    [InlineData(VrrpVersion.V3, 100, 1)]
    [InlineData(VrrpVersion.V3, 7, 100)]
    public void Down_timer_adverts_replaces_the_3(VrrpVersion version, int wireInterval, int adverts)
    {
        var interval = version == VrrpVersion.V2 ? Duration.FromSeconds((long)wireInterval) : Duration.FromCentiseconds(wireInterval);
        var s = Instance(priority: 100, version: version, interval: interval) with { DownTimerAdverts = adverts };
        var (r, t) = BackupThatHeardOneAdvert(s, From("192.168.200.9", 255, version, (ushort)wireInterval));
        var expected = version == VrrpVersion.V2 ? V2MasterDown(wireInterval, 100, adverts) : V3MasterDown(wireInterval, 100, adverts);
        AssertBecomesMasterExactlyAt(r, t + Ticks(expected));
    }

    [Theory]
    [InlineData(VrrpVersion.V2, 1)]
    [InlineData(VrrpVersion.V2, 3)]
    [InlineData(VrrpVersion.V3, 100)]
    [InlineData(VrrpVersion.V3, 33)]
    public void State_master_non_owner_in_a_sync_group_starts_backup_for_one_interval_plus_minimal_skew(VrrpVersion version, int wireInterval)
    {
        // keepalived vrrp_init_state: new_state (the group's state, BACKUP unless all members are owners) is BACKUP while
        // wantstate is MASTER ⇒ ms_down_timer = master_adver_int + VRRP_TIMER_SKEW_MIN.
        var interval = version == VrrpVersion.V2 ? Duration.FromSeconds((long)wireInterval) : Duration.FromCentiseconds(wireInterval);
        var a = Instance("A", priority: 150, version: version, interval: interval, vrid: 1) with { InitialState = InitialState.Master };
        var b = Instance("B", priority: 150, version: version, interval: interval, vrid: 2) with { InitialState = InitialState.Master };
        var r = new VrrpRouter(Settings(a, b) with { SyncGroups = [new SyncGroupSettings { Name = "G", Members = ["A", "B"] }] });
        r.Start(T0);
        Assert.Equal(VrrpState.Backup, r.State("A"));
        // VRRP_TIMER_SKEW_MIN: one 1/256 unit of skew (v2: 1/256 s; v3: interval/256).
        var expected = version == VrrpVersion.V2 ? wireInterval + 1 / 256m : (wireInterval + wireInterval / 256m) / 100m;
        Assert.Equal(T0 + Ticks(expected), r.Status("A").NextTimer);
        r.HandleTimeout(T0 + Ticks(expected));
        Assert.Equal(VrrpState.Master, r.State("A"));
        Assert.Equal(VrrpState.Master, r.State("B"));
    }

    [Theory]
    [InlineData(VrrpVersion.V2, 1)]
    [InlineData(VrrpVersion.V3, 33)]
    public void State_master_non_owner_alone_waits_the_full_master_down_interval(VrrpVersion version, int wireInterval)
    {
        // keepalived vrrp_init_state outside a sync group: new_state = wantstate = MASTER, so the one-interval shortcut
        // (which needs new_state BACKUP) does not apply and ms_down_timer = VRRP_MS_DOWN_TIMER. Verified in the source
        // of 2.2.7 and 2.4.3; keepalived.md §2.1's shorter figure holds only for sync-group members.
        var interval = version == VrrpVersion.V2 ? Duration.FromSeconds((long)wireInterval) : Duration.FromCentiseconds(wireInterval);
        var r = Router(Instance(priority: 150, version: version, interval: interval) with { InitialState = InitialState.Master });
        r.Start(T0);
        Assert.Equal(VrrpState.Backup, r.State());
        var expected = version == VrrpVersion.V2 ? V2MasterDown(wireInterval, 150) : V3MasterDown(wireInterval, 150);
        AssertBecomesMasterExactlyAt(r, T0 + Ticks(expected));
    }

    [Fact]
    public void Initial_backup_without_adverts_waits_a_full_master_down_interval()
    {
        var r = Router(Instance(priority: 100));
        r.Start(T0);
        AssertBecomesMasterExactlyAt(r, T0 + Ticks(3.609375m)); // keepalived's own dump for prio 100, 1 s
    }

    [Theory]
    [InlineData(VrrpVersion.V2, 1, 1)]
    [InlineData(VrrpVersion.V2, 255, 255)]
    [InlineData(VrrpVersion.V3, 100, 100)]
    [InlineData(VrrpVersion.V3, 4095, 4095)]
    [InlineData(VrrpVersion.V3, 1, 1)]
    public void Centiseconds_and_seconds_are_never_mixed(VrrpVersion version, int configuredWire, int expectedWire)
    {
        var interval = version == VrrpVersion.V2 ? Duration.FromSeconds((long)configuredWire) : Duration.FromCentiseconds(configuredWire);
        var s = Instance(priority: 100, version: version, interval: interval);
        Assert.Equal(expectedWire, s.WireAdvertInterval);
        var r = Router(s);
        r.Start(T0);
        r.HandleTimeout(r.NextDeadline);
        var master = r.Status();
        var advert = r.Drain().OfType<SendAdvert>().Single().Advert;
        Assert.Equal(expectedWire, advert.AdvertInterval);
        // The next advert is one interval later in seconds: 1 wire unit = 1 s (v2) or 0.01 s (v3).
        var seconds = version == VrrpVersion.V2 ? expectedWire : expectedWire / 100m;
        Assert.Equal(master.LastTransition + Ticks(seconds), r.Status().NextTimer);
    }

    [Fact]
    public void Sub_second_v2_interval_is_refused_by_validation()
    {
        var s = Instance() with { AdvertInterval = Duration.FromMilliseconds(500) };
        Assert.NotEmpty(s.Validate());
        Assert.Throws<ArgumentException>(() => Router(s));
        var v3 = Instance(version: VrrpVersion.V3) with { AdvertInterval = Duration.FromMilliseconds(5) };
        Assert.NotEmpty(v3.Validate());
    }
}
