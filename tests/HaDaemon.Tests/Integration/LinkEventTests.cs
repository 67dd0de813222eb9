using System.Collections.Concurrent;
using HaDaemon.Linux;
using HaDaemon.Linux.Monitoring;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>The link/address event stream the runtime relies on for FAULT on link down and for VIP tracking.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class LinkEventTests
{
    [NetnsFact]
    public void Link_down_and_address_changes_arrive_as_events()
    {
        using var lab = NetworkLab.Create("hle", nodes: 3);
        using var net = LinuxNetwork.Open(lab[0].Context).Unwrap();
        using var monitor = net.CreateLinkMonitor();
        var events = new ConcurrentQueue<NetEvent>();
        Assert.True(monitor.Start(events.Enqueue).IsSuccess);
        lab[0].Ip("link", "set", NetworkLab.Interface, "down");
        lab[0].Ip("addr", "add", "192.0.2.1/32", "dev", "lo");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline
               && !(events.Any(e => e is LinkChanged { Link: { Name: NetworkLab.Interface, AdminUp: false } })
                    && events.Any(e => e is AddressAdded a && a.Address.Address.ToString() == "192.0.2.1")))
        {
            Thread.Sleep(50);
        }
        Assert.Contains(events, e => e is LinkChanged { Link: { Name: NetworkLab.Interface, AdminUp: false } });
        Assert.Contains(events, e => e is AddressAdded a && a.Address.Address.ToString() == "192.0.2.1");
    }
}
