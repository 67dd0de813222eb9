using System.Globalization;
using System.Text;
using HaDaemon.Core.Simulation;

namespace HaDaemon.Operations;

/// <summary>
/// What <c>hadaemon simulate</c> prints: one line per timeline entry with its exact virtual time, then each
/// instance's final state, each virtual address's holders and any period with two masters.
/// </summary>
public static class SimulationReport
{
    public static void Write(Simulator sim, SimulationPlan plan, TextWriter output)
    {
        foreach (var entry in sim.Timeline.Entries)
        {
            output.WriteLine(Line(entry));
        }
        output.WriteLine($"# at {VirtualTimeText.Format(plan.Until)} (seed {plan.Seed.ToString(CultureInfo.InvariantCulture)}; "
            + $"adverts sent {sim.AdvertsSent}, delivered {sim.AdvertsDelivered}, rejected by decoder {sim.AdvertsRejectedByCodec})");
        foreach (var node in sim.Nodes)
        {
            foreach (var instance in node.Settings.Instances)
            {
                var state = sim.Status(node.Name, instance.Name) is { } s ? $"{s.State.ToString().ToUpperInvariant()} prio {s.EffectivePriority}" : "down";
                output.WriteLine($"{node.Name} {instance.Name}: {state}");
            }
        }
        var addresses = sim.Nodes.SelectMany(n => n.Settings.Instances)
            .SelectMany(i => i.VirtualAddresses.Concat(i.ExcludedAddresses)).Distinct().OrderBy(a => a.ToString(), StringComparer.Ordinal);
        foreach (var address in addresses)
        {
            var holders = sim.HoldersOf(address);
            output.WriteLine($"VIP {address}: {(holders.Count == 0 ? "nobody" : string.Join(",", holders))}");
        }
        var overlaps = sim.Timeline.MasterOverlaps();
        output.WriteLine(overlaps.Count == 0 ? "split brain: none" : "split brain:");
        foreach (var o in overlaps)
        {
            var until = o.Until == Core.Time.Instant.Never ? "end" : VirtualTimeText.Format(o.Until);
            output.WriteLine($"  {o.VirtualRouter}: {o.Masters} from {VirtualTimeText.Format(o.From)} to {until}");
        }
    }

    /// <summary>"3.609375s node2 VI_1 BACKUP -> MASTER (master down timer expired) prio 100 | 10.0.0.100@node2".</summary>
    public static string Line(TimelineEntry e)
    {
        var line = new StringBuilder(VirtualTimeText.Format(e.At)).Append(' ').Append(e.Node);
        if (e.Instance is not null)
        {
            line.Append(' ').Append(e.Instance);
        }
        line.Append(e.Kind switch
        {
            TimelineKind.StateChange => $" {e.FromState} -> {e.ToState}",
            TimelineKind.AddressesAcquired => " +addresses",
            TimelineKind.AddressesReleased => " -addresses",
            TimelineKind.Node => "",
            _ => "",
        });
        if (e.Reason.Length > 0)
        {
            line.Append(" (").Append(e.Kind == TimelineKind.StateChange ? Words(e.Reason) : e.Reason).Append(')');
        }
        if (e.Priority is { } priority)
        {
            line.Append(CultureInfo.InvariantCulture, $" prio {priority}");
        }
        if (e.Holders.Length > 0)
        {
            line.Append(" | ").Append(e.Holders);
        }
        return line.ToString();
    }

    /// <summary>The engine's reason names in words: MasterDownTimerExpired → "master down timer expired".</summary>
    private static string Words(string pascal)
    {
        var words = new StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }
            words.Append(char.ToLowerInvariant(c));
        }
        return words.ToString();
    }
}
