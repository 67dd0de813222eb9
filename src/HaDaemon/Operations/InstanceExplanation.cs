using System.Net;
using System.Text;
using HaDaemon.Config.Model;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Engine.Tracking;
using HaDaemon.Core.Packets;
using HaDaemon.Mapping;

namespace HaDaemon.Operations;

/// <summary>
/// What the daemon will do with one vrrp_instance, computed by the same mapper and timer arithmetic the engine uses:
/// priorities, timers, wire interval, tie-break, where each address and route goes, what each tracker weighs.
/// </summary>
public static class InstanceExplanation
{
    /// <param name="router">The whole node's settings, for what applies to every instance (the startup delay).</param>
    public static string Write(VrrpInstance config, InstanceSettings engine, SyncGroupSettings? group, RouterSettings? router = null)
    {
        var text = new StringBuilder();
        var family = engine.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
        var version = engine.Version == VrrpVersion.V3 ? 3 : 2;
        text.AppendLine($"{engine.Name}: VRRPv{version} {family}, virtual_router_id {engine.VirtualRouterId}, interface {engine.Interface}"
            + (group is null ? "" : $", sync group {group.Name}"));

        var trackers = EffectiveTracking.Trackers(engine, group);
        var (best, worst, canFault, valueDriven) = TrackerRows.Range(trackers);
        text.Append($"  priority: base {engine.Priority}");
        if (engine.IsOwner)
        {
            text.AppendLine(" (address owner: always 255, takes MASTER at start)");
        }
        else
        {
            text.Append($", effective {EffectiveTracking.Priority(engine.Priority, worst)}..{EffectiveTracking.Priority(engine.Priority, best)}"
                + $" (trackers add {worst}..+{best}, clamped to 1..254)");
            text.AppendLine((canFault ? "; FAULT possible" : "") + (valueDriven ? "; plus track_file values" : ""));
        }

        var interval = engine.AdvertInterval;
        var wire = version == 2
            ? $"{interval.Ticks / Core.Time.Duration.TicksPerSecond} (v2 unit: seconds)"
            : $"{interval.Ticks / Core.Time.Duration.TicksPerCentisecond} (v3 unit: centiseconds)";
        text.AppendLine($"  advert interval: configured {config.AdvertInterval.TotalSeconds:0.###}s, on the wire {wire} = {VirtualTimeText.Format(interval)}");
        var skew = VrrpTimers.Skew(engine.Version, engine.Priority, interval);
        var down = VrrpTimers.MasterDown(engine.Version, engine.Priority, interval, engine.DownTimerAdverts);
        text.AppendLine(version == 2
            ? $"  skew time: (256 - {engine.Priority}) / 256 s = {VirtualTimeText.Format(skew)}"
            : $"  skew time: (256 - {engine.Priority}) x {VirtualTimeText.Format(interval)} / 256 = {VirtualTimeText.Format(skew)}"
              + " (a backup uses the master's advertised interval once it hears one)");
        text.AppendLine($"  master down interval: {engine.DownTimerAdverts} x {VirtualTimeText.Format(interval)} + skew = {VirtualTimeText.Format(down)}");
        text.AppendLine($"  start: {(engine.IsOwner ? "MASTER" : engine.InitialState.ToString().ToUpperInvariant())}"
            + $"{(engine.Preempt ? $", preempt (delay {VirtualTimeText.Format(engine.PreemptDelay)})" : ", nopreempt")}");
        AppendStartupHolds(text, engine, router);

        AppendTie(text, config, engine);
        AppendPlacement(text, config, engine.Interface);
        text.AppendLine("  trackers:" + (trackers.Count == 0 ? " none" : ""));
        foreach (var t in trackers)
        {
            text.AppendLine($"    {TrackerRows.Describe(t)}");
        }
        return text.ToString();
    }

    /// <summary>What keeps the instance from its normal start: a configuration fault, a startup delay.</summary>
    private static void AppendStartupHolds(StringBuilder text, InstanceSettings engine, RouterSettings? router)
    {
        foreach (var fault in engine.ConfigFaults)
        {
            text.AppendLine($"  FAULT from start: {fault}; sends nothing and never becomes MASTER until a reload fixes it");
        }
        if (router is null || (router.StartupDelay == Core.Time.Duration.Zero && router.DelayAfterBoot == Core.Time.Duration.Zero))
        {
            return;
        }
        var delays = new List<string>();
        if (router.StartupDelay > Core.Time.Duration.Zero)
        {
            delays.Add($"vrrp_startup_delay {VirtualTimeText.Format(router.StartupDelay)} after the daemon starts");
        }
        if (router.DelayAfterBoot > Core.Time.Duration.Zero)
        {
            delays.Add($"vrrp_delay_after_boot until {VirtualTimeText.Format(router.DelayAfterBoot)} after boot");
        }
        text.AppendLine($"  startup delay: {string.Join(", and ", delays)}{(delays.Count > 1 ? " (the longer wins)" : "")}");
        text.AppendLine(engine.IsOwner
            ? "    no advert and no MASTER before it ends; the owner takes MASTER when it ends"
            : "    BACKUP (or FAULT) at once, but the down timer runs from the end of the delay: no advert and no MASTER before it ends");
    }

    /// <summary>RFC 3768 §6.4.3 / RFC 5798 §6.4.3: at equal priority the higher primary address wins, compared as unsigned numbers.</summary>
    private static void AppendTie(StringBuilder text, VrrpInstance config, InstanceSettings engine)
    {
        var source = engine.PrimaryAddress;
        var origin = config.SourceAddress is not null ? (config.Unicast ? "unicast_src_ip" : "mcast_src_ip") : "interface's primary address";
        text.AppendLine($"  source address: {source?.ToString() ?? "none found (the instance cannot send)"} ({origin})");
        text.AppendLine(config.Unicast
            ? $"  sends to: unicast {string.Join(", ", engine.UnicastPeers.Select(p => p.Address))}"
            : $"  sends to: multicast {engine.MulticastGroup?.ToString() ?? (engine.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ff02::12" : "224.0.0.18")}");
        text.AppendLine("  tie (equal priority): the higher source address wins, compared as unsigned big-endian numbers");
        if (!config.Unicast)
        {
            text.AppendLine("    peers: not known in advance (multicast); the comparison is made with each advert's source");
        }
        if (source is null)
        {
            return;
        }
        foreach (var peer in engine.UnicastPeers.Select(p => p.Address))
        {
            var order = Compare(source, peer);
            text.AppendLine(order switch
            {
                > 0 => $"    vs {peer}: we win ({source} > {peer})",
                < 0 => $"    vs {peer}: {peer} wins ({peer} > {source})",
                _ => $"    vs {peer}: same address as ours",
            });
        }
    }

    private static int Compare(IPAddress a, IPAddress b)
    {
        var x = a.GetAddressBytes();
        var y = b.GetAddressBytes();
        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.AsSpan().SequenceCompareTo(y);
    }

    private static void AppendPlacement(StringBuilder text, VrrpInstance config, string instanceInterface)
    {
        text.AppendLine("  addresses (added as MASTER, removed otherwise):");
        foreach (var (a, kind) in config.VirtualIpAddresses.Select(a => (a, "vip"))
            .Concat(config.ExcludedIpAddresses.Select(a => (a, "evip (not in adverts)"))))
        {
            var spec = LinuxSpecMapper.Address(a, instanceInterface);
            text.AppendLine($"    {kind} {spec.Address}/{spec.PrefixLength} dev {spec.Interface}"
                + (a.Label is null ? "" : $" label {a.Label}") + (a.NoTrack ? " no_track" : ""));
        }
        foreach (var r in config.VirtualRoutes)
        {
            var dev = r.Device ?? "(the kernel's choice)";
            text.AppendLine($"    route {r.Destination}{(r.Via is null ? "" : $" via {r.Via}")} dev {dev}"
                + (r.Table == 254 ? "" : $" table {r.Table}"));
        }
        foreach (var rule in config.VirtualRules)
        {
            text.AppendLine($"    rule{(rule.From is null ? "" : $" from {rule.From}")}{(rule.To is null ? "" : $" to {rule.To}")}"
                + $"{(rule.Table is null ? "" : $" table {rule.Table}")}");
        }
    }
}
