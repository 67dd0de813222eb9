using System.Net;
using System.Net.Sockets;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Simulation;

/// <summary>An IP packet as the simulator carries it: the header fields VRRP's receive checks look at, plus the payload bytes.</summary>
public sealed record SimPacket(IPAddress Source, IPAddress Destination, byte HopLimit, ReadOnlyMemory<byte> Payload);

/// <summary>Counts of what the virtual network did with packets, for reports and sanity checks in tests.</summary>
public sealed class NetworkCounters
{
    public long Sent { get; internal set; }
    public long Delivered { get; internal set; }
    public long Lost { get; internal set; }
    public long Duplicated { get; internal set; }
    public long Reordered { get; internal set; }
    public long Corrupted { get; internal set; }
    public long BlockedByPartition { get; internal set; }
    public long DroppedLinkDown { get; internal set; }
}

/// <summary>
/// Virtual LANs (segments) connecting node interfaces. A segment behaves like one broadcast domain: multicast reaches
/// every other attached port (no loopback to the sender, as keepalived turns IP_MULTICAST_LOOP off), unicast reaches the
/// port owning the destination address. Every copy passes the segment's faults, then the sending and the receiving
/// port's faults, then the partitions, in that fixed order.
/// </summary>
public sealed class VirtualNetwork
{
    private readonly EventScheduler _scheduler;
    private readonly Random _random;
    private readonly Dictionary<string, VirtualSegment> _segments = new(StringComparer.Ordinal);
    private readonly List<Partition> _partitions = [];

    public VirtualNetwork(EventScheduler scheduler, Random random)
    {
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _random = random ?? throw new ArgumentNullException(nameof(random));
    }

    public NetworkCounters Counters { get; } = new();

    public IReadOnlyList<Partition> Partitions => _partitions;

    public IEnumerable<VirtualSegment> Segments => _segments.Values;

    public VirtualSegment Segment(string name) =>
        _segments.TryGetValue(name, out var segment) ? segment : throw new KeyNotFoundException($"no segment named '{name}'");

    public VirtualSegment AddSegment(string name)
    {
        if (_segments.ContainsKey(name))
        {
            throw new InvalidOperationException($"segment '{name}' already exists");
        }
        var segment = new VirtualSegment(name);
        _segments.Add(name, segment);
        return segment;
    }

    /// <summary>Plugs a node's interface into a segment; <paramref name="receive"/> gets each packet that survives the trip.</summary>
    public NetworkPort Attach(string segmentName, string node, string interfaceName, IReadOnlyList<IPAddress> addresses,
        Action<NetworkPort, SimPacket> receive)
    {
        var segment = _segments.TryGetValue(segmentName, out var s) ? s : AddSegment(segmentName);
        var port = new NetworkPort(segment, node, interfaceName, addresses, receive);
        segment.Ports.Add(port);
        return port;
    }

    public void AddPartition(Partition partition) => _partitions.Add(partition ?? throw new ArgumentNullException(nameof(partition)));

    /// <summary>Sends one packet out of <paramref name="from"/> at the current virtual time.</summary>
    public void Send(NetworkPort from, SimPacket packet)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(packet);
        Counters.Sent++;
        if (!from.IsUp)
        {
            Counters.DroppedLinkDown++;
            return;
        }
        var multicast = IsMulticast(packet.Destination);
        foreach (var to in from.Segment.Ports)
        {
            if (ReferenceEquals(to, from) || (!multicast && !to.Owns(packet.Destination)))
            {
                continue;
            }
            SendCopy(from, to, packet);
        }
    }

    private void SendCopy(NetworkPort from, NetworkPort to, SimPacket packet)
    {
        var now = _scheduler.Now;
        foreach (var partition in _partitions)
        {
            if (partition.Blocks(from.Node, to.Node, now))
            {
                Counters.BlockedByPartition++;
                return;
            }
        }
        var copies = 1;
        var delay = Duration.Zero;
        var carried = packet;
        foreach (var faults in (ReadOnlySpan<LinkFaults>)[from.Segment.Faults, from.Faults, to.Faults])
        {
            if (faults.IsNone)
            {
                continue;
            }
            if (LinkFaults.Roll(_random, faults.Loss))
            {
                Counters.Lost++;
                return;
            }
            delay += faults.Delay + LinkFaults.Draw(_random, faults.Jitter);
            if (LinkFaults.Roll(_random, faults.Reorder))
            {
                Counters.Reordered++;
                delay += faults.ReorderHold;
            }
            if (LinkFaults.Roll(_random, faults.Duplicate))
            {
                Counters.Duplicated++;
                copies++;
            }
            if (LinkFaults.Roll(_random, faults.Corrupt) && carried.Payload.Length > 0)
            {
                Counters.Corrupted++;
                carried = FlipRandomBit(carried);
            }
        }
        for (var i = 0; i < copies; i++)
        {
            // A duplicate trails the original by a fresh jitter draw of the receiving side, never arriving before it.
            var extra = i == 0 ? Duration.Zero : LinkFaults.Draw(_random, to.Faults.Jitter + from.Segment.Faults.Jitter);
            var copy = carried;
            _scheduler.Schedule(now + delay + extra, () => Deliver(to, copy));
        }
    }

    /// <summary>The sender's buffer is shared by every receiver, so a corrupted copy gets its own bytes.</summary>
    private SimPacket FlipRandomBit(SimPacket packet)
    {
        var bytes = packet.Payload.ToArray();
        var bit = _random.Next(bytes.Length * 8);
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        return packet with { Payload = bytes };
    }

    private void Deliver(NetworkPort to, SimPacket packet)
    {
        if (!to.IsUp)
        {
            Counters.DroppedLinkDown++;
            return;
        }
        Counters.Delivered++;
        to.Receive(to, packet);
    }

    public static bool IsMulticast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6
            ? address.IsIPv6Multicast
            : address.AddressFamily == AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0;
}

/// <summary>One broadcast domain.</summary>
public sealed class VirtualSegment
{
    internal VirtualSegment(string name) => Name = name;

    public string Name { get; }
    internal List<NetworkPort> Ports { get; } = [];
    public IReadOnlyList<NetworkPort> AttachedPorts => Ports;
    public LinkFaults Faults { get; set; } = LinkFaults.None;
}

/// <summary>A node's interface plugged into a segment.</summary>
public sealed class NetworkPort
{
    internal NetworkPort(VirtualSegment segment, string node, string interfaceName, IReadOnlyList<IPAddress> addresses,
        Action<NetworkPort, SimPacket> receive)
    {
        Segment = segment;
        Node = node;
        InterfaceName = interfaceName;
        Addresses = addresses;
        Receive = receive;
    }

    public VirtualSegment Segment { get; }
    public string Node { get; }
    public string InterfaceName { get; }
    public IReadOnlyList<IPAddress> Addresses { get; }
    /// <summary>Carrier state: a down port neither sends nor receives.</summary>
    public bool IsUp { get; set; } = true;
    public LinkFaults Faults { get; set; } = LinkFaults.None;
    internal Action<NetworkPort, SimPacket> Receive { get; }

    public bool Owns(IPAddress address)
    {
        foreach (var a in Addresses)
        {
            if (a.Equals(address))
            {
                return true;
            }
        }
        return false;
    }
}
