using System.Net;
using HaDaemon.Core.Simulation;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Tests.Simulation;

public class VirtualNetworkTests
{
    private static readonly IPAddress Group = IPAddress.Parse("224.0.0.18");

    private sealed class Lan
    {
        public readonly EventScheduler Scheduler = new();
        public readonly VirtualNetwork Network;
        public readonly List<(Instant At, string Node, SimPacket Packet)> Received = [];
        public readonly NetworkPort[] Ports;

        public Lan(int seed, int nodes)
        {
            Network = new VirtualNetwork(Scheduler, new Random(seed));
            Ports = Enumerable.Range(1, nodes)
                .Select(i => Network.Attach("lan", $"n{i}", "eth0", [IPAddress.Parse($"10.0.0.{i}")],
                    (port, packet) => Received.Add((Scheduler.Now, port.Node, packet))))
                .ToArray();
        }

        public void SendEvery(Duration period, int count, int fromPort = 0)
        {
            for (var i = 0; i < count; i++)
            {
                var payload = new byte[] { (byte)i };
                Scheduler.Schedule(Instant.Zero + period * i,
                    () => Network.Send(Ports[fromPort], new SimPacket(IPAddress.Parse($"10.0.0.{fromPort + 1}"), Group, 255, payload)));
            }
        }
    }

    [Fact]
    public void Multicast_reaches_every_other_port_but_not_the_sender_and_unicast_only_its_owner()
    {
        var lan = new Lan(1, 3);
        lan.Network.Send(lan.Ports[0], new SimPacket(IPAddress.Parse("10.0.0.1"), Group, 255, new byte[] { 1 }));
        lan.Network.Send(lan.Ports[0], new SimPacket(IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.3"), 255, new byte[] { 2 }));
        lan.Scheduler.RunUntil(Instant.Zero + Duration.FromSeconds(1));

        Assert.Equal(["n2:1", "n3:1", "n3:2"], lan.Received.Select(r => $"{r.Node}:{r.Packet.Payload.Span[0]}"));
        Assert.All(lan.Received, r => Assert.Equal(Instant.Zero, r.At));
    }

    [Fact]
    public void Loss_is_close_to_the_configured_rate_and_identical_for_the_same_seed()
    {
        static string Run(int seed)
        {
            var lan = new Lan(seed, 2);
            lan.Network.Segment("lan").Faults = new LinkFaults { Loss = 0.3 }.Validated();
            lan.SendEvery(Duration.FromMilliseconds(10), 2000);
            lan.Scheduler.RunUntil(Instant.Zero + Duration.FromSeconds(30));
            Assert.InRange(lan.Received.Count, 1300, 1500);
            return string.Join(",", lan.Received.Select(r => r.Packet.Payload.Span[0]));
        }

        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void Delay_jitter_duplication_and_reordering_shape_arrivals()
    {
        var lan = new Lan(3, 2);
        lan.Ports[1].Faults = new LinkFaults
        {
            Delay = Duration.FromMilliseconds(20),
            Jitter = Duration.FromMilliseconds(5),
            Duplicate = 0.2,
            Reorder = 0.2,
            ReorderHold = Duration.FromMilliseconds(30),
        }.Validated();
        lan.SendEvery(Duration.FromMilliseconds(10), 500);
        lan.Scheduler.RunUntil(Instant.Zero + Duration.FromSeconds(10));

        Assert.True(lan.Received.Count > 500, "some packets must arrive twice");
        Assert.True(lan.Network.Counters.Duplicated > 0 && lan.Network.Counters.Reordered > 0);
        // Payload bytes wrap at 256, so compare arrival against the send time recovered from the sequence.
        var last = -1;
        var overtaken = 0;
        foreach (var (at, _, packet) in lan.Received)
        {
            var b = packet.Payload.Span[0];
            Assert.True(at >= Instant.Zero + Duration.FromMilliseconds(20), "fixed delay applies to every copy");
            if (b < last && last - b < 128)
            {
                overtaken++;
            }
            last = b;
        }
        Assert.True(overtaken > 0, "held-back packets arrive after later ones");
    }

    [Fact]
    public void Partitions_are_time_bounded_and_may_be_one_way()
    {
        var lan = new Lan(1, 2);
        var a = new HashSet<string> { "n1" };
        var b = new HashSet<string> { "n2" };
        lan.Network.AddPartition(new Partition(a, b, Instant.Zero + Duration.FromSeconds(1), Instant.Zero + Duration.FromSeconds(2), OneWay: true));
        lan.SendEvery(Duration.FromMilliseconds(500), 6, fromPort: 0);
        lan.SendEvery(Duration.FromMilliseconds(500), 6, fromPort: 1);
        lan.Scheduler.RunUntil(Instant.Zero + Duration.FromSeconds(5));

        // n1 → n2 blocked for the sends at 1.0 s and 1.5 s; n2 → n1 untouched.
        Assert.Equal([0, 1, 4, 5], lan.Received.Where(r => r.Node == "n2").Select(r => (int)r.Packet.Payload.Span[0]));
        Assert.Equal(6, lan.Received.Count(r => r.Node == "n1"));
        Assert.Equal(2, lan.Network.Counters.BlockedByPartition);
    }

    [Fact]
    public void A_down_port_neither_sends_nor_receives()
    {
        var lan = new Lan(1, 3);
        lan.Ports[2].IsUp = false;
        lan.Network.Send(lan.Ports[0], new SimPacket(IPAddress.Parse("10.0.0.1"), Group, 255, new byte[] { 1 }));
        lan.Network.Send(lan.Ports[2], new SimPacket(IPAddress.Parse("10.0.0.3"), Group, 255, new byte[] { 2 }));
        lan.Scheduler.RunUntil(Instant.Zero + Duration.FromSeconds(1));
        Assert.Equal(["n2:1"], lan.Received.Select(r => $"{r.Node}:{r.Packet.Payload.Span[0]}"));
        Assert.Equal(2, lan.Network.Counters.DroppedLinkDown);
    }

    [Fact]
    public void Invalid_fault_values_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinkFaults { Loss = 1.5 }.Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinkFaults { Duplicate = double.NaN }.Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinkFaults { Delay = Duration.FromSeconds(-1) }.Validated());
    }
}
