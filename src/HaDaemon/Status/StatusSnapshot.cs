namespace HaDaemon.Status;

/// <summary>
/// Everything /status and /metrics show, copied on the event loop in one go (so both pages are consistent and
/// formatting happens off the loop). Plain data: the writers only format.
/// </summary>
public sealed record StatusSnapshot
{
    public required DaemonInfo Daemon { get; init; }
    public IReadOnlyList<InstanceSnapshot> Instances { get; init; } = [];
    public IReadOnlyList<SyncGroupSnapshot> SyncGroups { get; init; } = [];
    public IReadOnlyList<ScriptSnapshot> Scripts { get; init; } = [];
    /// <summary>How late after their timer adverts left the socket (seconds).</summary>
    public required HistogramSnapshot AdvertSendLateness { get; init; }
    /// <summary>From an advert's arrival on the receiving thread to the event loop handling it (seconds).</summary>
    public HistogramSnapshot AdvertReceiveDelay { get; init; } = HistogramSnapshot.Empty;
    /// <summary>From the moment the engine decided a transition to the moment its commands were carried out, by target state.</summary>
    public IReadOnlyDictionary<string, HistogramSnapshot> TransitionDuration { get; init; } = new Dictionary<string, HistogramSnapshot>();
    /// <summary>Adverts for a VRID no instance has on that interface (keepalived logs them with log_unknown_vrids).</summary>
    public long UnknownVridAdverts { get; init; }
}

public sealed record DaemonInfo(string Version, int ProcessId, string ConfigPath, DateTimeOffset Started, DateTimeOffset Now);

public sealed record InstanceSnapshot
{
    public required string Name { get; init; }
    public required int Vrid { get; init; }
    public required string Interface { get; init; }
    public required int Version { get; init; }
    public required bool Ipv6 { get; init; }
    public required bool Unicast { get; init; }
    /// <summary>INIT, BACKUP, MASTER, FAULT, STOP.</summary>
    public required string State { get; init; }
    /// <summary>keepalived's numbering (INIT 0, BACKUP 1, MASTER 2, FAULT 3) for keepalived_vrrp_state.</summary>
    public required int StateNumber { get; init; }
    public required string WantState { get; init; }
    public required int BasePriority { get; init; }
    public required int EffectivePriority { get; init; }
    /// <summary>The current master: ourselves while MASTER, the router we hear while BACKUP, null otherwise.</summary>
    public MasterSnapshot? Master { get; init; }
    public string? SyncGroup { get; init; }
    public TimeSpan AdvertInterval { get; init; }
    public TimeSpan GarpMasterDelay { get; init; }
    public IReadOnlyList<VipSnapshot> Vips { get; init; } = [];
    public IReadOnlyList<VipSnapshot> ExcludedVips { get; init; } = [];
    public IReadOnlyList<TrackerSnapshot> Trackers { get; init; } = [];
    public TransitionSnapshot? LastTransition { get; init; }
    public required Dumps.InstanceStatsDump Stats { get; init; }
    /// <summary>Rejected adverts by HaDaemon's own reason names (checksum, ttl, auth-password …), non-zero ones only.</summary>
    public IReadOnlyDictionary<string, long> Rejections { get; init; } = new Dictionary<string, long>();
    public long OtherMasterAdverts { get; init; }
    /// <summary>We are MASTER and another router advertised as master within the last master-down interval.</summary>
    public bool SplitBrain { get; init; }
    public IReadOnlyList<PeerSnapshot> Peers { get; init; } = [];
    /// <summary>The escaped iname/intf/vrid label set, when the collector has it ready (else /metrics makes it).</summary>
    public string? MetricLabels { get; init; }
}

public sealed record MasterSnapshot(string? Address, int Priority, bool Self, TimeSpan AdvertInterval);

/// <summary>A VIP with its prefix and device, and whether the kernel has it on that device right now.</summary>
/// <summary><see cref="Cidr"/> is keepalived-exporter's ip_address label: "ADDR/PREFIX".</summary>
public sealed record VipSnapshot(string Address, int PrefixLength, string Device, string Cidr, bool Present, string? MetricLabels = null);

/// <summary>One tracker of an instance: status (or file value), the priority it adds and whether it faults the instance.</summary>
public sealed record TrackerSnapshot(string Kind, string Name, int Weight, bool Reverse, string Status, long? Value, int Contribution, bool Fault);

public sealed record TransitionSnapshot(long Id, string From, string To, string Reason, int Priority, string? Peer, DateTimeOffset Time);

/// <summary>A router we received adverts from, with the IPv4 VRRPv3 checksum form it uses (interop diagnostics).</summary>
public sealed record PeerSnapshot(string Address, string Checksum, DateTimeOffset LastSeen);

public sealed record SyncGroupSnapshot(string Name, string State, IReadOnlyList<string> Members);

/// <summary>A vrrp_script: keepalived's GOOD/BAD verdict and its run state (idle, running, requested termination).</summary>
public sealed record ScriptSnapshot(string Name, bool Good, string Status, int StateNumber, string State);
