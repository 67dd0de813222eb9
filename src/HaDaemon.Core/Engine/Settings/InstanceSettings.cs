using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine.Settings;

/// <summary>The configured <c>state</c> keyword: what the instance wants at start, not what it is.</summary>
public enum InitialState : byte
{
    Backup,
    Master,
}

/// <summary>
/// One vrrp_instance after keepalived's config normalisation (keepalived.md §1.13): the host maps the parsed
/// keepalived.conf into this, so Core never sees config syntax. Immutable; a reload supplies a new one.
/// Defaults are keepalived's.
/// </summary>
public sealed record InstanceSettings
{
    public required string Name { get; init; }
    public required byte VirtualRouterId { get; init; }
    public VrrpVersion Version { get; init; } = VrrpVersion.V2;
    public AddressFamily Family { get; init; } = AddressFamily.InterNetwork;
    /// <summary>The interface the instance runs on (tracked with weight 0 unless <see cref="DontTrackPrimary"/>).</summary>
    public required string Interface { get; init; }
    /// <summary>Configured priority 1..255; 255 = address owner.</summary>
    public byte Priority { get; init; } = 100;
    /// <summary>v2: whole seconds 1..255; v3: whole centiseconds 1..4095 (the host rounds as keepalived does).</summary>
    public Duration AdvertInterval { get; init; } = Duration.FromSeconds(1L);
    public InitialState InitialState { get; init; } = InitialState.Backup;
    /// <summary>False = <c>nopreempt</c>.</summary>
    public bool Preempt { get; init; } = true;
    public Duration PreemptDelay { get; init; } = Duration.Zero;
    public bool Accept { get; init; } = true;
    public VrrpAuthType AuthType { get; init; } = VrrpAuthType.None;
    /// <summary>PASS password, at most 8 bytes (keepalived truncates); NUL-padded on the wire.</summary>
    public string AuthPassword { get; init; } = "";
    /// <summary><c>virtual_ipaddress</c>: carried in adverts, acquired as MASTER.</summary>
    public ImmutableArray<IPAddress> VirtualAddresses { get; init; } = [];
    /// <summary><c>virtual_ipaddress_excluded</c>: acquired as MASTER, not advertised.</summary>
    public ImmutableArray<IPAddress> ExcludedAddresses { get; init; } = [];
    /// <summary>VIPs/eVIPs flagged <c>no_track</c>: their external removal does not end MASTER.</summary>
    public ImmutableArray<IPAddress> NoTrackAddresses { get; init; } = [];
    /// <summary>Empty = multicast to <see cref="MulticastGroup"/>.</summary>
    public ImmutableArray<UnicastPeer> UnicastPeers { get; init; } = [];
    /// <summary>Multicast destination; null = 224.0.0.18 / ff02::12 by family.</summary>
    public IPAddress? MulticastGroup { get; init; }
    /// <summary>Our source (primary) address, used for the equal-priority tie-break. Null = unknown (never wins a tie).</summary>
    public IPAddress? PrimaryAddress { get; init; }
    /// <summary>Non-RFC: replaces the 3 in Master_Down_Interval (1..100).</summary>
    public int DownTimerAdverts { get; init; } = 3;
    public bool LowerPrioNoAdvert { get; init; }
    public bool HigherPrioSendAdvert { get; init; }
    public bool OwnerIgnoreAdverts { get; init; }
    public bool SkipCheckAdvertAddresses { get; init; }
    public bool CheckUnicastSource { get; init; }
    /// <summary>keepalived ≤ 2.3.2 rejects adverts whose VIP list differs; ≥ 2.3.3 (RFC 9568) only counts it (default).</summary>
    public bool RejectAddressListMismatch { get; init; }
    public Duration GarpMasterDelay { get; init; } = Duration.FromSeconds(5L);
    public int GarpMasterRepeat { get; init; } = 5;
    public Duration GarpMasterRefresh { get; init; } = Duration.Zero;
    public int GarpMasterRefreshRepeat { get; init; } = 1;
    public Duration GarpLowerPrioDelay { get; init; } = Duration.FromSeconds(5L);
    public int GarpLowerPrioRepeat { get; init; } = 5;
    public bool NotifyPriorityChanges { get; init; }
    /// <summary>With <c>notify_deleted</c> a removed instance reports DELETED, otherwise FAULT (keepalived's default).</summary>
    public bool NotifyDeleted { get; init; }
    public ImmutableArray<TrackedItem> Trackers { get; init; } = [];
    public bool DontTrackPrimary { get; init; }
    /// <summary>
    /// Interfaces carrying this instance's VIPs/eVIPs/routes (<c>dev</c>, other than <see cref="Interface"/>) that are not
    /// <c>no_track</c>: keepalived faults the instance while one is down.
    /// </summary>
    public ImmutableArray<string> TrackedAddressInterfaces { get; init; } = [];
    /// <summary><c>strict_mode</c> / <c>vrrp_strict</c>: the engine-relevant restrictions are applied by <see cref="Normalised"/>.</summary>
    public bool StrictMode { get; init; }
    /// <summary>
    /// keepalived's num_config_faults: why the configuration itself keeps the instance in FAULT (e.g.
    /// <c>unicast_fault_no_peer</c> without peers). Non-empty = FAULT from start until a reload clears it.
    /// </summary>
    public ImmutableArray<string> ConfigFaults { get; init; } = [];

    public bool HasConfigFault => !ConfigFaults.IsDefaultOrEmpty;

    public bool IsOwner => Priority == 255;
    public bool IsUnicast => !UnicastPeers.IsDefaultOrEmpty;

    public IPAddress EffectiveMulticastGroup => MulticastGroup
        ?? (Family == AddressFamily.InterNetworkV6 ? IPAddress.Parse("ff02::12") : IPAddress.Parse("224.0.0.18"));

    /// <summary>Problems that would make the engine's arithmetic wrong; the config layer should never produce them.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (VirtualRouterId == 0) problems.Add($"{Name}: virtual_router_id must be 1..255");
        if (Priority == 0) problems.Add($"{Name}: priority must be 1..255");
        if (Version == VrrpVersion.V2)
        {
            if (AdvertInterval.Ticks % Duration.TicksPerSecond != 0 || AdvertInterval < Duration.FromSeconds(1L) || AdvertInterval > Duration.FromSeconds(255L))
                problems.Add($"{Name}: a VRRPv2 advert interval must be whole seconds 1..255, got {AdvertInterval}");
            if (Family == AddressFamily.InterNetworkV6) problems.Add($"{Name}: IPv6 needs VRRPv3");
        }
        else if (AdvertInterval.Ticks % Duration.TicksPerCentisecond != 0 || AdvertInterval < Duration.FromCentiseconds(1) || AdvertInterval > Duration.FromCentiseconds(4095))
        {
            problems.Add($"{Name}: a VRRPv3 advert interval must be whole centiseconds 0.01..40.95 s, got {AdvertInterval}");
        }
        if (DownTimerAdverts is < 1 or > 100) problems.Add($"{Name}: down_timer_adverts must be 1..100");
        if (System.Text.Encoding.UTF8.GetByteCount(AuthPassword) > 8) problems.Add($"{Name}: auth_pass longer than 8 bytes");
        if (GarpMasterRepeat < 0 || GarpMasterRefreshRepeat < 0 || GarpLowerPrioRepeat < 0) problems.Add($"{Name}: negative GARP repeat");
        foreach (var a in VirtualAddresses)
            if (a.AddressFamily != Family) problems.Add($"{Name}: VIP {a} is not of the instance's family");
        return problems;
    }

    /// <summary>
    /// The behaviour-affecting parts of keepalived's vrrp_complete_instance (keepalived.md §1.13, §2.10), applied again
    /// by the engine so that a mapper forgetting one cannot change protocol behaviour: strict mode forces
    /// lower_prio_no_advert, no lower-priority GARPs, no higher_prio_send_advert, no preempt_delay and the owner
    /// ignoring adverts; nopreempt is impossible for the owner; nopreempt/preempt_delay are ignored with state MASTER.
    /// Idempotent.
    /// </summary>
    public InstanceSettings Normalised()
    {
        var s = this;
        if (s.StrictMode)
            s = s with
            {
                LowerPrioNoAdvert = true,
                GarpLowerPrioRepeat = 0,
                HigherPrioSendAdvert = false,
                PreemptDelay = Duration.Zero,
                OwnerIgnoreAdverts = true,
            };
        if (s.IsOwner && !s.Preempt) s = s with { Preempt = true };
        if (s.InitialState == InitialState.Master && (!s.Preempt || s.PreemptDelay > Duration.Zero))
            s = s with { Preempt = true, PreemptDelay = Duration.Zero };
        return s;
    }

    /// <summary>The advert interval in the wire unit of <see cref="Version"/> (v2 seconds, v3 centiseconds).</summary>
    public ushort WireAdvertInterval => Version == VrrpVersion.V2
        ? (ushort)(AdvertInterval.Ticks / Duration.TicksPerSecond)
        : (ushort)(AdvertInterval.Ticks / Duration.TicksPerCentisecond);
}
