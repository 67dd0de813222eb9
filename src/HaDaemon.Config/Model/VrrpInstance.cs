using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Model;

/// <summary><c>unicast_peer { IP [min_ttl N] [max_ttl N] }</c> entry.</summary>
public sealed record UnicastPeer(string Address, int? MinTtl, int? MaxTtl, SourceLocation Location);

/// <summary><c>use_vmac [[name] IFNAME] [MAC]</c>: a macvlan in private mode carries the instance.</summary>
public sealed record VmacSpec(string? InterfaceName, string? MacAddress, bool XmitBase);

/// <summary>
/// A <c>vrrp_instance</c> after keepalived's vrrp_complete_instance normalisation (§1.13): every value here is
/// the one the protocol engine must use; nothing is "unset".
/// </summary>
public sealed record VrrpInstance(
    string Name,
    SourceLocation Location,
    string? Interface,
    int VirtualRouterId,
    int Priority,
    InitialState InitialState,
    int Version,
    AddressFamily Family,
    TimeSpan AdvertInterval,
    bool StrictMode,
    bool Accept,
    bool Preempt,
    TimeSpan PreemptDelay,
    IReadOnlyList<IpAddressSpec> VirtualIpAddresses,
    IReadOnlyList<IpAddressSpec> ExcludedIpAddresses,
    IReadOnlyList<RouteSpec> VirtualRoutes,
    IReadOnlyList<RuleSpec> VirtualRules,
    AuthenticationType AuthType,
    /// <summary>At most 8 bytes (PASS is NUL-padded on the wire; AH uses it as the HMAC key).</summary>
    string? AuthPassword,
    string? SourceAddress,
    /// <summary>Multicast destination for multicast instances; null for unicast.</summary>
    string? MulticastGroup,
    bool Unicast,
    IReadOnlyList<UnicastPeer> UnicastPeers,
    bool UnicastFaultNoPeer,
    bool CheckUnicastSource,
    /// <summary>IP TTL / hop limit to send with; null = kernel default (IPv6 unicast without <c>unicast_ttl</c>).</summary>
    int? Ttl,
    bool TrackSourceIp,
    bool OldUnicastChecksum,
    bool OldUnicastChecksumNever,
    bool V3ChecksumAsV2,
    IReadOnlyList<TrackerReference> TrackInterfaces,
    IReadOnlyList<TrackerReference> TrackScripts,
    IReadOnlyList<TrackerReference> TrackFiles,
    IReadOnlyList<TrackerReference> TrackProcesses,
    bool DontTrackPrimary,
    NotifyScripts Notify,
    bool SmtpAlert,
    bool NotifyPriorityChanges,
    VmacSpec? Vmac,
    bool PromoteSecondaries,
    TimeSpan GarpMasterDelay,
    int GarpMasterRepeat,
    TimeSpan GarpMasterRefresh,
    int GarpMasterRefreshRepeat,
    TimeSpan GarpLowerPriorityDelay,
    int GarpLowerPriorityRepeat,
    TimeSpan GarpExtraInterfaceInterval,
    bool GarpExtraAllInterfaces,
    bool LowerPriorityNoAdvert,
    bool HigherPrioritySendAdvert,
    bool OwnerIgnoreAdverts,
    int DownTimerAdverts,
    bool SkipCheckAdvertAddresses,
    /// <summary><c>timer_expired_backup</c>: null = off, 0 = go BACKUP keeping the priority, else the priority to use.</summary>
    int? TimerExpiredBackupPriority,
    string? SyncGroup,
    /// <summary>Reasons keepalived starts this instance in FAULT (e.g. unicast_fault_no_peer without peers).</summary>
    IReadOnlyList<string> ConfigFaults)
{
    public bool IsAddressOwner => Priority == 255;
}
