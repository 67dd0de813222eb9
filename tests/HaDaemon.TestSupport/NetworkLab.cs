namespace HaDaemon.TestSupport;

/// <summary>
/// Namespaces wired into one Ethernet segment. Two nodes: a veth pair, <c>eth0</c> in each. More nodes: each
/// node's <c>eth0</c> is a veth to a bridge in a hub namespace (multicast snooping off, so 224.0.0.18 and ff02::12
/// reach everyone). Node i gets 10.T.0.(i+1)/24 and fdT::(i+1)/64 when addresses are requested.
/// Dispose removes every namespace even when construction failed half-way.
/// </summary>
public sealed class NetworkLab : IDisposable
{
    private readonly List<NetworkNamespace> all = [];

    private NetworkLab()
    {
    }

    public IReadOnlyList<NetworkNamespace> Nodes { get; private set; } = [];

    public NetworkNamespace? Hub { get; private set; }

    /// <summary>Node interface name in every node.</summary>
    public const string Interface = "eth0";

    /// <summary>A subnet number (1..250) so concurrent labs in one test class use distinct, readable addresses.</summary>
    public int Subnet { get; private set; }

    public static NetworkLab Create(string tag, int nodes = 2, bool withAddresses = true)
    {
        var lab = new NetworkLab { Subnet = Random.Shared.Next(1, 250) };
        try
        {
            var list = new List<NetworkNamespace>();
            for (var i = 0; i < nodes; i++)
            {
                var ns = NetworkNamespace.Create($"{tag}{i}");
                lab.all.Add(ns);
                list.Add(ns);
            }
            lab.Nodes = list;
            if (nodes == 2)
            {
                list[0].Ip("link", "add", Interface, "type", "veth", "peer", "name", Interface, "netns", list[1].Name);
            }
            else
            {
                var hub = NetworkNamespace.Create($"{tag}h");
                lab.all.Add(hub);
                lab.Hub = hub;
                hub.Ip("link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
                hub.Ip("link", "set", "br0", "up");
                for (var i = 0; i < nodes; i++)
                {
                    hub.Ip("link", "add", $"p{i}", "type", "veth", "peer", "name", Interface, "netns", list[i].Name);
                    hub.Ip("link", "set", $"p{i}", "master", "br0", "up");
                }
            }
            for (var i = 0; i < nodes; i++)
            {
                if (withAddresses)
                {
                    list[i].Ip("addr", "add", lab.Ipv4(i) + "/24", "dev", Interface);
                    list[i].Ip("addr", "add", lab.Ipv6(i) + "/64", "dev", Interface, "nodad");
                }
                list[i].Ip("link", "set", Interface, "up");
            }
            foreach (var node in list)
            {
                WaitForLinkLocal(node, Interface);
            }
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits until <paramref name="interfaceName"/> has a non-tentative IPv6 link-local address: the kernel creates it
    /// only once the carrier is up, a moment after "ip link set up" returns.
    /// </summary>
    public static void WaitForLinkLocal(NetworkNamespace ns, string interfaceName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var shown = ns.Ip("-6", "addr", "show", "dev", interfaceName, "scope", "link");
            if (shown.Contains("inet6 fe80:", StringComparison.Ordinal) && !shown.Contains("tentative", StringComparison.Ordinal))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{interfaceName} in {ns.Name} got no usable link-local address: {shown}");
            }
            Thread.Sleep(20);
        }
    }

    public string Ipv4(int node) => $"10.{Subnet}.0.{node + 1}";

    public string Ipv6(int node) => $"fd{Subnet:x2}::{node + 1}";

    public NetworkNamespace this[int node] => Nodes[node];

    public void Dispose()
    {
        foreach (var ns in all)
        {
            ns.Dispose();
        }
        all.Clear();
    }
}
