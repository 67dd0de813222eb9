using HaDaemon.Core.Engine.Settings;

namespace HaDaemon.Core.Engine;

/// <summary>
/// A vrrp_sync_group at run time (keepalived vrrp_sync.c): members move together; a member wanting MASTER waits
/// until every member wants MASTER; one member in FAULT puts all in FAULT. The group notifies once per transition.
/// </summary>
internal sealed class SyncGroup(SyncGroupSettings settings)
{
    public SyncGroupSettings Settings { get; set; } = settings;
    public VrrpState State { get; set; } = VrrpState.Backup;
    public List<VrrpInstance> Members { get; } = [];

    public bool AnyMemberHeldDown => Members.Exists(m => m.Faulted || m.InitPending);

    /// <summary>vrrp_sync_can_goto_master: the group is MASTER already, or every other member wants MASTER.</summary>
    public bool CanGoToMaster(VrrpInstance candidate) =>
        State == VrrpState.Master || Members.TrueForAll(m => ReferenceEquals(m, candidate) || m.Want == VrrpState.Master);

    // Unlike keepalived's vrrp_sync_*, these do not return early when the group is already in the target state: a
    // member can lag behind (e.g. still FAULT after scripts finished their first run in another order) and must follow.

    /// <summary>After a member changed state (keepalived's TSM): drag the others along.</summary>
    public void FollowTransition(VrrpInstance member, VrrpState previous, EngineContext ctx)
    {
        if (member.State == VrrpState.Master)
            SyncMaster(member, ctx);
        else if (previous == VrrpState.Master && member.State == VrrpState.Backup)
            SyncBackup(member, ctx);
    }

    public void SyncMaster(VrrpInstance initiator, EngineContext ctx)
    {
        if (!CanGoToMaster(initiator)) return;
        foreach (var m in Members)
        {
            // A member held down by its own trackers stays in FAULT whatever the others do.
            if (ReferenceEquals(m, initiator) || m.State == VrrpState.Master || m.Faulted || m.InitPending) continue;
            m.Want = VrrpState.Master;
            m.GoToMaster(TransitionReason.SyncGroup);
        }
        if (State != VrrpState.Master) SetState(VrrpState.Master, TransitionReason.SyncGroup, ctx);
    }

    public void SyncBackup(VrrpInstance initiator, EngineContext ctx)
    {
        foreach (var m in Members)
        {
            if (ReferenceEquals(m, initiator) || m.State == VrrpState.Backup || m.Faulted || m.InitPending) continue;
            m.Want = VrrpState.Backup;
            if (m.State is VrrpState.Fault or VrrpState.Init)
                m.LeaveFault(TransitionReason.SyncGroup);
            else
                m.LeaveMaster(sendPriorityZero: false, TransitionReason.SyncGroup);
        }
        if (State != VrrpState.Backup) SetState(VrrpState.Backup, TransitionReason.SyncGroup, ctx);
    }

    public void SyncFault(VrrpInstance initiator, EngineContext ctx)
    {
        foreach (var m in Members)
        {
            if (ReferenceEquals(m, initiator) || m.State == VrrpState.Fault) continue;
            m.Want = VrrpState.Fault;
            if (m.State == VrrpState.Master)
                m.LeaveMaster(sendPriorityZero: false, TransitionReason.SyncGroup);
            else
                m.LeaveFault(TransitionReason.SyncGroup);
        }
        if (State != VrrpState.Fault) SetState(VrrpState.Fault, TransitionReason.SyncGroup, ctx);
    }

    public void SetState(VrrpState state, TransitionReason reason, EngineContext ctx)
    {
        State = state;
        ctx.Emit(new Notify(NotifyScope.Group, Settings.Name, ToEvent(state), 0, ctx.NextTransitionId(), reason));
    }

    public static NotifyEvent ToEvent(VrrpState state) => state switch
    {
        VrrpState.Master => NotifyEvent.Master,
        VrrpState.Backup => NotifyEvent.Backup,
        VrrpState.Stop => NotifyEvent.Stop,
        VrrpState.Deleted => NotifyEvent.Deleted,
        _ => NotifyEvent.Fault,
    };
}
