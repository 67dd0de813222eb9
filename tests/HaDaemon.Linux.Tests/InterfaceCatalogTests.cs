using System.Net;
using System.Net.Sockets;
using HaDaemon.Linux.Results;
using HaDaemon.TestSupport;

namespace HaDaemon.Linux.Tests;

public sealed class InterfaceCatalogTests
{
    [NetnsFact]
    public void Finds_an_interface_by_name_and_index_with_its_mac_state_and_addresses()
    {
        using var lab = LinuxLab.Create("cat");
        var catalog = lab.Net(0).Interfaces;

        var byName = catalog.Find(NetworkLab.Interface).Unwrap();
        var byIndex = catalog.Find(byName.Index).Unwrap();

        Assert.Equal(byName, byIndex);
        Assert.Equal(byName.Index, catalog.IndexOf(NetworkLab.Interface).Unwrap());
        Assert.Equal(PlatformErrorKind.InterfaceNotFound, catalog.IndexOf("nosuch0").Error?.Kind);
        Assert.Equal("veth", byName.Kind);
        Assert.True(byName.AdminUp);
        Assert.True(byName.OperUp);
        // The raw ifi_flags (for keepalived's "flags change from 0x… to 0x…" line): IFF_UP and IFF_LOWER_UP set.
        Assert.Equal(0x10001u, byName.Flags & 0x10001u);
        var ipLink = lab.Ns(0).Ip("-o", "link", "show", NetworkLab.Interface);
        Assert.Contains(string.Join(':', byName.Mac.GetAddressBytes().Select(b => b.ToString("x2"))), ipLink);
        Assert.Equal(IPAddress.Parse(lab.Lab.Ipv4(0)), catalog.PrimaryIPv4(NetworkLab.Interface).Unwrap());
        var linkLocal = catalog.Ipv6LinkLocal(NetworkLab.Interface).Unwrap();
        Assert.True(linkLocal.IsIPv6LinkLocal);
        Assert.Equal(byName.Index, linkLocal.ScopeId);
        Assert.Contains(catalog.ListAddresses(byName.Index).Unwrap(),
            a => a.Family == AddressFamily.InterNetworkV6 && a.Address.Equals(IPAddress.Parse(lab.Lab.Ipv6(0))) && a.PrefixLength == 64);
    }

    [NetnsFact]
    public void Reports_ipv6_forwarding_and_missing_interfaces_as_values()
    {
        using var lab = LinuxLab.Create("fwd");
        lab.Ns(0).Exec("sysctl", "-qw", $"net.ipv6.conf.{NetworkLab.Interface}.forwarding=1");
        var catalog = lab.Net(0).Interfaces;

        Assert.True(catalog.Find(NetworkLab.Interface).Unwrap().Ipv6Forwarding);
        Assert.False(lab.Net(1).Interfaces.Find(NetworkLab.Interface).Unwrap().Ipv6Forwarding);

        var missing = catalog.Find("nosuch0");
        Assert.Equal(PlatformErrorKind.InterfaceNotFound, missing.Error?.Kind);
        Assert.Contains("nosuch0", missing.Error!.Message);
        Assert.Equal(PlatformErrorKind.InterfaceNotFound, catalog.Find(99999).Error?.Kind);
        lab.Ns(0).Ip("link", "add", "bare0", "type", "veth", "peer", "name", "bare1");
        Assert.Equal(PlatformErrorKind.NoSourceAddress, catalog.PrimaryIPv4("bare0").Error?.Kind);
        Assert.Equal(PlatformErrorKind.NoSourceAddress, catalog.Ipv6LinkLocal("bare0").Error?.Kind);
    }

    /// <summary>
    /// Regression: a dump the kernel splits over several datagrams (IPv4 first, then many IPv6 addresses) used to keep
    /// slices of a receive buffer that the next datagram overwrote, so the interface's IPv4 address vanished and the
    /// daemon could not open its advert socket ("no primary IPv4 address") in a namespace whose loopback was down.
    /// </summary>
    [NetnsFact]
    public void Multi_datagram_address_dump_keeps_every_address()
    {
        using var lab = LinuxLab.Create("dmp");
        lab.Ns(0).Ip("link", "set", "lo", "down");
        var net = lab.Net(0);
        var extra = Enumerable.Range(1, 600).Select(i => new Addresses.AddressSpec
        {
            Address = IPAddress.Parse($"fd55::{i:x}"),
            Interface = NetworkLab.Interface,
            PrefixLength = 128,
            NoDad = true,
        }).ToList();
        Assert.All(net.Addresses.AddMany(extra), r => Assert.True(r.IsSuccess, r.Error?.Message));

        var listed = net.Interfaces.ListAddresses().Unwrap();

        Assert.Equal(IPAddress.Parse(lab.Lab.Ipv4(0)), net.Interfaces.PrimaryIPv4(NetworkLab.Interface).Unwrap());
        Assert.All(extra, e => Assert.Contains(listed, a => a.Address.Equals(e.Address)));
        Assert.Equal(listed.Count, listed.Select(a => (a.InterfaceIndex, a.Address)).Distinct().Count());
    }
}
