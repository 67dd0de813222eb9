using System.Net;
using System.Net.Sockets;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Simulation;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Simulation.SimKit;

namespace HaDaemon.Core.Tests.Simulation;

/// <summary>The wire variants the simulator carries: IPv6, unicast peers, the RFC 9568 checksum, corrupted packets.</summary>
public class WireScenarioTests
{
    private static readonly Duration TenCs = Duration.FromCentiseconds(10);

    private static Simulator Pair(Func<int, InstanceSettings> instance, Func<int, IPAddress[]> addresses, SimulatorOptions? options = null)
    {
        var sim = new Simulator(new Random(1), options);
        foreach (var host in new[] { 1, 2 })
        {
            sim.AddNode($"node{host}", new RouterSettings { Instances = [instance(host)] }, new SimInterface(Eth, Lan, addresses(host)));
        }
        return sim;
    }

    private static void AssertKillFailover(Simulator sim, IPAddress vip, Duration interval, byte backupPriority)
    {
        var lastAdvert = sim.TrackAdverts();
        sim.StartAll();
        var kill = At(5) + Duration.FromMicroseconds(3);
        sim.At(kill).Kill("node1");
        sim.RunUntil(At(10));

        Assert.True(sim.AdvertsDelivered > 10);
        Assert.Equal(0, sim.AdvertsRejectedByCodec);
        var last = lastAdvert.Where(p => p.Key.Node == "node2").Max(p => p.Value);
        Assert.Equal(last + MasterDown(backupPriority, interval, VrrpVersion.V3), sim.LastEntered("node2", VrrpState.Master));
        Assert.Equal(["node2"], sim.HoldersOf(vip));
    }

    [Fact]
    public void Ipv6_instances_elect_and_fail_over_through_the_ipv6_codec_path()
    {
        var vip = IPAddress.Parse("fe80::100");
        var sim = Pair(host => new InstanceSettings
        {
            Name = "VI_1",
            VirtualRouterId = 60,
            Interface = Eth,
            Family = AddressFamily.InterNetworkV6,
            Version = VrrpVersion.V3,
            Priority = host == 1 ? (byte)200 : (byte)100,
            AdvertInterval = TenCs,
            VirtualAddresses = [vip],
            PrimaryAddress = IPAddress.Parse($"fe80::{host}"),
        }, host => [Primary(host), IPAddress.Parse($"fe80::{host}")]);

        AssertKillFailover(sim, vip, TenCs, backupPriority: 100);
    }

    [Fact]
    public void Unicast_peers_exchange_adverts_addressed_to_each_other()
    {
        var sim = Pair(host => Instance("VI_1", 51, host == 1 ? (byte)200 : (byte)100, Primary(host), VrrpVersion.V3, TenCs) with
        {
            UnicastPeers = [new UnicastPeer(Primary(3 - host))],
        }, host => [Primary(host)]);
        var destinations = new HashSet<IPAddress>();
        sim.AdvertObserved += (_, _, advert) => destinations.Add(advert.Destination);

        AssertKillFailover(sim, Vip(51), TenCs, backupPriority: 100);
        Assert.Equal([Primary(2)], destinations);
    }

    [Theory]
    [InlineData(ChecksumMode.VrrpOnly)]
    [InlineData(ChecksumMode.PseudoHeader)]
    public void Both_ipv4_v3_checksum_forms_are_accepted_by_the_real_decoder(ChecksumMode mode)
    {
        var sim = Pair(host => Instance("VI_1", 51, host == 1 ? (byte)200 : (byte)100, Primary(host), VrrpVersion.V3, TenCs),
            host => [Primary(host)], new SimulatorOptions { V3Ipv4Checksum = mode });

        AssertKillFailover(sim, Vip(51), TenCs, backupPriority: 100);
    }

    [Fact]
    public void Corrupted_adverts_are_rejected_by_the_decoder_and_never_crash_a_node()
    {
        var sim = MasterAndBackup(version: VrrpVersion.V3, interval: TenCs);
        sim.Network.Segment(Lan).Faults = new LinkFaults { Corrupt = 0.3 }.Validated();
        sim.StartAll();
        sim.RunUntil(At(60));

        Assert.True(sim.Network.Counters.Corrupted > 100);
        Assert.True(sim.AdvertsRejectedByCodec > 0);
        Assert.True(sim.AdvertsDelivered > 0);
        // A single flipped bit always breaks a checksum, so no corrupted advert reaches the state machine
        // and the pair ends as it began.
        Assert.Equal(VrrpState.Master, sim.StateOf("node1", "VI_1"));
        Assert.Equal(VrrpState.Backup, sim.StateOf("node2", "VI_1"));
        var stats = sim.Node("node2").Router!.GetStatistics("VI_1")!;
        Assert.True(stats.Rejected(AdvertRejection.BadChecksum) > 0);
    }
}
