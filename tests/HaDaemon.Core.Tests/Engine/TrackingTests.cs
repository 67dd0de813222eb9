using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Engine.EngineKit;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>keepalived.md §2.2: the weight table, track_file, clamping, FAULT and recovery.</summary>
public class TrackingTests
{
    private static VrrpRouter Tracked(byte priority, params TrackedItem[] trackers) =>
        new(Settings(Instance(priority: priority) with { Trackers = [.. trackers] }) with
        {
            Scripts = [new ScriptSettings("chk", Rise: 1, Fall: 1)],
            Files = [new TrackFileSettings("f")],
            Processes = [new TrackProcessSettings("proc", Quorum: 2, QuorumMax: 3)],
        });

    /// <summary>Puts the tracked object of <paramref name="kind"/> into OK or failed.</summary>
    private static void SetTracked(VrrpRouter r, TrackerKind kind, bool ok, Instant at)
    {
        switch (kind)
        {
            case TrackerKind.Interface: r.InterfaceState(at, "eth1", ok); break;
            case TrackerKind.Script: r.ScriptResult(at, "chk", ok); break;
            case TrackerKind.Process: r.ProcessCount(at, "proc", ok ? 2 : 0); break;
        }
    }

    private static string NameOf(TrackerKind kind) => kind switch
    {
        TrackerKind.Interface => "eth1",
        TrackerKind.Script => "chk",
        _ => "proc",
    };

    [Theory]
    // weight, reverse, tracker OK → expected delta (keepalived.md §2.2 table; "F" = FAULT expected)
    [InlineData(10, false, true, "+10")]
    [InlineData(10, false, false, "0")]
    [InlineData(-10, false, true, "0")]
    [InlineData(-10, false, false, "-10")]
    [InlineData(10, true, true, "-10")]
    [InlineData(10, true, false, "0")]
    [InlineData(-10, true, true, "0")]
    [InlineData(-10, true, false, "+10")]
    [InlineData(0, false, true, "0")]
    [InlineData(0, false, false, "F")]
    [InlineData(0, true, true, "F")]
    [InlineData(0, true, false, "0")]
    public void Weight_table_for_interfaces_scripts_and_processes(int weight, bool reverse, bool ok, string expected)
    {
        foreach (var kind in new[] { TrackerKind.Interface, TrackerKind.Script, TrackerKind.Process })
        {
            var r = Tracked(100, new TrackedItem(kind, NameOf(kind), weight, reverse));
            // Report the opposite first so the final report is a real change, then the state under test.
            r.Start(T0);
            SetTracked(r, kind, !ok, T0);
            SetTracked(r, kind, ok, T0 + Duration.FromMilliseconds(1));
            var status = r.Status();
            if (expected == "F")
            {
                Assert.Equal(VrrpState.Fault, status.State);
            }
            else
            {
                Assert.NotEqual(VrrpState.Fault, status.State);
                Assert.Equal(100 + int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), status.EffectivePriority);
            }
        }
    }

    [Fact]
    public void Script_verdicts_and_priority_changes_are_reported_for_the_log()
    {
        var r = new VrrpRouter(Settings(Instance(priority: 100) with { Trackers = [new TrackedItem(TrackerKind.Script, "chk", -20, false)] }) with
        {
            Scripts = [new ScriptSettings("chk", Rise: 2, Fall: 2)],
        });
        r.Start(T0);
        r.Drain();
        var t = T0;
        List<EngineCommand> Report(bool ok)
        {
            t += Duration.FromSeconds(1L);
            r.ScriptResult(t, "chk", ok);
            return r.Drain();
        }

        // The first exit decides (keepalived logs it even before rise/fall are met), then only real flips.
        var first = Report(false);
        Assert.Equal(new ScriptStatusChanged("chk", false), first.OfType<ScriptStatusChanged>().Single());
        Assert.Equal(new PriorityChanged("VI_1", 100, 80), first.OfType<PriorityChanged>().Single());
        Assert.Empty(Report(true).OfType<ScriptStatusChanged>());
        var recovered = Report(true);
        Assert.Equal(new ScriptStatusChanged("chk", true), recovered.OfType<ScriptStatusChanged>().Single());
        Assert.Equal(new PriorityChanged("VI_1", 80, 100), recovered.OfType<PriorityChanged>().Single());
        Assert.Empty(Report(true).OfType<ScriptStatusChanged>());
        Assert.Empty(Report(false).OfType<ScriptStatusChanged>());
        var failed = Report(false);
        Assert.Equal(new ScriptStatusChanged("chk", false), failed.OfType<ScriptStatusChanged>().Single());
        Assert.Equal(new PriorityChanged("VI_1", 100, 80), failed.OfType<PriorityChanged>().Single());
    }

    [Theory]
    [InlineData(1, false, 5, 105)]
    [InlineData(2, false, -10, 80)]
    [InlineData(1, true, 5, 95)]
    [InlineData(-3, true, 4, 112)]
    [InlineData(10, false, 100, 254)]   // 100 + 253 (status capped at 253) → clamped to 254
    [InlineData(-1, false, 99, 1)]      // → clamped to 1
    public void Track_file_adds_value_times_weight(int weight, bool reverse, long value, int expected)
    {
        var r = Tracked(100, new TrackedItem(TrackerKind.File, "f", weight, reverse));
        r.FileValue(T0, "f", value);
        r.Start(T0);
        Assert.Equal(VrrpState.Backup, r.State());
        Assert.Equal(expected, r.Status().EffectivePriority);
    }

    [Fact]
    public void Track_file_below_minus_253_is_a_fault_and_recovers()
    {
        var r = Tracked(100, new TrackedItem(TrackerKind.File, "f", 1));
        r.Start(T0);
        r.FileValue(T0, "f", -254);
        Assert.Equal(VrrpState.Fault, r.State());
        r.FileValue(T0, "f", -253);
        Assert.Equal(VrrpState.Backup, r.State());
        Assert.Equal(1, r.Status().EffectivePriority);
    }

    [Theory]
    [InlineData(false, 0, false)]
    [InlineData(false, 7, true)]
    [InlineData(true, 0, true)]
    [InlineData(true, -1, false)]
    public void Track_file_with_weight_zero_faults_on_non_zero(bool reverse, long value, bool fault)
    {
        var r = Tracked(100, new TrackedItem(TrackerKind.File, "f", 0, reverse));
        r.FileValue(T0, "f", value);
        r.Start(T0);
        Assert.Equal(fault ? VrrpState.Fault : VrrpState.Backup, r.State());
        Assert.Equal(100, r.Status().EffectivePriority);
    }

    [Fact]
    public void Effective_priority_is_clamped_to_1_254_and_the_owner_is_unaffected()
    {
        var high = Tracked(250, new TrackedItem(TrackerKind.Interface, "eth1", 50));
        high.Start(T0);
        Assert.Equal(254, high.Status().EffectivePriority);
        var low = Tracked(5, new TrackedItem(TrackerKind.Interface, "eth1", -50));
        low.InterfaceState(T0, "eth1", false);
        low.Start(T0);
        Assert.Equal(1, low.Status().EffectivePriority);
        // Owner: weighted trackers are ignored (keepalived drops them at config time).
        var owner = new VrrpRouter(Settings(Instance(priority: 255) with
        {
            InitialState = InitialState.Master,
            Trackers = [new TrackedItem(TrackerKind.Interface, "eth1", -50)],
        }));
        owner.InterfaceState(T0, "eth1", false);
        owner.Start(T0);
        Assert.Equal(255, owner.Status().EffectivePriority);
        Assert.Equal(VrrpState.Master, owner.State());
    }

    [Fact]
    public void All_weight_zero_trackers_must_be_ok_to_leave_fault()
    {
        var r = Tracked(100, new TrackedItem(TrackerKind.Interface, "eth1"), new TrackedItem(TrackerKind.Script, "chk"));
        r.Start(T0);
        r.ScriptResult(T0, "chk", true);
        Assert.Equal(VrrpState.Backup, r.State());
        r.InterfaceState(T0, "eth1", false);
        r.ScriptResult(T0, "chk", false);
        Assert.Equal(VrrpState.Fault, r.State());
        r.InterfaceState(T0, "eth1", true);
        Assert.Equal(VrrpState.Fault, r.State());
        r.ScriptResult(T0, "chk", true);
        Assert.Equal(VrrpState.Backup, r.State());
        Assert.Equal(TransitionReason.TrackerRecovered, r.Status().LastTransitionReason);
    }

    [Fact]
    public void Weight_zero_script_not_yet_run_holds_fault_silently_then_one_success_brings_backup()
    {
        var r = Tracked(100, new TrackedItem(TrackerKind.Script, "chk"));
        r.Start(T0);
        var start = r.Drain();
        Assert.Equal(VrrpState.Fault, r.State());
        Assert.Empty(start.OfType<Notify>()); // keepalived does not announce the "waiting for scripts" FAULT
        Assert.Equal(Instant.Never, r.NextDeadline);
        r.ScriptResult(T0 + Duration.FromSeconds(1L), "chk", true);
        Assert.Equal(VrrpState.Backup, r.State());
        Assert.Equal(NotifyEvent.Backup, Assert.Single(r.Drain().OfType<Notify>()).Event);
    }

    [Fact]
    public void Init_fail_script_with_weight_zero_is_a_fault_at_start_and_needs_rise_successes()
    {
        var r = new VrrpRouter(Settings(Instance() with { Trackers = [new TrackedItem(TrackerKind.Script, "chk")] }) with
        {
            Scripts = [new ScriptSettings("chk", Rise: 2, Fall: 1, InitFail: true)],
        });
        r.Start(T0);
        Assert.Equal(VrrpState.Fault, r.State());
        Assert.Equal(NotifyEvent.Fault, Assert.Single(r.Drain().OfType<Notify>()).Event);
        r.ScriptResult(T0, "chk", true);
        Assert.Equal(VrrpState.Fault, r.State());
        r.ScriptResult(T0, "chk", true);
        Assert.Equal(VrrpState.Backup, r.State());
    }

    [Fact]
    public void Weighted_script_contributes_nothing_until_it_has_run()
    {
        var r = Tracked(100, new TrackedItem(TrackerKind.Script, "chk", -20));
        r.Start(T0);
        Assert.Equal(100, r.Status().EffectivePriority);
        r.ScriptResult(T0, "chk", false);
        Assert.Equal(80, r.Status().EffectivePriority);
    }

    [Fact]
    public void Master_in_fault_sends_priority_zero_then_releases_then_notifies()
    {
        var r = Tracked(100, new TrackedItem(TrackerKind.Interface, "eth1"));
        r.Start(T0);
        r.HandleTimeout(r.NextDeadline);
        Assert.Equal(VrrpState.Master, r.State());
        r.Drain();
        r.InterfaceState(T0 + Duration.FromSeconds(10L), "eth1", false);
        var cmds = r.Drain();
        Assert.Equal(0, Assert.IsType<SendAdvert>(cmds[0]).Advert.Priority);
        Assert.IsType<ReleaseAddresses>(cmds[1]);
        Assert.Equal(VrrpState.Fault, Assert.IsType<StateChanged>(cmds[2]).To);
        Assert.Equal(NotifyEvent.Fault, Assert.IsType<Notify>(cmds[3]).Event);
        Assert.Equal(1, r.GetStatistics("VI_1")!.ReleasedMaster);
        Assert.Equal(Instant.Never, r.NextDeadline);
    }

    [Fact]
    public void Own_interface_down_is_a_fault_unless_dont_track_primary()
    {
        var r = Router(Instance());
        r.Start(T0);
        r.InterfaceState(T0, Eth, false);
        Assert.Equal(VrrpState.Fault, r.State());
        var relaxed = Router(Instance() with { DontTrackPrimary = true });
        relaxed.Start(T0);
        relaxed.InterfaceState(T0, Eth, false);
        Assert.Equal(VrrpState.Backup, relaxed.State());
    }

    [Fact]
    public void Priority_change_reschedules_the_backup_down_timer_with_the_new_skew()
    {
        var r = Tracked(100, new TrackedItem(TrackerKind.Interface, "eth1", -50));
        r.Start(T0);
        var t = T0 + Duration.FromMilliseconds(100);
        r.HandleAdvert(t, From("192.168.200.9", 200));
        // 3 s + (256 − 100)/256 s after the advert.
        Assert.Equal(t + Duration.FromMilliseconds(3609) + Duration.FromMicroseconds(375), r.NextDeadline);
        r.InterfaceState(t + Duration.FromSeconds(1L), "eth1", false);
        Assert.Equal(50, r.Status().EffectivePriority);
        // Same start, new skew: 3 s + 206/256 s = 3.8046875 s.
        Assert.Equal(t + Duration.FromMilliseconds(3804) + Duration.FromMicroseconds(687) + new Duration(128), r.NextDeadline);
    }

    [Fact]
    public void Priority_change_takes_effect_in_the_next_advert_and_notifies_when_asked()
    {
        var r = new VrrpRouter(Settings(Instance() with
        {
            Trackers = [new TrackedItem(TrackerKind.Interface, "eth1", 30)],
            NotifyPriorityChanges = true,
        }));
        r.Start(T0);
        r.HandleTimeout(r.NextDeadline);
        Assert.Equal(130, r.Drain().OfType<SendAdvert>().Single().Advert.Priority);
        r.InterfaceState(r.Status().NextTimer - Duration.FromMilliseconds(1), "eth1", false);
        var notify = r.Drain().OfType<Notify>().Single();
        Assert.Equal((NotifyEvent.MasterPriority, (byte)100), (notify.Event, notify.Priority));
        r.HandleTimeout(r.Status().NextTimer);
        Assert.Equal(100, r.Drain().OfType<SendAdvert>().Single().Advert.Priority);
    }

    [Fact]
    public void Trackers_naming_nothing_configured_are_ignored_like_keepalived()
    {
        var r = new VrrpRouter(Settings(Instance() with
        {
            Trackers = [new TrackedItem(TrackerKind.Script, "missing"), new TrackedItem(TrackerKind.File, "nofile", 0),
                new TrackedItem(TrackerKind.Process, "noproc", 0)],
        }));
        r.Start(T0);
        Assert.Equal(VrrpState.Backup, r.State());
    }

    [Fact]
    public void An_interface_carrying_a_vip_going_down_is_a_fault()
    {
        var r = Router(Instance() with { TrackedAddressInterfaces = ["eth7"] });
        r.Start(T0);
        r.InterfaceState(T0, "eth7", false);
        Assert.Equal(VrrpState.Fault, r.State());
        r.InterfaceState(T0, "eth7", true);
        Assert.Equal(VrrpState.Backup, r.State());
    }
}
