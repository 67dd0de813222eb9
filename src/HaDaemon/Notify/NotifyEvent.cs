using HaDaemon.Scripts;

namespace HaDaemon.Notify;

/// <summary>What happened. The first five are states (scripts + FIFO); the last three are FIFO-only events.</summary>
public enum NotifyState
{
    Master,
    Backup,
    Fault,
    Stop,
    Deleted,

    /// <summary>A MASTER received a lower-priority advert: <c>notify_master_rx_lower_pri</c> script + FIFO line.</summary>
    MasterRxLowerPri,

    /// <summary>Effective priority changed while MASTER (<c>notify_priority_changes</c>): FIFO line only.</summary>
    MasterPriority,

    /// <summary>Effective priority changed while BACKUP (<c>notify_priority_changes</c>): FIFO line only.</summary>
    BackupPriority,
}

public enum NotifyTargetKind
{
    Instance,
    Group,
}

/// <summary>
/// The notify scripts configured on one vrrp_instance or vrrp_sync_group (null = not configured).
/// <see cref="NotifyDeleted"/> is the <c>notify_deleted</c> keyword: without it a DELETED instance is reported as FAULT.
/// <see cref="SmtpAlert"/> is the target's effective <c>smtp_alert</c>: its transitions are also mailed.
/// </summary>
public sealed record NotifyScripts(
    ScriptCommand? Master = null,
    ScriptCommand? Backup = null,
    ScriptCommand? Fault = null,
    ScriptCommand? Stop = null,
    ScriptCommand? Deleted = null,
    ScriptCommand? Generic = null,
    ScriptCommand? MasterRxLowerPri = null,
    bool NotifyDeleted = false,
    bool SmtpAlert = false)
{
    public static NotifyScripts None { get; } = new();

    /// <summary>The <c>notify_STATE</c> script for a state (keepalived's get_iscript/get_gscript).</summary>
    public ScriptCommand? SpecificFor(NotifyState state) => state switch
    {
        NotifyState.Master => Master,
        NotifyState.Backup => Backup,
        NotifyState.Fault => Fault,
        NotifyState.Stop => Stop,
        NotifyState.Deleted => Deleted,
        NotifyState.MasterRxLowerPri => MasterRxLowerPri,
        _ => null,
    };
}

/// <summary>
/// One transition (or event) to notify, as the host gets it from the engine. <see cref="Priority"/> is the effective
/// priority (ignored for groups, which always report 0). <see cref="TransitionId"/> reaches the scripts as
/// <c>HADAEMON_TRANSITION_ID</c> so logs of the daemon and of the scripts can be joined.
/// </summary>
public sealed record NotifyEvent(
    NotifyTargetKind Kind,
    string Name,
    NotifyState State,
    int Priority,
    long TransitionId,
    NotifyScripts Scripts)
{
    /// <summary>DELETED is reported as FAULT unless notify_deleted is set (keepalived's backward compatibility).</summary>
    public NotifyState ReportedState =>
        State == NotifyState.Deleted && !Scripts.NotifyDeleted ? NotifyState.Fault : State;

    public int ReportedPriority => Kind == NotifyTargetKind.Group ? 0 : Priority;

    /// <summary>Groups have no deleted or rx-lower-priority notifications in keepalived.</summary>
    public bool IsScriptState => ReportedState <= NotifyState.Deleted;
}
