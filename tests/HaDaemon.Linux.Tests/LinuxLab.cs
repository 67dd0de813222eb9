using HaDaemon.Linux;
using HaDaemon.TestSupport;

namespace HaDaemon.Linux.Tests;

/// <summary>A <see cref="NetworkLab"/> with a <see cref="LinuxNetwork"/> opened inside each node's namespace.</summary>
internal sealed class LinuxLab : IDisposable
{
    private readonly List<LinuxNetwork> networks = [];

    private LinuxLab(NetworkLab lab)
    {
        Lab = lab;
    }

    public NetworkLab Lab { get; }

    public static LinuxLab Create(string tag, int nodes = 2)
    {
        var lab = NetworkLab.Create(tag, nodes);
        var self = new LinuxLab(lab);
        try
        {
            foreach (var node in lab.Nodes)
            {
                self.networks.Add(LinuxNetwork.Open(node.Context).Unwrap());
            }
            return self;
        }
        catch
        {
            self.Dispose();
            throw;
        }
    }

    public LinuxNetwork Net(int node) => networks[node];

    public NetworkNamespace Ns(int node) => Lab[node];

    public void Dispose()
    {
        foreach (var n in networks)
        {
            n.Dispose();
        }
        Lab.Dispose();
    }
}
