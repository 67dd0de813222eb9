using System.Net;
using System.Net.NetworkInformation;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Announcements;

/// <summary>
/// Minimum gap between two gratuitous ARPs / two unsolicited NAs on one interface (vrrp_garp_interval /
/// vrrp_gna_interval), or on every interface sharing <paramref name="Lane"/> (a garp_group: one "next send" time for
/// all its interfaces). Without a lane each interface is its own.
/// </summary>
public sealed record AnnouncementSpacing(TimeSpan GarpInterval, TimeSpan GnaInterval, string? Lane = null)
{
    public static readonly AnnouncementSpacing None = new(TimeSpan.Zero, TimeSpan.Zero);
}

/// <summary>
/// Tells the segment where the virtual addresses now live: a gratuitous ARP (broadcast ARP request, sender = target =
/// VIP) per IPv4 address and an unsolicited NA (to ff02::1, hop limit 255, Override, Router iff the interface forwards,
/// target link-layer option) per IPv6 address, from the interface MAC or the given VMAC.
/// </summary>
public interface IAnnouncer : IDisposable
{
    /// <summary>
    /// Sends one announcement per address on <paramref name="interfaceName"/>, keeping the interface's spacing between
    /// consecutive frames of a kind. Completes when all are sent, with the first failure if any (later ones are still tried).
    /// </summary>
    Task<PlatformResult> AnnounceAsync(string interfaceName, IReadOnlyList<IPAddress> addresses, PhysicalAddress? sourceMac = null,
        CancellationToken cancellationToken = default);
}
