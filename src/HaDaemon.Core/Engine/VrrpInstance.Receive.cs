using System.Net;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine;

internal sealed partial class VrrpInstance
{
    /// <summary>Handles an advert addressed to this instance (codec checks already passed).</summary>
    public AdvertResult Receive(ReceivedAdvert received)
    {
        if (State is not (VrrpState.Backup or VrrpState.Master))
            return new AdvertResult(AdvertOutcome.Ignored, AdvertRejection.None, Name);

        var advert = received.Advert;
        var masterChange = MasterAddress is null || !MasterAddress.Equals(received.Source);
        var checkAddresses = State == VrrpState.Master || masterChange || !Settings.SkipCheckAdvertAddresses;
        var rejection = InstanceAdvertChecks.Check(Settings, received,
            _adverts.Expectation(Settings, EffectivePriority, checkAddresses), _ahSequence.Current,
            out var addressListMismatch, out var ahSequence);
        if (addressListMismatch) Statistics.AddressListErrors++;
        // keepalived moves its anti-replay counter as soon as the ICV and sequence passed, before the later checks.
        if (ahSequence is { } accepted)
        {
            _ahSequence.TryAccept(accepted);
            if (State == VrrpState.Backup) _ahSequence.ClearCycle();
        }
        if (rejection != AdvertRejection.None)
        {
            Statistics.Reject(rejection);
            return new AdvertResult(AdvertOutcome.Rejected, rejection, Name);
        }
        // keepalived counts advert_rcvd once the packet passed its checks (bar the VIP list, which only logs).
        Statistics.AdvertsReceived++;
        if (advert.Priority == 0) Statistics.PriorityZeroReceived++;
        else if (State == VrrpState.Master && !received.Source.Equals(Settings.PrimaryAddress))
        {
            Statistics.OtherMasterAdverts++;
            Statistics.LastOtherMasterAdvert = Now;
        }

        var previous = State;
        if (State == VrrpState.Backup)
        {
            BackupReceive(received, masterChange);
        }
        else if (MasterReceive(received, ahSequence))
        {
            LeaveMaster(sendPriorityZero: false, LastRxReason);
        }
        Group?.FollowTransition(this, previous, _ctx);
        return new AdvertResult(AdvertOutcome.Processed, AdvertRejection.None, Name);
    }

    private TransitionReason LastRxReason { get; set; }

    /// <summary>vrrp_state_backup (keepalived.md §2.6).</summary>
    private void BackupReceive(ReceivedAdvert received, bool masterChange)
    {
        var advert = received.Advert;
        if (Settings.IsOwner && _ownerYielded && (masterChange || advert.Priority != 255))
        {
            _ownerYielded = false;
            EffectivePriority = 255;
        }

        if (advert.Priority == 0)
        {
            // The master is stopping: take over after Skew_Time only.
            ArmDown(DownTimerKind.SkewOnly);
            return;
        }

        var preemptDelayRunning = Settings.PreemptDelay > Duration.Zero && (_preemptUntil == Instant.Never || _preemptUntil > Now);
        if (!Settings.Preempt || advert.Priority >= EffectivePriority || preemptDelayRunning)
        {
            if (Settings.Version == VrrpVersion.V3)
                MasterAdvertInterval = advert.Interval;
            MasterAddress = received.Source;
            MasterPriority = advert.Priority;
            ArmDown(DownTimerKind.MasterDown);
            if (Settings.PreemptDelay > Duration.Zero)
            {
                if (advert.Priority >= EffectivePriority) _preemptUntil = Instant.Never;
                else if (_preemptUntil == Instant.Never) _preemptUntil = Now + Settings.PreemptDelay;
            }
            // A sync group may have held us in BACKUP wanting MASTER; a better master means we want BACKUP again.
            Want = VrrpState.Backup;
        }
        else
        {
            // Lower priority and we preempt: discard; the running down timer is NOT reset, so we take over.
            MasterAddress = received.Source;
        }
    }

    /// <summary>vrrp_state_master_rx (keepalived.md §2.7). Returns true when we must leave MASTER for BACKUP.</summary>
    /// <param name="ahSequence">auth_type AH: the advert's accepted sequence number.</param>
    private bool MasterReceive(ReceivedAdvert received, uint? ahSequence)
    {
        var advert = received.Advert;
        var cmp = CompareAddress(received.Source, Settings.PrimaryAddress);
        var sent = false;

        if (advert.Priority == 0 ||
            (Settings.HigherPrioSendAdvert && (advert.Priority > EffectivePriority || (advert.Priority == EffectivePriority && cmp > 0))))
        {
            SendAdvert(EffectivePriority);
            sent = true;
            if (advert.Priority == 0)
            {
                Timer = Now + Settings.AdvertInterval;
                return false;
            }
        }

        if (advert.Priority == EffectivePriority && cmp == 0)
            Heard(received, HeardAdvert.OwnAddress);
        else if (advert.Priority == EffectivePriority && EffectivePriority == 255)
        {
            // Owner conflict: both claim 255. The lower address yields at once (the branch below); the higher one
            // waits two of its adverts plus 1.2 × the longer interval, and yields to 254 if the rival persists.
            if (cmp > 0)
                Heard(received, HeardAdvert.OwnerConflict);
            else if (RogueAt != Instant.Never)
            {
                Heard(received, HeardAdvert.OwnerStillAdvertising);
                RogueAt = Instant.Never;
                _ownerYielded = true;
                _ctx.Emit(new PriorityChanged(Name, EffectivePriority, 254));
                EffectivePriority = 254;
            }
            else
            {
                _rogueAdvertInterval = advert.Interval;
                if (_rogueCounter == 0)
                {
                    Heard(received, HeardAdvert.OwnerConflict);
                    _rogueCounter = 2;
                }
            }
        }

        if (advert.Priority < EffectivePriority || (advert.Priority == EffectivePriority && cmp < 0))
        {
            Heard(received, Settings.LowerPrioNoAdvert ? HeardAdvert.LowerPriorityQuiet : HeardAdvert.LowerPriority);
            // keepalived: "IPSEC-AH : Syncing seq_num - Increment seq", so our adverts stay newer than the lower one's.
            if (ahSequence is { } lower) _ahSequence.SyncAbove(lower);
            if (!Settings.LowerPrioNoAdvert)
            {
                SendAdvert(EffectivePriority);
                sent = true;
            }
            LowerPriorityGratuitous(this);
            if (Group is not null)
                foreach (var m in Group.Members)
                    if (!ReferenceEquals(m, this) && m.State == VrrpState.Master)
                        LowerPriorityGratuitous(m);
            _ctx.Emit(new Notify(NotifyScope.Instance, Name, NotifyEvent.MasterRxLowerPriority, EffectivePriority,
                _ctx.NextTransitionId(), TransitionReason.LowerPriorityAdvert));
            // keepalived restarts the advert timer after an advert it sent in reply; we do the same.
            if (sent) Timer = Now + Settings.AdvertInterval;
            return false;
        }

        if (advert.Priority > EffectivePriority || (advert.Priority == EffectivePriority && cmp > 0))
        {
            Heard(received, advert.Priority > EffectivePriority ? HeardAdvert.HigherPriority : HeardAdvert.SamePriorityHigherAddress);
            LastRxReason = advert.Priority > EffectivePriority ? TransitionReason.HigherPriorityAdvert : TransitionReason.EqualPriorityHigherAddress;
            if (ahSequence is not null) _ahSequence.ClearCycle();
            if (Settings.Version == VrrpVersion.V3)
                MasterAdvertInterval = advert.Interval;
            MasterAddress = received.Source;
            MasterPriority = advert.Priority;
            Want = VrrpState.Backup;
            return true;
        }

        // Equal priority from our own address: nothing to decide.
        if (sent) Timer = Now + Settings.AdvertInterval;
        return false;
    }

    private void Heard(ReceivedAdvert received, HeardAdvert verdict) =>
        _ctx.Emit(new MasterHeardAdvert(Name, received.Source, received.Advert.Priority, EffectivePriority, verdict));

    private static void LowerPriorityGratuitous(VrrpInstance instance)
    {
        var s = instance.Settings;
        if (s.GarpLowerPrioRepeat <= 0) return;
        instance.SendGratuitous(s.GarpLowerPrioRepeat);
        if (s.GarpLowerPrioDelay > Duration.Zero)
            instance.GarpLowerPriorityAt = instance.Now + s.GarpLowerPrioDelay;
    }

    /// <summary>
    /// Unsigned comparison of the sender's primary address with ours (RFC 5798 §6.4.3): &gt; 0 when the sender's is
    /// higher. 0 for different families or when ours is unknown (keepalived's vrrp_saddr_cmp).
    /// </summary>
    public static int CompareAddress(IPAddress sender, IPAddress? ours)
    {
        if (ours is null || sender.AddressFamily != ours.AddressFamily) return 0;
        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        sender.TryWriteBytes(a, out var la);
        ours.TryWriteBytes(b, out var lb);
        return a[..la].SequenceCompareTo(b[..lb]);
    }
}
