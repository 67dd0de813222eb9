using System.Net;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Engine.Tracking;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine;

/// <summary>
/// One vrrp_instance at run time: keepalived's vrrp_t state machine (vrrp.c state handlers, vrrp_scheduler.c timer
/// and transition glue). Receive processing is in VrrpInstance.Receive.cs.
/// </summary>
internal sealed partial class VrrpInstance
{
    /// <summary>How the BACKUP down timer was armed, so a priority change can recompute it from the same start.</summary>
    private enum DownTimerKind : byte
    {
        MasterDown,
        SkewOnly,
        OneAdvertPlusMinimalSkew,
        Fixed,
    }

    private readonly EngineContext _ctx;
    private readonly InstanceAdvertCache _adverts = new();
    private DownTimerKind _downKind;
    private Instant _downAnchor;
    private Duration _fixedDown;
    private Instant _preemptUntil = Instant.Never;
    private int _rogueCounter;
    private Duration _rogueAdvertInterval;
    private bool _ownerYielded;
    private bool _addressesSet;

    public VrrpInstance(InstanceSettings settings, SyncGroup? group, EngineContext ctx)
    {
        Settings = settings;
        Group = group;
        _ctx = ctx;
        MasterAdvertInterval = settings.AdvertInterval;
        EffectivePriority = settings.Priority;
        Trackers = KnownTrackers(settings, group);
    }

    public InstanceSettings Settings { get; set; }
    public SyncGroup? Group { get; set; }
    public IReadOnlyList<TrackedItem> Trackers { get; set; }
    public InstanceStatistics Statistics { get; } = new();
    public VrrpState State { get; private set; } = VrrpState.Init;
    /// <summary>keepalived's wantstate: where the instance would be without its sync group.</summary>
    public VrrpState Want { get; set; } = VrrpState.Backup;
    public byte EffectivePriority { get; private set; }
    public Duration MasterAdvertInterval { get; private set; }
    /// <summary>keepalived's flags_if_fault: held in FAULT by its own trackers.</summary>
    public bool Faulted { get; private set; }
    /// <summary>A weight-0 script has not reported yet (keepalived's num_script_init).</summary>
    public bool InitPending { get; private set; }
    public int WeightSum { get; private set; }
    public IPAddress? MasterAddress { get; private set; }
    public byte MasterPriority { get; private set; }
    public TransitionReason LastReason { get; private set; } = TransitionReason.Startup;
    public Instant LastTransition { get; private set; }

    // Every timer setter tells the router's deadline queue, so NextDeadline never needs a scan of all instances.
    private Instant _timer = Instant.Never;
    private Instant _garpBurstAt = Instant.Never;
    private Instant _garpRefreshAt = Instant.Never;
    private Instant _garpLowerPriorityAt = Instant.Never;
    private Instant _rogueAt = Instant.Never;

    /// <summary>keepalived's sands: down timer in BACKUP, next advert in MASTER.</summary>
    public Instant Timer { get => _timer; private set => SetTimer(ref _timer, value); }
    public Instant GarpBurstAt { get => _garpBurstAt; private set => SetTimer(ref _garpBurstAt, value); }
    public Instant GarpRefreshAt { get => _garpRefreshAt; private set => SetTimer(ref _garpRefreshAt, value); }
    public Instant GarpLowerPriorityAt { get => _garpLowerPriorityAt; private set => SetTimer(ref _garpLowerPriorityAt, value); }
    /// <summary>Owner conflict: if the rival owner still advertises before this, we yield (keepalived's rogue timer).</summary>
    public Instant RogueAt { get => _rogueAt; private set => SetTimer(ref _rogueAt, value); }

    // Bookkeeping owned by DeadlineQueue.
    internal int QueueIndex { get; set; }
    internal Instant QueuedDeadline { get; set; } = Instant.Never;
    internal bool DeadlineChangePending { get; set; }

    public string Name => Settings.Name;
    private Instant Now => _ctx.Now;

    public Instant NextDeadline =>
        Instant.Min(Instant.Min(Timer, GarpBurstAt), Instant.Min(Instant.Min(GarpRefreshAt, GarpLowerPriorityAt), RogueAt));

    // ---------------------------------------------------------------- start-up (vrrp_init_state)

    /// <summary>Reads the trackers without reacting: used before the first state is chosen.</summary>
    public void PrimeTracking(TrackerBoard board)
    {
        var v = TrackingVerdict.Evaluate(Trackers, board);
        Faulted = v.Fault || Settings.HasConfigFault;
        InitPending = v.InitPending;
        WeightSum = v.WeightSum;
        EffectivePriority = CurrentPriority();
        Want = Faulted ? VrrpState.Fault : Settings.InitialState == InitialState.Master ? VrrpState.Master : VrrpState.Backup;
    }

    public void Start()
    {
        var newState = Group?.State ?? Want;
        var initPending = InitPending || (Group?.Members.Exists(m => m.InitPending) ?? false);
        var isUp = !Faulted;
        if (isUp && newState == VrrpState.Master && !initPending && Settings.IsOwner && Want == VrrpState.Master)
        {
            // keepalived: "the simplest way to become master is to timeout from the backup state very quickly (1usec)".
            // We expire it at once (zero delay), so Start itself completes the owner's move to MASTER.
            // It stays INIT until then so that the log shows INIT → MASTER, not a BACKUP it never announced.
            LastReason = TransitionReason.OwnerStartup;
            ArmDown(DownTimerKind.Fixed, Duration.Zero);
            return;
        }

        // Clean up after a crash: remove our addresses if they are present.
        _ctx.Emit(new ReleaseAddresses(Name));
        var kind = newState == VrrpState.Backup && Want == VrrpState.Master
            ? DownTimerKind.OneAdvertPlusMinimalSkew
            : DownTimerKind.MasterDown;
        if (isUp && newState != VrrpState.Fault && !initPending)
        {
            Transition(VrrpState.Backup, TransitionReason.Startup);
            ArmDown(kind);
        }
        else
        {
            // A FAULT that only waits for first script results is not announced (keepalived: flags_if_fault).
            Transition(VrrpState.Fault, Settings.HasConfigFault ? TransitionReason.ConfigFault : TransitionReason.Startup, notify: Faulted);
            Timer = Instant.Never;
        }
    }

    // ---------------------------------------------------------------- timers

    private void SetTimer(ref Instant timer, Instant value)
    {
        if (timer == value) return;
        timer = value;
        _ctx.Deadlines.MarkChanged(this);
    }

    /// <summary>Runs every deadline of this instance that is due. Returns true if something ran.</summary>
    public bool RunDue()
    {
        var ran = false;
        if (Timer <= Now)
        {
            ran = true;
            var previous = State;
            _timerDue = Timer;
            if (State is VrrpState.Backup or VrrpState.Init)
            {
                Want = VrrpState.Master;
                GoToMaster(State == VrrpState.Init ? TransitionReason.OwnerStartup : TransitionReason.MasterDownTimerExpired);
            }
            else if (State == VrrpState.Master)
            {
                MasterTransmit();
                Timer = Now + Settings.AdvertInterval;
            }
            else
            {
                Timer = Instant.Never;
            }
            _timerDue = null;
            Group?.FollowTransition(this, previous, _ctx);
        }
        if (GarpBurstAt <= Now)
        {
            ran = true;
            GarpBurstAt = Instant.Never;
            SendGratuitous(Settings.GarpMasterRepeat);
        }
        if (GarpRefreshAt <= Now)
        {
            ran = true;
            GarpRefreshAt = Now + Settings.GarpMasterRefresh;
            SendGratuitous(Settings.GarpMasterRefreshRepeat);
        }
        if (GarpLowerPriorityAt <= Now)
        {
            ran = true;
            GarpLowerPriorityAt = Instant.Never;
            SendGratuitous(Settings.GarpLowerPrioRepeat);
        }
        if (RogueAt <= Now)
        {
            // The rival owner stopped advertising in time: we stay the owner-master.
            ran = true;
            RogueAt = Instant.Never;
        }
        return ran;
    }

    private void ArmDown(DownTimerKind kind, Duration fixedLength = default)
    {
        _downKind = kind;
        // vrrp_init_instance_sands (2.2.7): during vrrp_startup_delay a BACKUP times from the end of the delay.
        _downAnchor = _ctx.InStartupDelay ? _ctx.DelayedStartUntil : Now;
        _fixedDown = fixedLength;
        Timer = _downAnchor + DownLength();
    }

    private Duration DownLength() => _downKind switch
    {
        DownTimerKind.MasterDown => VrrpTimers.MasterDown(Settings.Version, EffectivePriority, MasterAdvertInterval, Settings.DownTimerAdverts),
        DownTimerKind.SkewOnly => VrrpTimers.Skew(Settings.Version, EffectivePriority, MasterAdvertInterval),
        DownTimerKind.OneAdvertPlusMinimalSkew => MasterAdvertInterval + VrrpTimers.MinimalSkew(Settings.Version, MasterAdvertInterval),
        _ => _fixedDown,
    };

    /// <summary>vrrp_init_instance_sands.</summary>
    private void InitTimer()
    {
        if (State == VrrpState.Master) Timer = Now + Settings.AdvertInterval;
        else if (State == VrrpState.Backup) ArmDown(DownTimerKind.MasterDown);
        else Timer = Instant.Never;
    }

    // ---------------------------------------------------------------- transitions (vrrp.c)

    /// <summary>
    /// vrrp_state_goto_master: a sync group may hold us in BACKUP until every member wants MASTER. Returns false when
    /// the startup delay holds us: the timer is then set to its end and must not be re-armed.
    /// </summary>
    public bool GoToMaster(TransitionReason reason)
    {
        if (Group is not null && !Group.CanGoToMaster(this))
        {
            Want = VrrpState.Master;
            ArmDown(DownTimerKind.MasterDown);
            return true;
        }
        if (_ctx.InStartupDelay)
        {
            // Only an owner leaving FAULT (or its sync group) gets here during vrrp_startup_delay. keepalived 2.2.7 went
            // MASTER at once; 2.4.0 fixed that (0d91c74b): nothing is MASTER before the delay has passed. We wait in
            // BACKUP and expire at the end of the delay, as the owner does at start.
            Want = VrrpState.Master;
            if (State != VrrpState.Init) Transition(VrrpState.Backup, reason);
            ArmDown(DownTimerKind.Fixed, Duration.Zero);
            return false;
        }
        _ahSequence.OnBecomingMaster();
        var from = State;
        State = VrrpState.Master;
        Timer = Now + Settings.AdvertInterval;
        MasterTransmit(from, reason);
        return true;
    }

    /// <summary>vrrp_state_master_tx: advertise; the first advert of a new master precedes taking the addresses.</summary>
    private void MasterTransmit(VrrpState from = VrrpState.Master, TransitionReason reason = TransitionReason.MasterDownTimerExpired)
    {
        SendAdvert(EffectivePriority);
        if (!_addressesSet)
        {
            BecomeMaster(from, reason);
        }
        else if (Settings.IsOwner && _rogueCounter > 0 && --_rogueCounter == 0)
        {
            // Two adverts sent since a rival owner appeared: give it "a bit more than" an interval to back off.
            var longest = _rogueAdvertInterval > Settings.AdvertInterval ? _rogueAdvertInterval : Settings.AdvertInterval;
            RogueAt = Now + new Duration(longest.Ticks * 12 / 10);
        }
    }

    /// <summary>vrrp_state_become_master.</summary>
    private void BecomeMaster(VrrpState from, TransitionReason reason)
    {
        Statistics.BecameMaster++;
        if (Settings.IsOwner && _ownerYielded)
        {
            _ownerYielded = false;
            EffectivePriority = 255;
        }
        MasterAdvertInterval = Settings.AdvertInterval;
        _ctx.Emit(new AcquireAddresses(Name));
        _addressesSet = true;
        SendGratuitous(Settings.GarpMasterRepeat);
        if (Settings.GarpMasterDelay > Duration.Zero)
            GarpBurstAt = Now + Settings.GarpMasterDelay;
        if (Settings.GarpMasterRefresh > Duration.Zero)
            GarpRefreshAt = Now + Settings.GarpMasterDelay + Settings.GarpMasterRefresh;
        MasterAddress = Settings.PrimaryAddress;
        MasterPriority = EffectivePriority;
        RecordTransition(from, VrrpState.Master, reason, notify: true);
    }

    /// <summary>vrrp_state_leave_master: to BACKUP (addresses released) or FAULT (priority 0 first).</summary>
    public void LeaveMaster(bool sendPriorityZero, TransitionReason reason)
    {
        if (Want == VrrpState.Backup)
            _preemptUntil = Instant.Never;
        if (Want == VrrpState.Fault || sendPriorityZero)
            SendPriorityZero();
        ReleaseEverything();
        var target = Want is VrrpState.Backup or VrrpState.Fault ? Want : VrrpState.Backup;
        Transition(target, reason);
        InitTimer();
        Statistics.ReleasedMaster++;
        if (RogueAt != Instant.Never) RogueAt = Instant.Never;
        else _rogueCounter = 0;
    }

    /// <summary>vrrp_state_leave_fault: to the wanted state, resetting Master_Adver_Interval to ours.</summary>
    public void LeaveFault(TransitionReason reason)
    {
        if (Want == VrrpState.Master)
        {
            if (!GoToMaster(reason))
            {
                MasterAdvertInterval = Settings.AdvertInterval;
                return;
            }
        }
        else
        {
            if (Want == VrrpState.Fault && State == VrrpState.Master)
            {
                SendPriorityZero();
                ReleaseEverything();
            }
            Transition(Want, reason);
            if (State == VrrpState.Backup) _preemptUntil = Instant.Never;
        }
        MasterAdvertInterval = Settings.AdvertInterval;
        InitTimer();
    }

    /// <summary>down_instance: a tracker fault. Masters send priority 0 and release; the sync group follows.</summary>
    public void Down(TransitionReason reason)
    {
        var alreadyDown = Faulted;
        Faulted = true;
        if (alreadyDown && State != VrrpState.Init) return;
        Want = VrrpState.Fault;
        if (State == VrrpState.Master) LeaveMaster(sendPriorityZero: true, reason);
        else LeaveFault(reason);
        if (Group is not null && Group.Members.Count(m => m.Faulted) == 1)
            Group.SyncFault(this, _ctx);
    }

    /// <summary>try_up_instance: trackers are fine again (or the first script results arrived).</summary>
    public void TryUp(TransitionReason reason)
    {
        Faulted = false;
        if (InitPending) return;
        if (State is not (VrrpState.Fault or VrrpState.Init)) return;
        if (Group is not null && Group.AnyMemberHeldDown) return;

        if (!(Want == VrrpState.Master && Settings.IsOwner))
            Want = VrrpState.Backup;
        MasterAdvertInterval = Settings.AdvertInterval;
        var wanted = Want;
        if (Group is not null && Want == VrrpState.Master && !Group.CanGoToMaster(this))
            Want = VrrpState.Backup;
        LeaveFault(reason);
        Want = wanted;
        if (Group is not null)
        {
            if (State == VrrpState.Master) Group.SyncMaster(this, _ctx);
            else Group.SyncBackup(this, _ctx);
        }
    }

    /// <summary>
    /// A tracked VIP vanished from the interface while MASTER (keepalived set_vrrp_backup): leave MASTER with a
    /// priority-0 advert, and aim to come back after Skew_Time only (re-adding the address); MASTER members of the sync
    /// group do the same, and the group is marked BACKUP without a group notify.
    /// </summary>
    public void LoseAddress() => LoseOwned(TransitionReason.AddressRemoved);

    /// <summary>
    /// Something only a MASTER holds (a VIP, a virtual route or rule) was deleted behind our back: keepalived's
    /// set_vrrp_backup — BACKUP at once, priority 0 sent, and the down timer at Skew_Time to take MASTER back.
    /// </summary>
    public void LoseOwned(TransitionReason reason)
    {
        if (State != VrrpState.Master) return;
        FallBackForAddress(reason);
        if (Group is null) return;
        foreach (var m in Group.Members)
            if (!ReferenceEquals(m, this) && m.State == VrrpState.Master)
                m.FallBackForAddress(TransitionReason.SyncGroup);
        Group.State = VrrpState.Backup;
    }

    private void FallBackForAddress(TransitionReason reason)
    {
        Want = VrrpState.Backup;
        LeaveMaster(sendPriorityZero: true, reason);
        ArmDown(DownTimerKind.SkewOnly);
    }

    /// <summary>Shutdown (SIGTERM): masters send priority 0 and release; everyone reports STOP.</summary>
    public void Stop()
    {
        if (State == VrrpState.Master)
        {
            SendPriorityZero();
            ReleaseEverything();
        }
        Timer = GarpBurstAt = GarpRefreshAt = GarpLowerPriorityAt = RogueAt = Instant.Never;
        Transition(VrrpState.Stop, TransitionReason.Shutdown);
    }

    /// <summary>Removed by a reload (clear_diff_vrrp): masters send priority 0 and release; notify DELETED or FAULT.</summary>
    public void Delete()
    {
        var wasFault = State == VrrpState.Fault;
        if (State == VrrpState.Master)
        {
            SendPriorityZero();
            ReleaseEverything();
        }
        Timer = GarpBurstAt = GarpRefreshAt = GarpLowerPriorityAt = RogueAt = Instant.Never;
        Transition(VrrpState.Deleted, TransitionReason.Reload, notify: Settings.NotifyDeleted || !wasFault);
    }

    // ---------------------------------------------------------------- tracking

    /// <summary>Re-reads the trackers and reacts: priority change, FAULT, or leaving FAULT.</summary>
    public void Reevaluate(TrackerBoard board)
    {
        var v = TrackingVerdict.Evaluate(Trackers, board);
        var leftInit = InitPending && !v.InitPending;
        InitPending = v.InitPending;
        WeightSum = v.WeightSum;
        UpdateEffectivePriority();
        // A configuration fault is a fault like a tracker's that only a reload can clear.
        var fault = v.Fault || Settings.HasConfigFault;
        if (fault && !Faulted)
            Down(Settings.HasConfigFault ? TransitionReason.ConfigFault : TransitionReason.TrackerFault);
        else if (!fault && (Faulted || leftInit))
            TryUp(LastReason == TransitionReason.ConfigFault ? TransitionReason.Reload : TransitionReason.TrackerRecovered);
    }

    private byte CurrentPriority() => Settings.IsOwner
        ? (byte)(_ownerYielded ? 254 : 255)
        : new TrackingVerdict(false, false, WeightSum).EffectivePriority(Settings.Priority);

    /// <summary>vrrp_set_effective_priority: the next advert carries it; a BACKUP's down timer is recomputed now.</summary>
    public void UpdateEffectivePriority()
    {
        var p = CurrentPriority();
        if (p == EffectivePriority) return;
        _ctx.Emit(new PriorityChanged(Name, EffectivePriority, p));
        EffectivePriority = p;
        if (State == VrrpState.Backup && Timer != Instant.Never && _downKind != DownTimerKind.Fixed)
            Timer = _downAnchor + DownLength();
        if (Settings.NotifyPriorityChanges)
            _ctx.Emit(new Notify(NotifyScope.Instance, Name,
                State == VrrpState.Master ? NotifyEvent.MasterPriority : NotifyEvent.BackupPriority,
                EffectivePriority, _ctx.NextTransitionId(), TransitionReason.PriorityChanged));
    }

    // ---------------------------------------------------------------- reload

    /// <summary>Adopts changed settings of a surviving instance; a MASTER adds/removes just the VIP difference.</summary>
    public void Reconfigure(InstanceSettings next, SyncGroup? group)
    {
        var previous = Settings;
        Settings = next;
        Group = group;
        Trackers = KnownTrackers(next, group);
        if (State == VrrpState.Master)
        {
            var before = previous.VirtualAddresses.Concat(previous.ExcludedAddresses).ToHashSet();
            var after = next.VirtualAddresses.Concat(next.ExcludedAddresses).ToHashSet();
            var removed = before.Where(a => !after.Contains(a)).ToList();
            var added = after.Where(a => !before.Contains(a)).ToList();
            if (removed.Count > 0) _ctx.Emit(new ReleaseAddresses(Name, removed));
            if (added.Count > 0)
            {
                _ctx.Emit(new AcquireAddresses(Name, added));
                if (next.GarpMasterRepeat > 0) _ctx.Emit(new SendGratuitous(Name, added, next.GarpMasterRepeat));
            }
            if (next.GarpMasterRefresh == Duration.Zero) GarpRefreshAt = Instant.Never;
            else if (GarpRefreshAt == Instant.Never) GarpRefreshAt = Now + next.GarpMasterRefresh;
        }
        // v2 always times with its own interval; a v3 backup keeps what it learnt from the master.
        if (next.Version == VrrpVersion.V2 || State != VrrpState.Backup)
            MasterAdvertInterval = next.AdvertInterval;
    }

    private IReadOnlyList<TrackedItem> KnownTrackers(InstanceSettings settings, SyncGroup? group) =>
        TrackingVerdict.EffectiveTrackers(settings, group?.Settings).Where(_ctx.Board.IsKnown).ToList();

    // ---------------------------------------------------------------- outputs

    private void Transition(VrrpState to, TransitionReason reason, bool notify = true)
    {
        var from = State;
        State = to;
        if (from == to) return;
        RecordTransition(from, to, reason, notify);
    }

    private void RecordTransition(VrrpState from, VrrpState to, TransitionReason reason, bool notify)
    {
        State = to;
        LastReason = reason;
        LastTransition = Now;
        var id = _ctx.NextTransitionId();
        _ctx.Emit(new StateChanged(Name, from, to, reason, EffectivePriority, id));
        if (!notify) return;
        var ev = to == VrrpState.Deleted && !Settings.NotifyDeleted ? NotifyEvent.Fault : SyncGroup.ToEvent(to);
        _ctx.Emit(new Notify(NotifyScope.Instance, Name, ev, EffectivePriority, id, reason));
    }

    private void ReleaseEverything()
    {
        if (_addressesSet) _ctx.Emit(new ReleaseAddresses(Name));
        _addressesSet = false;
        GarpBurstAt = GarpRefreshAt = GarpLowerPriorityAt = Instant.Never;
    }

    private void SendPriorityZero()
    {
        SendAdvert(0);
        Statistics.PriorityZeroSent++;
    }

    private void SendGratuitous(int repeat)
    {
        var addresses = Settings.VirtualAddresses.Concat(Settings.ExcludedAddresses).ToList();
        if (repeat > 0 && addresses.Count > 0 && _addressesSet)
            _ctx.Emit(new SendGratuitous(Name, addresses, repeat));
    }

    /// <summary>Set while <see cref="RunDue"/> serves the main timer: the adverts it sends were due then.</summary>
    private Instant? _timerDue;

    private void SendAdvert(byte priority)
    {
        _ctx.Emit(new SendAdvert(Name, Settings.Interface, Settings.PrimaryAddress, _adverts.Outgoing(Settings, priority),
            !Settings.IsUnicast, _adverts.Destinations(Settings), _timerDue)
        {
            // keepalived numbers every advert it sends, priority 0 and replies included (vrrp_update_pkt).
            Authentication = UsesAuthenticationHeader(Settings)
                ? new AuthenticationHeaderSeal(_ahSequence.NextToSend(), _adverts.AuthenticationKey(Settings))
                : null,
        });
        Statistics.AdvertsSent++;
    }

    /// <summary>keepalived's ipsecah_counter (auth_type AH): sent and accepted sequence numbers.</summary>
    private readonly AuthenticationSequence _ahSequence = new();

    /// <summary>auth_type AH applies: VRRPv2 over IPv4 (the config layer drops it elsewhere, as keepalived).</summary>
    public static bool UsesAuthenticationHeader(InstanceSettings s) =>
        s.AuthType == VrrpAuthType.AuthenticationHeader && s.Version == VrrpVersion.V2
        && s.Family == System.Net.Sockets.AddressFamily.InterNetwork;

    /// <summary>The 8 bytes of VRRPv2 authentication data: the PASS password NUL-padded, zeros otherwise (AH too).</summary>
    public static byte[] AuthBytes(InstanceSettings s) =>
        s.AuthType == VrrpAuthType.Password ? VrrpEncoder.PasswordAuthData(s.AuthPassword) : new byte[8];

    /// <summary>What received adverts are checked with: the PASS password to compare, or the AH HMAC key; zeros without auth.</summary>
    public static byte[] AuthKey(InstanceSettings s) =>
        s.AuthType is VrrpAuthType.Password or VrrpAuthType.AuthenticationHeader
            ? VrrpEncoder.PasswordAuthData(s.AuthPassword)
            : new byte[8];
}
