namespace HaDaemon.Dumps;

/// <summary>keepalived's state numbers (vrrp.h): the JSON dump writes them as numbers.</summary>
public enum DumpVrrpState
{
    Init = 0,
    Backup = 1,
    Master = 2,
    Fault = 3,
}

public enum DumpAuthType
{
    None = 0,
    Password = 1,
    Ah = 2,
}

/// <summary>
/// Everything the USR1/USR2/JSON dumps print, as plain data. The host fills it from the engine and the config;
/// the writers only format. Times are wall-clock (keepalived prints gettimeofday values).
/// </summary>
public sealed record DumpSnapshot
{
    public GlobalDumpInfo Global { get; init; } = new();

    public IReadOnlyList<InstanceDump> Instances { get; init; } = [];

    public IReadOnlyList<SyncGroupDump> SyncGroups { get; init; } = [];

    public IReadOnlyList<ScriptDump> Scripts { get; init; } = [];
}

/// <summary>The part of keepalived's "Global definitions" section HaDaemon reports.</summary>
public sealed record GlobalDumpInfo
{
    public string? NetworkNamespace { get; init; }

    public string? RouterId { get; init; }
}

/// <summary>The per-instance counters of the USR2 dump (keepalived's vrrp_stats).</summary>
public sealed record InstanceStatsDump
{
    public ulong AdvertReceived { get; init; }
    public ulong AdvertSent { get; init; }
    public ulong BecameMaster { get; init; }
    public ulong ReleasedMaster { get; init; }
    public ulong PacketLengthErrors { get; init; }
    public ulong TtlErrors { get; init; }
    public ulong InvalidTypeReceived { get; init; }
    public ulong AdvertIntervalErrors { get; init; }
    public ulong AddressListErrors { get; init; }
    public ulong InvalidAuthType { get; init; }
    public ulong AuthTypeMismatch { get; init; }
    public ulong AuthFailure { get; init; }
    public ulong PriorityZeroReceived { get; init; }
    public ulong PriorityZeroSent { get; init; }
}

/// <summary>A virtual (or excluded) address, printed like keepalived's format_ipaddress().</summary>
public sealed record VipDump(string Address, int PrefixLength, string Device)
{
    public bool IsIpv6 => Address.Contains(':', StringComparison.Ordinal);

    public string? Broadcast { get; init; }

    public string Scope { get; init; } = "global";

    public string? Label { get; init; }

    public bool NoTrack { get; init; }

    /// <summary>IPv6 only: "forever", "deprecated" or a number of seconds; null prints nothing.</summary>
    public string? PreferredLifetime { get; init; }

    /// <summary>The address is currently installed (keepalived's ip_addr->set).</summary>
    public bool Installed { get; init; }
}

/// <summary>A tracker reference on an instance: "NAME weight W [reverse]".</summary>
public sealed record TrackedDump(string Name, int Weight, bool Reverse = false);

/// <summary>A tracked script on an instance; <see cref="Command"/> (cmd_str) goes into the JSON dump.</summary>
public sealed record TrackedScriptDump(string Name, string Command, int Weight, bool Reverse = false);

/// <summary>A notify script as the dumps print it.</summary>
public sealed record NotifyScriptDump(string Command, uint Uid = 0, uint Gid = 0);

public sealed record UnicastPeerDump(string Address, int MinTtl = 0, int MaxTtl = 255);

public sealed record InstanceDump
{
    public required string Name { get; init; }
    public int Version { get; init; } = 2;
    public string? SyncGroup { get; init; }
    public bool Ipv6 { get; init; }
    public DumpVrrpState State { get; init; }
    public DumpVrrpState WantState { get; init; }

    /// <summary>BACKUP only: the master's address, priority and (v3) advert interval.</summary>
    public string MasterRouter { get; init; } = "0.0.0.0";
    public int MasterPriority { get; init; }
    public TimeSpan MasterAdvertInterval { get; init; }

    public bool Unicast { get; init; }
    public bool UnicastFaultNoPeer { get; init; }
    public uint ConfigFaults { get; init; }
    public uint InterfaceAndScriptFaults { get; init; }
    public uint ScriptsInInit { get; init; }
    public DateTimeOffset LastTransition { get; init; }

    /// <summary>Next timer expiry; null prints "DISABLED".</summary>
    public DateTimeOffset? ReadTimeout { get; init; }
    public uint MasterDownTimerMicroseconds { get; init; }
    public string? Interface { get; init; }

    /// <summary>use_vmac: the VMAC's name (keepalived's ifp then is the VMAC, on <see cref="Interface"/>); null without.</summary>
    public string? Vmac { get; init; }

    /// <summary>Whether the VMAC exists (keepalived's VRRP_VMAC_UP_BIT).</summary>
    public bool VmacUp { get; init; }

    public bool VmacXmitBase { get; init; }
    public bool DontTrackPrimary { get; init; }
    public bool SkipCheckAdvertAddresses { get; init; }
    public bool StrictMode { get; init; }
    public string? SourceAddress { get; init; }
    public bool SourceAddressFromConfig { get; init; }
    public string? MulticastGroup { get; init; } = "224.0.0.18";
    public uint MulticastIfIndex { get; init; }
    public TimeSpan GarpDelay { get; init; } = TimeSpan.FromSeconds(5);
    public uint GarpRepeat { get; init; } = 5;
    public uint GarpRefreshSeconds { get; init; }
    public uint GarpRefreshRepeat { get; init; } = 1;
    public uint GarpLowerPriorityDelaySeconds { get; init; } = 5;
    public uint GarpLowerPriorityRepeat { get; init; } = 5;
    public uint DownTimerAdverts { get; init; } = 3;
    public bool LowerPriorityNoAdvert { get; init; }
    public bool HigherPrioritySendAdvert { get; init; }
    public int Vrid { get; init; }
    public int BasePriority { get; init; }
    public int EffectivePriority { get; init; }
    public int TotalPriority { get; init; }
    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);
    public bool Accept { get; init; }
    public bool NoPreempt { get; init; }
    public TimeSpan PreemptDelay { get; init; }
    public bool PromoteSecondaries { get; init; }
    public DumpAuthType AuthType { get; init; }
    public string AuthPassword { get; init; } = string.Empty;
    public bool VipsInstalled { get; init; }
    public IReadOnlyList<VipDump> Vips { get; init; } = [];
    public IReadOnlyList<VipDump> ExcludedVips { get; init; } = [];
    public int? UnicastTtl { get; init; }
    public bool CheckUnicastSource { get; init; }
    public IReadOnlyList<UnicastPeerDump> UnicastPeers { get; init; } = [];

    /// <summary>Socket descriptors (fd_in, fd_out); null prints "No sockets allocated".</summary>
    public (int In, int Out)? Sockets { get; init; }
    public IReadOnlyList<TrackedDump> TrackedInterfaces { get; init; } = [];
    public IReadOnlyList<TrackedScriptDump> TrackedScripts { get; init; } = [];
    public IReadOnlyList<TrackedDump> TrackedFiles { get; init; } = [];
    public IReadOnlyList<TrackedDump> TrackedProcesses { get; init; } = [];
    public bool SmtpAlert { get; init; }
    public bool NotifyDeleted { get; init; }
    public NotifyScriptDump? NotifyBackup { get; init; }
    public NotifyScriptDump? NotifyMaster { get; init; }
    public NotifyScriptDump? NotifyFault { get; init; }
    public NotifyScriptDump? NotifyStop { get; init; }
    public NotifyScriptDump? NotifyDeletedScript { get; init; }
    public NotifyScriptDump? Notify { get; init; }
    public NotifyScriptDump? NotifyMasterRxLowerPri { get; init; }
    public bool NotifyPriorityChanges { get; init; }
    public InstanceStatsDump Stats { get; init; } = new();
}

public sealed record SyncGroupDump
{
    public required string Name { get; init; }
    public DumpVrrpState State { get; init; }
    public uint MembersInFault { get; init; }
    public uint MembersInInit { get; init; }
    public IReadOnlyList<string> Members { get; init; } = [];
    public bool SmtpAlert { get; init; }
}

/// <summary>A vrrp_script with its rise/fall counter state (from the engine) and run state (from the scheduler).</summary>
public sealed record ScriptDump
{
    public required string Name { get; init; }
    public required string Command { get; init; }
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan Timeout { get; init; }
    public int Weight { get; init; }
    public bool WeightReverse { get; init; }
    public int Rise { get; init; } = 1;
    public int Fall { get; init; } = 1;
    public int Result { get; init; }
    public bool Insecure { get; init; }

    /// <summary>"INIT", "INIT/FAILED", "INIT/RELOAD" or "unknown" (= done initialising), as keepalived prints it.</summary>
    public string InitState { get; init; } = "unknown";
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public IReadOnlyList<TrackedDump> TrackingInstances { get; init; } = [];
    public HaDaemon.Scripts.TrackScriptState RunState { get; init; }
}
