using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine.Tracking;

/// <summary>The <c>interface_up_down_delays</c> of one interface; zero = that direction takes effect at once.</summary>
public readonly record struct LinkDelays(Duration Down, Duration Up)
{
    public bool Any => Down > Duration.Zero || Up > Duration.Zero;
}

/// <summary>What became of one reported link state (the host applies <see cref="Apply"/> at once and logs the rest).</summary>
public enum LinkVerdict : byte
{
    /// <summary>Same up/down state as applied (or already pending): nothing to do.</summary>
    Unchanged,
    /// <summary>Apply the new state now.</summary>
    Apply,
    /// <summary>Held back for the interface's delay in that direction (keepalived's "Adding flags change … delay by").</summary>
    Delayed,
    /// <summary>A held-back change was dropped because the link went back before its delay ended.</summary>
    Cancelled,
}

/// <summary>One observation's outcome; <see cref="FromFlags"/>/<see cref="Delay"/> are for the host's log line.</summary>
public readonly record struct LinkDecision(LinkVerdict Verdict, bool Up, uint FromFlags, Duration Delay);

/// <summary>A held-back change whose delay has run out: the host applies it now.</summary>
public readonly record struct DueLinkChange(string Interface, bool Up, uint Flags);

/// <summary>
/// keepalived's link debounce (keepalived_netlink.c update_interface_flags / delayed_if_flags_change_thread): when an
/// interface that has been up before changes up↔down and has a delay for that direction, the change is held back for
/// the delay; a further report in the same direction keeps the timer, one back to the applied state cancels it. The
/// first appearance of a link, a link never seen up and interfaces without delays apply at once. Sans-I/O: reports
/// and timeouts come in with an <see cref="Instant"/>, the host schedules <see cref="NextDeadline"/>.
/// Interfaces without delays pass straight through (every report is <see cref="LinkVerdict.Apply"/>), as before.
/// </summary>
public sealed class LinkDebouncer
{
    private sealed class Link
    {
        public bool? AppliedUp;
        public uint AppliedFlags;
        public bool SeenUp;
        public (bool Up, uint Flags, Instant Due)? Pending;
    }

    private readonly Dictionary<string, Link> _links = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, LinkDelays> _delays;

    /// <summary>Links with a held-back change: the loop asks for <see cref="NextDeadline"/> every turn, and with
    /// none pending (nearly always) that must not walk every link of a host with hundreds of VMACs.</summary>
    private int _pending;

    public LinkDebouncer(IReadOnlyDictionary<string, LinkDelays> delays) => _delays = delays;

    /// <summary>A reload's delays; the links' states and pending changes are kept (keepalived keeps its interfaces).</summary>
    public void Configure(IReadOnlyDictionary<string, LinkDelays> delays) => _delays = delays;

    /// <summary>The delays in force, by interface.</summary>
    public IReadOnlyDictionary<string, LinkDelays> Delays => _delays;

    public LinkDelays DelaysOf(string name) => _delays.TryGetValue(name, out var d) ? d : default;

    /// <summary>The earliest held-back change, <see cref="Instant.Never"/> when none.</summary>
    public Instant NextDeadline
    {
        get
        {
            var next = Instant.Never;
            if (_pending == 0) return next;
            foreach (var l in _links.Values)
            {
                if (l.Pending is { } p && p.Due < next) next = p.Due;
            }
            return next;
        }
    }

    /// <summary>
    /// A reported link state. <paramref name="immediate"/> (start-up, re-reads) applies at once and drops any
    /// pending change, as keepalived's immediate flag.
    /// </summary>
    public LinkDecision Observe(Instant now, string name, bool up, uint flags, bool immediate = false)
    {
        if (!_links.TryGetValue(name, out var link))
        {
            link = new Link();
            _links[name] = link;
        }
        if (!DelaysOf(name).Any && link.Pending is null)
        {
            return Applied(link, up, flags);
        }
        var cancelled = false;
        if (link.Pending is { } pending)
        {
            if (!immediate && pending.Up == up)
            {
                // Still heading the same way: keep the timer, remember the latest flags (thread_update_arg2).
                link.Pending = (up, flags, pending.Due);
                return new LinkDecision(LinkVerdict.Unchanged, up, link.AppliedFlags, Duration.Zero);
            }
            link.Pending = null;
            _pending--;
            cancelled = true;
        }
        if (!immediate && link.AppliedUp == up)
        {
            link.AppliedFlags = flags;
            return new LinkDecision(cancelled ? LinkVerdict.Cancelled : LinkVerdict.Unchanged, up, flags, Duration.Zero);
        }
        var delay = up ? DelaysOf(name).Up : DelaysOf(name).Down;
        if (!immediate && link.SeenUp && link.AppliedUp is not null && delay > Duration.Zero)
        {
            link.Pending = (up, flags, now + delay);
            _pending++;
            return new LinkDecision(LinkVerdict.Delayed, up, link.AppliedFlags, delay);
        }
        return Applied(link, up, flags);
    }

    /// <summary>A deleted link: applied down at once, and it counts as never seen up again (keepalived clears seen_up).</summary>
    public void Removed(string name)
    {
        if (_links.Remove(name, out var link) && link.Pending is not null) _pending--;
    }

    /// <summary>The held-back changes whose delay has run out by <paramref name="now"/>, now applied.</summary>
    public IReadOnlyList<DueLinkChange> HandleTimeout(Instant now)
    {
        List<DueLinkChange>? due = null;
        if (_pending == 0) return [];
        foreach (var (name, link) in _links)
        {
            if (link.Pending is { } p && p.Due <= now)
            {
                link.Pending = null;
                _pending--;
                Applied(link, p.Up, p.Flags);
                (due ??= []).Add(new DueLinkChange(name, p.Up, p.Flags));
            }
        }
        return due ?? (IReadOnlyList<DueLinkChange>)[];
    }

    private static LinkDecision Applied(Link link, bool up, uint flags)
    {
        var from = link.AppliedFlags;
        link.AppliedUp = up;
        link.AppliedFlags = flags;
        link.SeenUp |= up;
        return new LinkDecision(LinkVerdict.Apply, up, from, Duration.Zero);
    }
}
