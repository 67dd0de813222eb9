namespace HaDaemon.Core.Engine;

/// <summary>keepalived's instance states (numbering as keepalived's JSON dump: INIT 0, BACKUP 1, MASTER 2, FAULT 3).</summary>
public enum VrrpState : byte
{
    Init = 0,
    Backup = 1,
    Master = 2,
    Fault = 3,
    Stop = 97,
    Deleted = 98,
}

/// <summary>Why a transition (or a notify event) happened; the host logs it, /status shows the last one.</summary>
public enum TransitionReason : byte
{
    Startup,
    /// <summary>Address owner (priority 255) takes MASTER at start.</summary>
    OwnerStartup,
    /// <summary>No advert within Master_Down_Interval (or Skew_Time after a priority-0 advert).</summary>
    MasterDownTimerExpired,
    HigherPriorityAdvert,
    EqualPriorityHigherAddress,
    TrackerFault,
    TrackerRecovered,
    /// <summary>Moved by its sync group, not by its own events.</summary>
    SyncGroup,
    /// <summary>A VIP was removed from the interface behind our back.</summary>
    AddressRemoved,
    Shutdown,
    /// <summary>Removed from the configuration by a reload.</summary>
    Reload,
    /// <summary>A MASTER heard a lower priority advert (notify MASTER_RX_LOWER_PRI).</summary>
    LowerPriorityAdvert,
    /// <summary>The effective priority changed (MASTER_PRIORITY / BACKUP_PRIORITY events).</summary>
    PriorityChanged,
    /// <summary>The configuration holds the instance in FAULT (keepalived's num_config_faults, e.g. unicast_fault_no_peer).</summary>
    ConfigFault,
    /// <summary>A tracked virtual route or rule was deleted behind our back (keepalived's netlink_route/rule_filter).</summary>
    RoutingRemoved,
}
