using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Status;

/// <summary>
/// What the status page needs beyond the engine's own state, recorded by the runtime on the event loop (no locks):
/// each instance's last transition, the peers heard with their checksum form, which addresses the kernel holds
/// (from netlink events, so a scrape never queries the kernel), and the latency histograms.
/// </summary>
public sealed class StatusLedger
{
    /// <summary>A bound on remembered peers per instance, so a flood of spoofed sources cannot grow memory.</summary>
    public const int MaxPeersPerInstance = 16;

    private readonly Dictionary<string, TransitionRecord> _transitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<IPAddress, PeerRecord>> _peers = new(StringComparer.Ordinal);
    private readonly HashSet<(int Index, IPAddress Address)> _present = [];
    private readonly Dictionary<string, int> _interfaceIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LatencyHistogram> _transitionDuration = new(StringComparer.Ordinal);

    public LatencyHistogram AdvertSendLateness { get; } = new();

    /// <summary>From an advert's arrival on the receiving thread to the event loop handling it.</summary>
    public LatencyHistogram AdvertReceiveDelay { get; } = new();

    public void Transition(StateChanged change, IPAddress? peer, Instant at) =>
        _transitions[change.Instance] = new TransitionRecord(change, peer, at);

    public TransitionRecord? LastTransition(string instance) => _transitions.GetValueOrDefault(instance);

    public void ObserveTransitionDuration(VrrpState to, double seconds)
    {
        var key = Logging.TransitionLog.Name(to);
        if (!_transitionDuration.TryGetValue(key, out var histogram))
        {
            _transitionDuration[key] = histogram = new LatencyHistogram();
        }
        histogram.Observe(seconds);
    }

    public IReadOnlyDictionary<string, HistogramSnapshot> TransitionDurations() =>
        _transitionDuration.ToDictionary(p => p.Key, p => p.Value.Snapshot(), StringComparer.Ordinal);

    public void Peer(string instance, IPAddress source, ChecksumMode checksum, Instant at)
    {
        if (!_peers.TryGetValue(instance, out var peers))
        {
            _peers[instance] = peers = [];
        }
        if (peers.Count >= MaxPeersPerInstance && !peers.ContainsKey(source))
        {
            var oldest = peers.MinBy(p => p.Value.LastSeen).Key;
            peers.Remove(oldest);
        }
        peers[source] = new PeerRecord(checksum, at);
    }

    public IReadOnlyList<(IPAddress Address, PeerRecord Record)> Peers(string instance) =>
        _peers.TryGetValue(instance, out var peers)
            ? [.. peers.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).Select(p => (p.Key, p.Value))]
            : [];

    /// <summary>Forget instances that a reload removed.</summary>
    public void Retain(IReadOnlySet<string> instances)
    {
        foreach (var name in _transitions.Keys.Where(n => !instances.Contains(n)).ToList())
        {
            _transitions.Remove(name);
        }
        foreach (var name in _peers.Keys.Where(n => !instances.Contains(n)).ToList())
        {
            _peers.Remove(name);
        }
    }

    // ------------------------------------------------------------ kernel addresses

    public void Interface(string name, int index) => _interfaceIndex[name] = index;

    public void ResetAddresses(IEnumerable<(int Index, IPAddress Address)> present)
    {
        _present.Clear();
        foreach (var key in present)
        {
            AddressAdded(key.Index, key.Address);
        }
    }

    public void AddressAdded(int index, IPAddress address) => _present.Add((index, address));

    public void AddressRemoved(int index, IPAddress address) => _present.Remove((index, address));

    public bool IsPresent(string device, IPAddress address) =>
        _interfaceIndex.TryGetValue(device, out var index) && _present.Contains((index, address));
}

public sealed record TransitionRecord(StateChanged Change, IPAddress? Peer, Instant At);

public sealed record PeerRecord(ChecksumMode Checksum, Instant LastSeen);
