using System.Net;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine;

/// <summary>
/// What the engine asks the outside world to do. The host executes them in queue order (order matters:
/// on becoming MASTER the advert precedes the address acquisition, which precedes the GARP burst).
/// </summary>
public abstract record EngineCommand;

/// <summary>Send <see cref="Advert"/> from <see cref="Source"/> on <see cref="Interface"/>: one copy per destination.</summary>
public sealed record SendAdvert(
    string Instance,
    string Interface,
    IPAddress? Source,
    VrrpAdvert Advert,
    bool Multicast,
    IReadOnlyList<IPAddress> Destinations,
    /// <summary>When the timer that sends this advert was due (null for adverts sent in reply or at stop): the
    /// host measures how late adverts leave against it.</summary>
    Instant? Due = null) : EngineCommand
{
    /// <summary>auth_type AH: wrap the advert in IPsec AH with this sequence number and key. Null otherwise.</summary>
    public AuthenticationHeaderSeal? Authentication { get; init; }
}

/// <summary>
/// What the host needs to wrap one advert in keepalived's IPsec AH: the sequence number the instance assigned (the
/// same for every destination of the advert, as keepalived) and the 8-byte HMAC-MD5 key (auth_pass NUL-padded).
/// The IP identification, also inside the ICV, is the host's (<see cref="Packets.VrrpEncoder.EncodeIpv4AuthenticatedPacket"/>).
/// </summary>
public sealed record AuthenticationHeaderSeal(uint SequenceNumber, ReadOnlyMemory<byte> Key);

/// <summary>
/// Add addresses. <see cref="Addresses"/> null = everything the instance owns as MASTER (VIPs, eVIPs,
/// virtual routes and rules, accept-mode firewall rules): the host knows their details from the config.
/// Non-null (reload diff) = exactly these VIPs/eVIPs.
/// </summary>
public sealed record AcquireAddresses(string Instance, IReadOnlyList<IPAddress>? Addresses = null) : EngineCommand;

/// <summary>Remove addresses; same convention as <see cref="AcquireAddresses"/> (routes and rules go first).</summary>
public sealed record ReleaseAddresses(string Instance, IReadOnlyList<IPAddress>? Addresses = null) : EngineCommand;

/// <summary>
/// Send <see cref="Repeat"/> gratuitous ARPs / unsolicited NAs for each address, now. Spacing them by
/// vrrp_garp_interval / vrrp_gna_interval is the host's job.
/// </summary>
public sealed record SendGratuitous(string Instance, IReadOnlyList<IPAddress> Addresses, int Repeat) : EngineCommand;

public enum NotifyScope : byte
{
    Instance,
    Group,
}

/// <summary>What a notify reports: a state (notify_* scripts, <c>notify</c>, FIFO) or a FIFO-only event.</summary>
public enum NotifyEvent : byte
{
    Master,
    Backup,
    Fault,
    Stop,
    Deleted,
    MasterRxLowerPriority,
    MasterPriority,
    BackupPriority,
}

/// <summary>
/// Run the notify chain for an instance or group: specific script, then <c>notify</c> with its 4 arguments, then the
/// FIFO line. Priority is the effective priority (0 for groups). Transitions share their id with StateChanged.
/// </summary>
public sealed record Notify(NotifyScope Scope, string Name, NotifyEvent Event, byte Priority, long TransitionId, TransitionReason Reason) : EngineCommand;

/// <summary>What a MASTER made of another router's advert (keepalived's vrrp_state_master_rx cases).</summary>
public enum HeardAdvert : byte
{
    /// <summary>Lower priority (or equal with a lower address): we re-assert ourselves with an advert and GARPs.</summary>
    LowerPriority,
    /// <summary>The same, with lower_prio_no_advert: no advert in reply.</summary>
    LowerPriorityQuiet,
    /// <summary>Higher priority: we yield.</summary>
    HigherPriority,
    /// <summary>Equal priority, higher address: we yield.</summary>
    SamePriorityHigherAddress,
    /// <summary>Equal priority from a host using our own primary address.</summary>
    OwnAddress,
    /// <summary>Another router also claims 255 (address owner); reported once per conflict.</summary>
    OwnerConflict,
    /// <summary>The rival owner kept advertising after two of our adverts: we reduce ourselves to 254.</summary>
    OwnerStillAdvertising,
}

/// <summary>
/// A MASTER heard another router's advert and what it made of it. Only for the log: keepalived logs each case, and
/// operators' log alerts (duplicate master, lost election) match its wording.
/// </summary>
public sealed record MasterHeardAdvert(string Instance, IPAddress Peer, byte PeerPriority, byte OurPriority, HeardAdvert Verdict)
    : EngineCommand;

/// <summary>The priority sent in adverts changed (tracking, owner yield): keepalived logs "Changing effective priority".</summary>
public sealed record PriorityChanged(string Instance, byte From, byte To) : EngineCommand;

/// <summary>A vrrp_script's rise/fall verdict changed (or was first reached): keepalived logs "VRRP_Script(NAME) …".</summary>
public sealed record ScriptStatusChanged(string Script, bool Good) : EngineCommand;

/// <summary>One line for the log and the status page: an instance moved from one state to another.</summary>
public sealed record StateChanged(string Instance, VrrpState From, VrrpState To, TransitionReason Reason, byte Priority, long TransitionId) : EngineCommand;
