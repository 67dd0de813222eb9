using System.Net;
using NetFamily = System.Net.Sockets.AddressFamily;
using HaDaemon.Config.Model;
using HaDaemon.Core.Simulation;
using HaDaemon.Mapping;

namespace HaDaemon.Operations;

/// <summary>
/// Wires simulated nodes together and gives them addresses, so that the host's own source-address resolution
/// (<see cref="EngineSettingsMapper"/>) runs unchanged. Interfaces with the same name on different nodes plug into one
/// segment, named after the interface. The k-th node (1-based, in command-line order) gets 192.168.S.k on the S-th
/// segment (segments numbered in order of first appearance) and fe80::k for IPv6, unless <c>--addr</c> says
/// otherwise; any <c>unicast_src_ip</c>/<c>mcast_src_ip</c> an instance configures is added to its interface too,
/// so that unicast peers written for a real network reach each other.
/// </summary>
public sealed class SimulatedLan
{
    private readonly List<string> _segments = [];

    public sealed class NodeAddresses(IReadOnlyDictionary<string, IReadOnlyList<IPAddress>> byInterface) : IInterfaceAddresses
    {
        public IReadOnlyDictionary<string, IReadOnlyList<IPAddress>> ByInterface { get; } = byInterface;

        public IReadOnlyList<IPAddress> Addresses(string interfaceName, NetFamily family) =>
            ByInterface.TryGetValue(interfaceName, out var all) ? [.. all.Where(a => a.AddressFamily == family)] : [];

        public IReadOnlyList<SimInterface> Wiring() =>
            [.. ByInterface.Select(p => new SimInterface(p.Key, p.Key, [.. p.Value]))];
    }

    /// <summary>The addresses of node number <paramref name="nodeNumber"/> (1-based) for the interfaces its config uses.</summary>
    public NodeAddresses Assign(string node, int nodeNumber, KeepalivedConfig config, IReadOnlyDictionary<string, IPAddress> overrides)
    {
        var byInterface = new Dictionary<string, IReadOnlyList<IPAddress>>(StringComparer.Ordinal);
        var interfaces = config.Instances.Select(i => i.Interface ?? config.Global.DefaultInterface).Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in interfaces)
        {
            if (!_segments.Contains(name))
            {
                _segments.Add(name);
            }
            var segment = _segments.IndexOf(name) + 1;
            var own = overrides.GetValueOrDefault($"{node}:{name}")
                ?? (name == interfaces[0] ? overrides.GetValueOrDefault(node) : null)
                ?? IPAddress.Parse($"192.168.{segment % 256}.{nodeNumber % 256}");
            var addresses = new List<IPAddress> { own, IPAddress.Parse($"fe80::{nodeNumber:x}") };
            foreach (var instance in config.Instances.Where(i => (i.Interface ?? config.Global.DefaultInterface) == name))
            {
                if (instance.SourceAddress is { } configured && IPAddress.Parse(configured) is var source && !addresses.Contains(source))
                {
                    addresses.Add(source);
                }
            }
            byInterface[name] = addresses;
        }
        return new NodeAddresses(byInterface);
    }
}
