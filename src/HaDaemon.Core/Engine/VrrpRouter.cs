using System.Net;
using System.Net.Sockets;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Engine.Tracking;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine;

/// <summary>
/// The sans-I/O VRRP engine of one node: all its instances and sync groups. Feed it events stamped with an
/// <see cref="Instant"/>; drain the commands it queues (<see cref="TryPollCommand"/>); call
/// <see cref="HandleTimeout"/> when the clock reaches <see cref="NextDeadline"/>. Not thread-safe: one caller.
/// </summary>
public sealed partial class VrrpRouter
{
    private readonly EngineContext _ctx = new();
    private readonly List<VrrpInstance> _instances = [];
    private readonly List<SyncGroup> _groups = [];
    /// <summary>Instances by what an incoming advert names (interface, family, VRID), in configuration order.</summary>
    private readonly Dictionary<(string Interface, AddressFamily Family, byte Vrid), List<VrrpInstance>> _byVrid = [];
    /// <summary>Scratch list of HandleTimeout (not re-entrant), kept to avoid an allocation per timer.</summary>
    private readonly List<VrrpInstance> _due = [];

    /// <exception cref="ArgumentException">The settings are inconsistent (the config layer must prevent this).</exception>
    public VrrpRouter(RouterSettings settings)
    {
        settings = Normalise(settings);
        ThrowIfInvalid(settings);
        Settings = settings;
        _ctx.Board.Configure(settings);
        BuildInstances(settings, keep: null);
    }

    public RouterSettings Settings { get; private set; }

    /// <summary>The instant of the last input the router handled: inputs must not go back before it.</summary>
    public Instant LastInputTime => _ctx.Now;
    public bool IsStarted { get; private set; }
    public bool IsStopped { get; private set; }
    /// <summary>The startup delay <see cref="Start"/> applied (zero = none); the host logs it.</summary>
    public Duration StartupDelay { get; private set; }

    /// <summary>When the startup delay ends: no instance is MASTER before (<see cref="Instant.Zero"/> = no delay).</summary>
    public Instant StartupDelayEnds => _ctx.DelayedStartUntil;

    /// <summary>The longer of vrrp_startup_delay and what is left of vrrp_delay_after_boot (keepalived ≥ 2.4.0).</summary>
    public static Duration StartupDelayFor(RouterSettings settings, Duration? sinceBoot)
    {
        var delay = settings.StartupDelay;
        if (sinceBoot is { } up && settings.DelayAfterBoot > up && settings.DelayAfterBoot - up > delay)
            delay = settings.DelayAfterBoot - up;
        return delay;
    }

    /// <summary>Adverts for a VRID no instance has (keepalived's log_unknown_vrids).</summary>
    public long UnknownVirtualRouterAdverts { get; private set; }

    /// <summary>The earliest pending timer, <see cref="Instant.Never"/> when idle.</summary>
    public Instant NextDeadline
    {
        get
        {
            if (!IsStarted || IsStopped) return Instant.Never;
            return _ctx.Deadlines.Peek();
        }
    }

    /// <summary>The reference for <see cref="NextDeadline"/>: a scan of every instance (tests compare the two).</summary>
    internal Instant NextDeadlineByScan()
    {
        if (!IsStarted || IsStopped) return Instant.Never;
        var next = Instant.Never;
        foreach (var i in _instances) next = Instant.Min(next, i.NextDeadline);
        return next;
    }

    // ------------------------------------------------------------------ lifecycle

    /// <summary>
    /// Chooses every instance's first state (keepalived vrrp_init_state). Report interface states, file values and
    /// process counts before calling this; scripts report when they have run.
    /// </summary>
    /// <param name="sinceBoot">How long the system has been up (for <see cref="RouterSettings.DelayAfterBoot"/>);
    /// null = unknown, and that delay is ignored (keepalived: "Unable to read /proc/uptime ... ignoring").</param>
    public void Start(Instant now, Duration? sinceBoot = null)
    {
        if (IsStarted) return;
        _ctx.Now = now;
        IsStarted = true;
        StartupDelay = StartupDelayFor(Settings, sinceBoot);
        if (StartupDelay > Duration.Zero) _ctx.DelayedStartUntil = now + StartupDelay;
        StartInstances(_instances, _groups);
        HandleTimeout(now);
    }

    private void StartInstances(IEnumerable<VrrpInstance> instances, IEnumerable<SyncGroup> groups)
    {
        var list = instances.ToList();
        foreach (var i in list) i.PrimeTracking(_ctx.Board);
        foreach (var g in groups) InitialiseGroupState(g);
        foreach (var i in list) i.Start();
    }

    /// <summary>vrrp_sync_set_group: MASTER only if every member is an owner wanting MASTER; FAULT if one is faulty.</summary>
    private void InitialiseGroupState(SyncGroup g)
    {
        g.State = g.Members.Count > 0 && g.Members.TrueForAll(m => m.Settings.IsOwner && m.Want == VrrpState.Master)
            ? VrrpState.Master
            : VrrpState.Backup;
        if (g.Members.Exists(m => m.Faulted)) g.State = VrrpState.Fault;
        if (g.State is VrrpState.Fault or VrrpState.Backup)
            g.SetState(g.State, TransitionReason.Startup, _ctx);
    }

    /// <summary>SIGTERM: masters send priority 0 and release their addresses; every instance and group reports STOP.</summary>
    public void Shutdown(Instant now)
    {
        if (IsStopped) return;
        _ctx.Now = now;
        IsStopped = true;
        foreach (var i in _instances) i.Stop();
        foreach (var g in _groups)
        {
            g.State = VrrpState.Stop;
            g.SetState(VrrpState.Stop, TransitionReason.Shutdown, _ctx);
        }
    }

    /// <summary>Runs every timer due at or before <paramref name="now"/>, in time order.</summary>
    public void HandleTimeout(Instant now)
    {
        if (!IsStarted || IsStopped) return;
        _ctx.Now = now;
        // Due timers run in deadline order, but at "now" (keepalived's time_now): a host that wakes late re-arms from
        // the present instead of replaying every missed advert. Each run re-arms after now, so this terminates; the
        // cap only guards against a future bug looping forever.
        var due = _due;
        for (var guard = 0; guard < 1_000; guard++)
        {
            due.Clear();
            // In (deadline, configuration index) order: equal deadlines keep configuration order.
            _ctx.Deadlines.TakeDue(now, due);
            if (due.Count == 0) return;
            // An earlier instance of this pass may have moved a later one's deadline (sync groups).
            foreach (var i in due)
                if (i.NextDeadline <= now) i.RunDue();
        }
        due.Clear();
    }

    // ------------------------------------------------------------------ adverts

    /// <summary>An advert that passed the codec's checks. Instance checks, statistics and the state machine run here.</summary>
    public AdvertResult HandleAdvert(Instant now, ReceivedAdvert advert)
    {
        if (!IsStarted || IsStopped) return new AdvertResult(AdvertOutcome.Ignored, AdvertRejection.None, null);
        _ctx.Now = now;
        var instance = FindInstance(advert.Interface, advert.Advert.VirtualRouterId, advert.Source.AddressFamily, advert.Source,
            IsMulticast(advert.Destination));
        if (instance is null)
        {
            UnknownVirtualRouterAdverts++;
            return new AdvertResult(AdvertOutcome.UnknownInstance, AdvertRejection.UnknownVirtualRouterId, null);
        }
        return instance.Receive(advert);
    }

    /// <summary>Counts a codec rejection against the instance it was meant for (keepalived's per-instance error stats).</summary>
    /// <summary>Counts an advert the codec refused against its instance; returns that instance's name (null: no such VRID).</summary>
    public string? RecordRejectedAdvert(string interfaceName, byte virtualRouterId, AddressFamily family, IPAddress? source, AdvertRejection reason)
    {
        var instance = FindInstance(interfaceName, virtualRouterId, family, source);
        if (instance is null) UnknownVirtualRouterAdverts++;
        else instance.Statistics.Reject(reason);
        return instance?.Name;
    }

    /// <summary>
    /// The instance an advert is for: same interface, family and VRID; when a multicast and unicast instances share the
    /// VRID, the destination decides, and among unicast ones the instance listing the source as a peer.
    /// </summary>
    private VrrpInstance? FindInstance(string interfaceName, byte vrid, AddressFamily family, IPAddress? source, bool? multicastDestination = null)
    {
        if (!_byVrid.TryGetValue((interfaceName, family, vrid), out var candidates)) return null;
        VrrpInstance? multicast = null, unicast = null, unicastFromPeer = null;
        foreach (var i in candidates)
        {
            var s = i.Settings;
            if (!s.IsUnicast) multicast ??= i;
            else if (source is not null && ListsPeer(s, source)) unicastFromPeer ??= i;
            else unicast ??= i;
        }
        var anyUnicast = unicastFromPeer ?? unicast;
        return multicastDestination switch
        {
            true => multicast ?? anyUnicast,
            false => anyUnicast ?? multicast,
            null => anyUnicast ?? multicast,
        };
    }

    private static bool ListsPeer(InstanceSettings s, IPAddress source)
    {
        foreach (var p in s.UnicastPeers)
            if (p.Address.Equals(source)) return true;
        return false;
    }

    // ------------------------------------------------------------------ tracking inputs

    /// <summary>One exit of a vrrp_script: 0 = success; non-zero, signal or timeout = failure.</summary>
    public void ScriptResult(Instant now, string script, bool success)
    {
        var counter = _ctx.Board.Script(script);
        if (counter is null || !counter.Report(success)) return;
        _ctx.Emit(new ScriptStatusChanged(script, counter.Status == ScriptStatus.Ok));
        Reevaluate(now, t => t.Kind == TrackerKind.Script && t.Name == script);
    }

    public void InterfaceState(Instant now, string interfaceName, bool up)
    {
        if (_ctx.Board.SetInterface(interfaceName, up))
            Reevaluate(now, t => t.Kind == TrackerKind.Interface && t.Name == interfaceName);
    }

    /// <summary>The integer now in a track_file (keepalived reads it with strtol; unreadable = 0).</summary>
    public void FileValue(Instant now, string file, long value)
    {
        if (_ctx.Board.SetFile(file, value))
            Reevaluate(now, t => t.Kind == TrackerKind.File && t.Name == file);
    }

    public void ProcessCount(Instant now, string process, int count)
    {
        if (_ctx.Board.SetProcessCount(process, count))
            Reevaluate(now, t => t.Kind == TrackerKind.Process && t.Name == process);
    }

    /// <summary>
    /// An address disappeared from an interface without us removing it. A MASTER owning it as a tracked VIP/eVIP
    /// falls back to BACKUP (and will normally retake MASTER after the down timer, re-adding it).
    /// </summary>
    public void AddressRemoved(Instant now, IPAddress address)
    {
        if (!IsStarted || IsStopped) return;
        _ctx.Now = now;
        foreach (var i in _instances.ToList())
        {
            var s = i.Settings;
            if ((s.VirtualAddresses.Contains(address) || s.ExcludedAddresses.Contains(address)) && !s.NoTrackAddresses.Contains(address))
                i.LoseAddress();
        }
    }

    /// <summary>A tracked virtual route or rule of <paramref name="instance"/> was deleted: a MASTER falls back as for a VIP.</summary>
    public void RoutingRemoved(Instant now, string instance)
    {
        if (!IsStarted || IsStopped) return;
        _ctx.Now = now;
        _instances.FirstOrDefault(i => i.Name == instance)?.LoseOwned(TransitionReason.RoutingRemoved);
    }

    private void Reevaluate(Instant now, Func<TrackedItem, bool> affects)
    {
        if (!IsStarted || IsStopped) return;
        _ctx.Now = now;
        foreach (var i in _instances.ToList())
            if (i.Trackers.Any(affects))
                i.Reevaluate(_ctx.Board);
    }

    // ------------------------------------------------------------------ outputs and observation

    public bool TryPollCommand(out EngineCommand command) => _ctx.TryDequeue(out command);

    public int PendingCommands => _ctx.Pending;

    /// <summary>Takes every queued command, in order.</summary>
    public IReadOnlyList<EngineCommand> DrainCommands()
    {
        var list = new List<EngineCommand>(_ctx.Pending);
        while (_ctx.TryDequeue(out var c)) list.Add(c);
        return list;
    }

    public IReadOnlyList<InstanceStatus> Instances => _instances.Select(StatusOf).ToList();

    public IReadOnlyList<SyncGroupStatus> SyncGroups =>
        _groups.Select(g => new SyncGroupStatus(g.Settings.Name, g.State, g.Members.Select(m => m.Name).ToList())).ToList();

    public InstanceStatus? GetStatus(string instance) =>
        _instances.Find(i => i.Name == instance) is { } i ? StatusOf(i) : null;

    /// <summary>A copy of the instance's counters (null for an unknown name).</summary>
    public InstanceStatistics? GetStatistics(string instance) => _instances.Find(i => i.Name == instance)?.Statistics.Snapshot();

    /// <summary>Every instance's status, a copy of its counters and its trackers, in one pass (the status page).</summary>
    public IReadOnlyList<InstanceReport> Report() =>
        [.. _instances.Select(i => new InstanceReport(StatusOf(i), i.Statistics.Snapshot(),
            [.. i.Trackers.Select(t => TrackerAssessment.Of(t, _ctx.Board))]))];

    /// <summary>Each tracker the instance really uses and what it contributes now (empty for an unknown name).</summary>
    public IReadOnlyList<TrackerAssessment> GetTrackers(string instance) =>
        _instances.Find(i => i.Name == instance) is { } i
            ? [.. i.Trackers.Select(t => TrackerAssessment.Of(t, _ctx.Board))]
            : [];

    /// <summary>A vrrp_script's debounced verdict (rise/fall applied); null for an unknown script.</summary>
    public ScriptStatus? GetScriptStatus(string script) => _ctx.Board.Script(script)?.Status;

    /// <summary>keepalived's STATS_CLEAR.</summary>
    public void ClearStatistics()
    {
        foreach (var i in _instances) i.Statistics.Clear();
    }

    private static InstanceStatus StatusOf(VrrpInstance i) => new(
        i.Name, i.Settings.VirtualRouterId, i.State, i.Want, i.Settings.Priority, i.EffectivePriority,
        i.MasterAddress, i.MasterPriority, i.MasterAdvertInterval, i.LastReason, i.LastTransition,
        i.State is VrrpState.Backup or VrrpState.Master ? i.Timer : Instant.Never, i.Group?.Settings.Name);

    private static bool IsMulticast(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        return address.TryWriteBytes(bytes, out var written) && VrrpWire.IsMulticast(bytes[..written]);
    }

    private static RouterSettings Normalise(RouterSettings settings) =>
        settings with { Instances = [.. settings.Instances.Select(i => i.Normalised())] };

    private static void ThrowIfInvalid(RouterSettings settings)
    {
        var problems = settings.Validate();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid engine settings: " + string.Join("; ", problems), nameof(settings));
    }

    /// <summary>Creates runtime objects for the settings, reusing <paramref name="keep"/>'s surviving instances.</summary>
    private List<VrrpInstance> BuildInstances(RouterSettings settings, Dictionary<string, VrrpInstance>? keep)
    {
        _instances.Clear();
        _groups.Clear();
        var groupOf = new Dictionary<string, SyncGroup>(StringComparer.Ordinal);
        foreach (var gs in settings.SyncGroups)
        {
            var g = new SyncGroup(gs);
            _groups.Add(g);
            foreach (var m in gs.Members) groupOf[m] = g;
        }
        var created = new List<VrrpInstance>();
        foreach (var s in settings.Instances)
        {
            var group = groupOf.GetValueOrDefault(s.Name);
            VrrpInstance instance;
            if (keep is not null && keep.TryGetValue(s.Name, out var existing))
            {
                existing.Reconfigure(s, group);
                instance = existing;
            }
            else
            {
                instance = new VrrpInstance(s, group, _ctx);
                created.Add(instance);
            }
            _instances.Add(instance);
            group?.Members.Add(instance);
        }
        // Groups without members are dropped, as keepalived does.
        _groups.RemoveAll(g => g.Members.Count == 0);
        IndexInstances();
        return created;
    }

    /// <summary>Rebuilds the advert demultiplexer and the deadline queue for the current instance list.</summary>
    private void IndexInstances()
    {
        _byVrid.Clear();
        foreach (var i in _instances)
        {
            var key = (i.Settings.Interface, i.Settings.Family, i.Settings.VirtualRouterId);
            if (!_byVrid.TryGetValue(key, out var list)) _byVrid[key] = list = [];
            list.Add(i);
        }
        _ctx.Deadlines.Reset(_instances);
    }
}
