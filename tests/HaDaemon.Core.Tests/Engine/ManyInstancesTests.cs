using System.Net;
using System.Net.Sockets;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Engine.EngineKit;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>
/// A router with 1000 instances: the advert demultiplexer and the timer heap must behave exactly like the scans they
/// replaced (the right instance per interface + family + VRID; NextDeadline = the minimum over every instance).
/// </summary>
public sealed class ManyInstancesTests
{
    private const int Count = 1000;

    // Instance k: interface eth(k % 4), IPv4 or IPv6 alternating every 4, VRID 1 + k / 8 (1..125). So every VRID
    // exists on all four interfaces in both families: 8 instances share each VRID.
    private static string Iface(int k) => $"eth{k % 4}";
    private static bool IsV6(int k) => (k / 4) % 2 == 1;
    private static byte Vrid(int k) => (byte)(1 + k / 8);
    private static IPAddress Vip(int k) => IPAddress.Parse(IsV6(k) ? $"fd00:{k % 4}::{Vrid(k):x}:1" : $"10.{k % 4}.{Vrid(k)}.1");
    private static IPAddress Own(int k) => IPAddress.Parse(IsV6(k) ? $"fe80::{k % 4}:1" : $"192.168.{k % 4}.1");
    private static IPAddress Peer(int k, int host) => IPAddress.Parse(IsV6(k) ? $"fe80::{k % 4}:{host}" : $"192.168.{k % 4}.{host}");

    private static InstanceSettings Layout(int k, byte priority = 100) => new()
    {
        Name = $"VI_{k}",
        VirtualRouterId = Vrid(k),
        Interface = Iface(k),
        Family = IsV6(k) ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork,
        Version = VrrpVersion.V3,
        Priority = priority,
        AdvertInterval = Duration.FromSeconds(1L),
        VirtualAddresses = [Vip(k)],
        PrimaryAddress = Own(k),
    };

    private static ReceivedAdvert AdvertFor(int k, byte priority, int fromHost = 9, IPAddress? destination = null) =>
        new(new VrrpAdvert
        {
            Version = VrrpVersion.V3,
            VirtualRouterId = Vrid(k),
            Priority = priority,
            AdvertInterval = 100,
            Addresses = [Vip(k)],
        }, Peer(k, fromHost), destination ?? IPAddress.Parse(IsV6(k) ? "ff02::12" : "224.0.0.18"), 255, Iface(k),
            ChecksumMode.PseudoHeader);

    [Fact]
    public void Adverts_reach_the_instance_of_their_interface_family_and_vrid()
    {
        // Plus a multicast and a unicast instance sharing VRID 200 on eth0: the destination and the peer decide.
        var unicast = new InstanceSettings
        {
            Name = "UC_200", VirtualRouterId = 200, Interface = "eth0", Version = VrrpVersion.V3, Priority = 100,
            AdvertInterval = Duration.FromSeconds(1L), VirtualAddresses = [IPAddress.Parse("10.9.0.2")],
            PrimaryAddress = IPAddress.Parse("192.168.0.1"), UnicastPeers = [new UnicastPeer(IPAddress.Parse("192.168.0.77"))],
        };
        var multicast = unicast with { Name = "MC_200", UnicastPeers = [], VirtualAddresses = [IPAddress.Parse("10.9.0.1")] };
        var r = new VrrpRouter(new RouterSettings { Instances = [.. Enumerable.Range(0, Count).Select(k => Layout(k)), multicast, unicast] });
        r.Start(T0);
        r.DrainCommands();

        var now = T0;
        foreach (var k in Enumerable.Range(0, Count).OrderBy(k => (k * 7919) % Count))
        {
            now += Duration.FromMilliseconds(1);
            var result = r.HandleAdvert(now, AdvertFor(k, 200));
            Assert.Equal((AdvertOutcome.Processed, $"VI_{k}"), (result.Outcome, result.Instance));
        }
        // Each instance got exactly its own advert and learnt its own master.
        for (var k = 0; k < Count; k++)
        {
            Assert.Equal(1, r.GetStatistics($"VI_{k}")!.AdvertsReceived);
            Assert.Equal(Peer(k, 9), r.GetStatus($"VI_{k}")!.MasterAddress);
        }

        var toMulticast = new ReceivedAdvert(new VrrpAdvert
        {
            Version = VrrpVersion.V3, VirtualRouterId = 200, Priority = 200, AdvertInterval = 100, Addresses = [IPAddress.Parse("10.9.0.1")],
        }, IPAddress.Parse("192.168.0.9"), IPAddress.Parse("224.0.0.18"), 255, "eth0", ChecksumMode.PseudoHeader);
        Assert.Equal("MC_200", r.HandleAdvert(now, toMulticast).Instance);
        var fromPeer = toMulticast with
        {
            Advert = toMulticast.Advert with { Addresses = [IPAddress.Parse("10.9.0.2")] },
            Source = IPAddress.Parse("192.168.0.77"),
            Destination = IPAddress.Parse("192.168.0.1"),
        };
        Assert.Equal("UC_200", r.HandleAdvert(now, fromPeer).Instance);

        // Unknown: a VRID nobody has, a known VRID on an unknown interface, an IPv4 VRID only configured for IPv6.
        Assert.Equal(AdvertOutcome.UnknownInstance, r.HandleAdvert(now, AdvertFor(0, 200) with { Advert = AdvertFor(0, 200).Advert with { VirtualRouterId = 126 } }).Outcome);
        Assert.Equal(AdvertOutcome.UnknownInstance, r.HandleAdvert(now, AdvertFor(0, 200) with { Interface = "eth9" }).Outcome);
        Assert.Equal(AdvertOutcome.UnknownInstance, r.HandleAdvert(now, AdvertFor(0, 200) with { Interface = "eth1", Advert = AdvertFor(0, 200).Advert with { VirtualRouterId = 200 } }).Outcome);
        Assert.Equal(3, r.UnknownVirtualRouterAdverts);
    }

    [Fact]
    public void Timers_due_together_run_in_configuration_order()
    {
        // Same priority, same start: every down timer expires at the same instant and all become MASTER at once.
        var r = new VrrpRouter(new RouterSettings { Instances = [.. Enumerable.Range(0, Count).Select(k => Layout(k, 200))] });
        r.Start(T0);
        r.DrainCommands();
        var due = r.NextDeadline;
        Assert.Equal(T0 + VrrpTimers.MasterDown(VrrpVersion.V3, 200, Duration.FromSeconds(1L), 3), due);
        r.HandleTimeout(due);
        var order = r.DrainCommands().OfType<SendAdvert>().Select(c => c.Instance).ToList();
        Assert.Equal(Enumerable.Range(0, Count).Select(k => $"VI_{k}"), order);
        Assert.Equal(due + Duration.FromSeconds(1L), r.NextDeadline);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void NextDeadline_equals_the_minimum_over_all_instances_after_random_events(int seed)
    {
        var random = new Random(seed);
        // Varied priorities, some owners, GARP refresh timers, interface trackers and sync groups, so that every
        // kind of timer moves and sync groups move other members' timers.
        var instances = Enumerable.Range(0, Count).Select(k => Layout(k, k % 97 == 0 ? (byte)255 : (byte)(50 + random.Next(200))) with
        {
            GarpMasterRefresh = k % 3 == 0 ? Duration.FromSeconds(2L) : Duration.Zero,
            GarpMasterDelay = Duration.FromMilliseconds(100 * (k % 7)),
            GarpLowerPrioDelay = Duration.FromMilliseconds(300),
            Trackers = k % 5 == 0 ? [new TrackedItem(TrackerKind.Interface, Iface(k))] : [],
        }).ToArray();
        var groups = Enumerable.Range(0, 20).Select(j => new SyncGroupSettings { Name = $"G_{j}", Members = [$"VI_{10 * j + 1}", $"VI_{10 * j + 2}"] });
        var full = new RouterSettings { Instances = [.. instances], SyncGroups = [.. groups] };
        var r = new VrrpRouter(full);
        var now = T0;
        r.Start(now);
        Assert.Equal(r.NextDeadlineByScan(), r.NextDeadline);

        for (var step = 0; step < 600; step++)
        {
            var roll = random.Next(100);
            var k = random.Next(Count);
            if (roll < 40)
            {
                var next = r.NextDeadline;
                now = roll < 15 && next != Instant.Never ? next : now + Duration.FromMilliseconds(random.Next(700));
                r.HandleTimeout(now);
            }
            else if (roll < 80)
            {
                byte[] priorities = [0, 50, 100, 150, 200, 255];
                r.HandleAdvert(now, AdvertFor(k, priorities[random.Next(priorities.Length)], fromHost: random.Next(2) == 0 ? 9 : 0));
            }
            else if (roll < 90)
            {
                r.InterfaceState(now, $"eth{random.Next(4)}", up: random.Next(3) > 0);
            }
            else if (roll < 95)
            {
                r.AddressRemoved(now, Vip(k));
            }
            else
            {
                // Reload: drop one instance (not a group member) or restore the full set.
                var reduced = full with { Instances = [.. instances.Where(s => s.Name != $"VI_{k}" || k % 10 is 1 or 2)] };
                r.Reload(now, random.Next(2) == 0 ? reduced : full);
            }
            r.DrainCommands();
            Assert.Equal(r.NextDeadlineByScan(), r.NextDeadline);
        }
    }
}
