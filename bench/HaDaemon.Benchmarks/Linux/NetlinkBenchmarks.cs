using System.Net;
using BenchmarkDotNet.Attributes;
using HaDaemon.Linux;
using HaDaemon.Linux.Addresses;
using HaDaemon.TestSupport;

namespace HaDaemon.Benchmarks.Linux;

/// <summary>Cost of rtnetlink address changes inside a namespace (needs root). Run: -- --filter '*Netlink*'</summary>
[Config(typeof(InProcessShortConfig))]
[MemoryDiagnoser]
public class NetlinkBenchmarks
{
    private NetworkLab lab = null!;
    private LinuxNetwork network = null!;
    private AddressSpec ipv4 = null!;
    private AddressSpec ipv6 = null!;
    private List<AddressSpec> thousand = null!;

    [GlobalSetup]
    public void Setup()
    {
        lab = NetworkLab.Create("bnl");
        network = LinuxNetwork.Open(lab[0].Context).Unwrap();
        ipv4 = new AddressSpec { Address = IPAddress.Parse("192.0.2.1"), Interface = NetworkLab.Interface };
        ipv6 = new AddressSpec { Address = IPAddress.Parse("2001:db8::1"), Interface = NetworkLab.Interface, NoDad = true };
        thousand = Enumerable.Range(0, 1000)
            .Select(i => new AddressSpec { Address = IPAddress.Parse($"10.250.{i / 250}.{i % 250 + 1}"), Interface = NetworkLab.Interface })
            .ToList();
    }

    [Benchmark(Description = "IPv4 address add+delete (2 netlink round trips)")]
    public bool AddDeleteIpv4() => network.Addresses.Add(ipv4).IsSuccess & network.Addresses.Delete(ipv4).IsSuccess;

    [Benchmark(Description = "IPv6 address add+delete (nodad)")]
    public bool AddDeleteIpv6() => network.Addresses.Add(ipv6).IsSuccess & network.Addresses.Delete(ipv6).IsSuccess;

    [Benchmark(Description = "1000 IPv4 VIPs: one AddMany + one DeleteMany")]
    public int Batch1000() =>
        network.Addresses.AddMany(thousand).Count(r => r.IsSuccess) + network.Addresses.DeleteMany(thousand).Count(r => r.IsSuccess);

    [GlobalCleanup]
    public void Cleanup()
    {
        network.Dispose();
        lab.Dispose();
    }
}
