using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using HaDaemon.Core.Packets;
using HaDaemon.Linux;
using HaDaemon.Linux.Adverts;
using HaDaemon.TestSupport;

namespace HaDaemon.Benchmarks.Linux;

/// <summary>One advert send on a shared raw socket, veth to a second namespace (needs root). 1 / mean = adverts per second.</summary>
[Config(typeof(InProcessShortConfig))]
[MemoryDiagnoser]
public class AdvertSendBenchmarks
{
    private NetworkLab lab = null!;
    private LinuxNetwork sender = null!;
    private IAdvertTransport transport = null!;
    private IAdvertLink link4 = null!;
    private IAdvertLink link6 = null!;
    private byte[] message4 = null!;
    private byte[] message6 = null!;

    [GlobalSetup]
    public void Setup()
    {
        lab = NetworkLab.Create("bad");
        sender = LinuxNetwork.Open(lab[0].Context).Unwrap();
        transport = sender.CreateAdvertTransport();
        link4 = transport.Attach(new AdvertBinding(NetworkLab.Interface, AddressFamily.InterNetwork), 51, _ => { }).Unwrap();
        link6 = transport.Attach(new AdvertBinding(NetworkLab.Interface, AddressFamily.InterNetworkV6), 51, _ => { }).Unwrap();
        var advert = new VrrpAdvert
        {
            Version = VrrpVersion.V3, VirtualRouterId = 51, Priority = 100, AdvertInterval = 100,
            Addresses = [IPAddress.Parse("192.0.2.51")],
        };
        message4 = new byte[VrrpEncoder.MessageLength(advert)];
        VrrpEncoder.EncodeMessage(advert, message4, ChecksumMode.PseudoHeader, link4.Source, AdvertBinding.Ipv4Group);
        var advert6 = advert with { Addresses = [IPAddress.Parse("2001:db8::51")] };
        message6 = new byte[VrrpEncoder.MessageLength(advert6)];
        VrrpEncoder.EncodeMessage(advert6, message6, ChecksumMode.KernelVerifiedIpv6);
    }

    [Benchmark(Description = "send VRRPv3 IPv4 multicast advert")]
    public bool SendIpv4() => link4.Send(message4, AdvertBinding.Ipv4Group).IsSuccess;

    [Benchmark(Description = "send VRRPv3 IPv6 multicast advert")]
    public bool SendIpv6() => link6.Send(message6, AdvertBinding.Ipv6Group).IsSuccess;

    [GlobalCleanup]
    public void Cleanup()
    {
        link4.Dispose();
        link6.Dispose();
        transport.Dispose();
        sender.Dispose();
        lab.Dispose();
    }
}
