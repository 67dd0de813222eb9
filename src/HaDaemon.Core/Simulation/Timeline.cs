using System.Globalization;
using System.Text;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Simulation;

public enum TimelineKind : byte
{
    /// <summary>An instance changed VRRP state.</summary>
    StateChange,
    /// <summary>An instance added its virtual addresses.</summary>
    AddressesAcquired,
    /// <summary>An instance removed its virtual addresses (or lost them with its node).</summary>
    AddressesReleased,
    /// <summary>A node started, stopped gracefully or was killed.</summary>
    Node,
    /// <summary>The scenario injected or lifted a fault (loss, partition, link state, tracker result).</summary>
    Fault,
}

/// <summary>
/// One line of what happened. States are kept as the engine's names so that the timeline prints the same way in
/// tests and in <c>hadaemon simulate</c>; <see cref="Holders"/> says, after the event, which nodes hold each of the
/// instance's virtual addresses (two names = split brain).
/// </summary>
public sealed record TimelineEntry(
    Instant At,
    TimelineKind Kind,
    string Node,
    string? Instance,
    /// <summary>The virtual router the instance takes part in ("segment/vrid N/IPv4"): one election per value.</summary>
    string? VirtualRouter,
    string? FromState,
    string? ToState,
    string Reason,
    int? Priority,
    string Holders)
{
    public override string ToString()
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{At.Ticks / (double)Duration.TicksPerSecond,12:0.000000}s  {Node,-8}");
        if (Instance is not null)
        {
            line.Append(CultureInfo.InvariantCulture, $" {Instance}");
        }
        line.Append(Kind switch
        {
            TimelineKind.StateChange => $" {FromState} -> {ToState}",
            TimelineKind.AddressesAcquired => " +addresses",
            TimelineKind.AddressesReleased => " -addresses",
            TimelineKind.Node => " node",
            _ => " fault",
        });
        if (Reason.Length > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" ({Reason})");
        }
        if (Priority is { } priority)
        {
            line.Append(CultureInfo.InvariantCulture, $" prio {priority}");
        }
        if (Holders.Length > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" | {Holders}");
        }
        return line.ToString();
    }
}

/// <summary>Two or more simultaneous masters of one virtual router over [From, Until).</summary>
public sealed record MasterOverlap(string VirtualRouter, Instant From, Instant Until, string Masters)
{
    public Duration Length => Until == Instant.Never ? Duration.MaxValue : Until - From;
}

/// <summary>The ordered record of a run; two runs with the same scenario and seed produce equal timelines.</summary>
public sealed class Timeline
{
    private readonly List<TimelineEntry> _entries = [];

    public IReadOnlyList<TimelineEntry> Entries => _entries;

    public void Add(TimelineEntry entry) => _entries.Add(entry);

    public IEnumerable<TimelineEntry> StateChanges(string? node = null, string? instance = null) =>
        _entries.Where(e => e.Kind == TimelineKind.StateChange
            && (node is null || e.Node == node)
            && (instance is null || e.Instance == instance));

    /// <summary>
    /// Every period during which two or more instances of one virtual router were MASTER at once, from the state
    /// changes (a killed node's instances are recorded as leaving their state, so they stop counting).
    /// Zero-length overlaps (a handover completed within one instant) are not reported.
    /// A period still open at the end of the run has <see cref="MasterOverlap.Until"/> = <see cref="Instant.Never"/>.
    /// </summary>
    public IReadOnlyList<MasterOverlap> MasterOverlaps(string masterState = "MASTER")
    {
        var masters = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        // Per virtual router with an overlap in progress: when it began and everyone who was master during it.
        var open = new Dictionary<string, (Instant Since, SortedSet<string> Involved)>(StringComparer.Ordinal);
        var overlaps = new List<MasterOverlap>();
        foreach (var e in StateChanges())
        {
            if (e.VirtualRouter is not { } vr)
            {
                continue;
            }
            if (!masters.TryGetValue(vr, out var current))
            {
                masters[vr] = current = new SortedSet<string>(StringComparer.Ordinal);
            }
            var who = $"{e.Node}/{e.Instance}";
            if (e.ToState == masterState)
            {
                current.Add(who);
            }
            else
            {
                current.Remove(who);
            }
            var isOpen = open.TryGetValue(vr, out var overlap);
            if (current.Count >= 2)
            {
                if (!isOpen)
                {
                    open[vr] = overlap = (e.At, new SortedSet<string>(StringComparer.Ordinal));
                }
                overlap.Involved.UnionWith(current);
            }
            else if (isOpen)
            {
                // Handing over within one instant (the new master's advert reaches the old one with zero latency)
                // is sequential processing, not two masters on the wire.
                if (overlap.Since == e.At)
                {
                    open.Remove(vr);
                    continue;
                }
                overlaps.Add(new MasterOverlap(vr, overlap.Since, e.At, string.Join(",", overlap.Involved)));
                open.Remove(vr);
            }
        }
        foreach (var (vr, overlap) in open.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            overlaps.Add(new MasterOverlap(vr, overlap.Since, Instant.Never, string.Join(",", overlap.Involved)));
        }
        return overlaps;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var entry in _entries)
        {
            text.AppendLine(entry.ToString());
        }
        return text.ToString();
    }
}
