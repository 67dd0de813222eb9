using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Simulation;

/// <summary>How a node's interface is wired: its name on the node, the segment it plugs into, its own addresses.</summary>
public sealed record SimInterface(string Name, string Segment, params IPAddress[] Addresses);

/// <summary>
/// One simulated machine: its wiring, its configuration and, while it runs, a real <see cref="VrrpRouter"/>.
/// Each start builds a fresh router (a daemon restart forgets everything); <see cref="Incarnation"/> lets events
/// scheduled for a previous life (timers, in-flight script results) recognise they are stale.
/// </summary>
public sealed class SimNode
{
    internal SimNode(string name, RouterSettings settings)
    {
        Name = name;
        Settings = settings;
    }

    public string Name { get; }
    public RouterSettings Settings { get; }
    public VrrpRouter? Router { get; internal set; }
    public bool IsRunning => Router is not null;
    public int Incarnation { get; internal set; }

    internal Dictionary<string, NetworkPort> Ports { get; } = new(StringComparer.Ordinal);
    internal List<NetworkPort> PortList { get; } = [];
    /// <summary>The deadline a timer event is currently scheduled for (Never = none).</summary>
    internal Instant ArmedDeadline { get; set; } = Instant.Never;
    /// <summary>Last reported state per instance, for "from" on kill and for queries after death.</summary>
    internal Dictionary<string, VrrpState> States { get; } = new(StringComparer.Ordinal);
    /// <summary>What each vrrp_script "returns" from now on (scenario-controlled), re-reported every script interval.</summary>
    internal SortedDictionary<string, bool> ScriptOutcomes { get; } = new(StringComparer.Ordinal);
    internal ushort NextIpIdentification { get; set; } = 1;

    public IReadOnlyList<NetworkPort> Interfaces => PortList;

    public NetworkPort Port(string interfaceName) =>
        Ports.TryGetValue(interfaceName, out var port) ? port : throw new KeyNotFoundException($"{Name} has no interface '{interfaceName}'");

    internal ushort TakeIpIdentification()
    {
        var id = NextIpIdentification;
        // keepalived starts at 1 and skips 0 when the 16-bit counter wraps.
        NextIpIdentification = id == ushort.MaxValue ? (ushort)1 : (ushort)(id + 1);
        return id;
    }
}
