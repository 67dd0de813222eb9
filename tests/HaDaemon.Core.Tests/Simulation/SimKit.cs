using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Simulation;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Tests.Simulation;

/// <summary>Builders for simulated LANs: nodes named nodeN with primary address 10.0.0.N on eth0 of segment "lan".</summary>
internal static class SimKit
{
    public const string Lan = "lan";
    public const string Eth = "eth0";

    public static Instant At(double seconds) => Instant.Zero + Duration.FromSeconds(seconds);

    public static IPAddress Primary(int host) => new(new byte[] { 10, 0, (byte)(host >> 8), (byte)host });

    public static IPAddress Vip(byte vrid, int index = 0) => new(new byte[] { 192, 168, vrid, (byte)(100 + index) });

    public static InstanceSettings Instance(string name, byte vrid, byte priority, IPAddress primary,
        VrrpVersion version = VrrpVersion.V2, Duration? interval = null, bool preempt = true, string eth = Eth) => new()
    {
        Name = name,
        VirtualRouterId = vrid,
        Interface = eth,
        Priority = priority,
        Version = version,
        AdvertInterval = interval ?? Duration.FromSeconds(1L),
        VirtualAddresses = [Vip(vrid)],
        PrimaryAddress = primary,
        Preempt = preempt,
        InitialState = priority == 255 ? InitialState.Master : InitialState.Backup,
    };

    /// <summary>Adds node<paramref name="host"/> with one instance "VI_1" of VRID 51 and starts nothing.</summary>
    public static SimNode AddRouter(this Simulator sim, int host, byte priority, VrrpVersion version = VrrpVersion.V2,
        Duration? interval = null, bool preempt = true)
    {
        var primary = Primary(host);
        var settings = new RouterSettings { Instances = [Instance("VI_1", 51, priority, primary, version, interval, preempt)] };
        return sim.AddNode($"node{host}", settings, new SimInterface(Eth, Lan, primary));
    }

    /// <summary>node1 (priority 200) and node2 (priority 100) sharing VI_1 on one lossless LAN, not started.</summary>
    public static Simulator MasterAndBackup(bool preempt = true, VrrpVersion version = VrrpVersion.V2, Duration? interval = null)
    {
        var sim = new Simulator(new Random(1));
        sim.AddRouter(1, 200, version, interval, preempt);
        sim.AddRouter(2, 100, version, interval, preempt);
        return sim;
    }

    public static Duration Skew(byte priority, Duration interval, VrrpVersion version) => version == VrrpVersion.V2
        ? new Duration((256 - priority) * Duration.TicksPerSecond / 256)
        : new Duration((256 - priority) * interval.Ticks / 256);

    public static Duration MasterDown(byte priority, Duration interval, VrrpVersion version) => (interval * 3) + Skew(priority, interval, version);

    /// <summary>When <paramref name="node"/> last entered <paramref name="state"/> according to the timeline.</summary>
    public static Instant LastEntered(this Simulator sim, string node, VrrpState state, string instance = "VI_1") =>
        sim.Timeline.StateChanges(node, instance).Last(e => string.Equals(e.ToState, state.ToString(), StringComparison.OrdinalIgnoreCase)).At;

    /// <summary>Remembers when each node last accepted an advert from each source address.</summary>
    public static Dictionary<(string Node, IPAddress From), Instant> TrackAdverts(this Simulator sim, bool includePriorityZero = false)
    {
        var last = new Dictionary<(string, IPAddress), Instant>();
        sim.AdvertObserved += (at, node, advert) =>
        {
            if (includePriorityZero || advert.Advert.Priority != 0)
            {
                last[(node, advert.Source)] = at;
            }
        };
        return last;
    }
}
