using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Engine.EngineKit;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>
/// Random event storms against one router (seeded, bounded): whatever arrives, the command stream stays coherent —
/// addresses are held exactly while MASTER, transitions chain, timers lie in the future, priorities stay in range.
/// </summary>
public class EngineInvariantTests
{
    private sealed class Observer
    {
        public Dictionary<string, VrrpState> States { get; } = [];
        public Dictionary<string, bool> Holding { get; } = [];

        public void Consume(VrrpRouter r)
        {
            StateChanged? pending = null;
            foreach (var c in r.DrainCommands())
            {
                switch (c)
                {
                    case AcquireAddresses { Addresses: null } a: Holding[a.Instance] = true; break;
                    case ReleaseAddresses { Addresses: null } rel: Holding[rel.Instance] = false; break;
                    case StateChanged s:
                        Assert.Equal(States.GetValueOrDefault(s.Instance, VrrpState.Init), s.From);
                        Assert.NotEqual(s.From, s.To);
                        States[s.Instance] = s.To;
                        pending = s;
                        break;
                    case Notify { Scope: NotifyScope.Instance, Event: NotifyEvent.Master or NotifyEvent.Backup or NotifyEvent.Fault or NotifyEvent.Stop } n:
                        Assert.NotNull(pending);
                        Assert.Equal(pending!.TransitionId, n.TransitionId);
                        break;
                }
            }
        }
    }

    private static readonly string[] Sources = ["192.168.200.1", "192.168.200.2", "192.168.200.200", "10.0.0.1"];

    [Fact]
    public void Random_event_storms_keep_the_command_stream_coherent()
    {
        var visited = new HashSet<VrrpState>();
        for (var seed = 0; seed < 150; seed++)
            RunStorm(seed, visited);
        // The storms must really reach every state, or they prove little.
        Assert.Superset(new HashSet<VrrpState> { VrrpState.Backup, VrrpState.Master, VrrpState.Fault, VrrpState.Stop }, visited);
    }

    private static void RunStorm(int seed, HashSet<VrrpState> visited)
    {
        var random = new Random(seed);
        var version = random.Next(2) == 0 ? VrrpVersion.V2 : VrrpVersion.V3;
        var interval = version == VrrpVersion.V2 ? Duration.FromSeconds(1L) : Duration.FromCentiseconds(random.Next(1, 200));
        var wire = version == VrrpVersion.V2 ? (ushort)1 : (ushort)(interval.Ticks / Duration.FromCentiseconds(1).Ticks);
        InstanceSettings Make(string name, byte vrid, byte prio) => Instance(name, prio, "192.168.200.2", version, interval, vrid) with
        {
            Preempt = random.Next(3) != 0,
            PreemptDelay = random.Next(4) == 0 ? Duration.FromSeconds(2L) : Duration.Zero,
            LowerPrioNoAdvert = random.Next(2) == 0,
            HigherPrioSendAdvert = random.Next(2) == 0,
            InitialState = prio == 255 || random.Next(3) == 0 ? InitialState.Master : InitialState.Backup,
            Trackers = [new TrackedItem(TrackerKind.Interface, "eth1", random.Next(-60, 60)), new TrackedItem(TrackerKind.Script, "chk", random.Next(3) == 0 ? 0 : 15)],
        };
        var a = Make("A", 1, (byte)random.Next(1, 256));
        var b = Make("B", 2, (byte)random.Next(1, 255));
        var grouped = random.Next(2) == 0;
        var settings = Settings(a, b) with
        {
            Scripts = [new ScriptSettings("chk", random.Next(1, 4), random.Next(1, 4), random.Next(4) == 0)],
            SyncGroups = grouped ? [new SyncGroupSettings { Name = "G", Members = ["A", "B"] }] : [],
        };
        var r = new VrrpRouter(settings);
        var seen = new Observer();
        var now = T0;
        r.Start(now);
        seen.Consume(r);
        for (var step = 0; step < 200; step++)
        {
            now += new Duration((long)(random.NextDouble() * Duration.FromSeconds(2L).Ticks));
            switch (random.Next(9))
            {
                case 0:
                case 1:
                case 2:
                    r.HandleAdvert(now, From(Sources[random.Next(Sources.Length)], (byte)random.Next(0, 256), version,
                        random.Next(5) == 0 ? (ushort)(wire + 1) : wire, (byte)random.Next(1, 4)));
                    break;
                case 3: r.InterfaceState(now, random.Next(4) == 0 ? Eth : "eth1", random.Next(2) == 0); break;
                case 4: r.ScriptResult(now, "chk", random.Next(3) != 0); break;
                case 5: r.AddressRemoved(now, Vip); break;
                case 6:
                    r.Reload(now, random.Next(2) == 0 ? settings : settings with
                    {
                        Instances = [a with { VirtualAddresses = [Vip, IPAddress.Parse("192.168.200.77")] }, b],
                    });
                    break;
                default:
                    r.HandleTimeout(now);
                    break;
            }
            seen.Consume(r);
            r.HandleTimeout(now);
            seen.Consume(r);
            Assert.True(r.NextDeadline > now, $"seed {seed}: a timer is left in the past");
            foreach (var s in r.Instances)
            {
                visited.Add(s.State);
                Assert.Equal(s.State == VrrpState.Master, seen.Holding.GetValueOrDefault(s.Name));
                Assert.Equal(seen.States.GetValueOrDefault(s.Name, VrrpState.Init), s.State);
                if (s.BasePriority == 255) Assert.InRange(s.EffectivePriority, 254, 255);
                else Assert.InRange(s.EffectivePriority, 1, 254);
            }
        }
        r.Shutdown(now);
        seen.Consume(r);
        visited.UnionWith(r.Instances.Select(i => i.State));
        Assert.All(seen.Holding.Values, held => Assert.False(held));
    }
}
