using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Model;

/// <summary>
/// keepalived's <c>garp_group</c>: the gratuitous ARP / unsolicited NA spacing of its interfaces, replacing
/// <c>vrrp_garp_interval</c> / <c>vrrp_gna_interval</c> there. The interfaces share one spacing lane (keepalived's
/// aggregation group: one "next send" time for all of them); an interval left unset means no spacing of that kind on
/// them, not the global one. <paramref name="Number"/> is keepalived's aggregation group number (0 without an
/// <c>interfaces</c> block), used in its messages.
/// </summary>
public sealed record GarpGroup(int Number, TimeSpan? GarpInterval, TimeSpan? GnaInterval, IReadOnlyList<string> Interfaces,
    SourceLocation Location);
