using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using HaDaemon.Core.Packets;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Namespaces;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Announcements;

/// <summary>
/// Sends the codec's complete Ethernet frames (GratuitousArp / NeighborAdvertisement) through one send-only AF_PACKET
/// socket, so the source MAC can be the VMAC whatever interface carries it. Each interface has a lane that serialises
/// its announcements and enforces the spacing.
/// </summary>
internal sealed class PacketAnnouncer : IAnnouncer
{
    private readonly Socket socket;
    private readonly IInterfaceCatalog catalog;
    private readonly Func<string, AnnouncementSpacing> spacing;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, Lane> lanes = new();

    private PacketAnnouncer(Socket socket, IInterfaceCatalog catalog, Func<string, AnnouncementSpacing> spacing, TimeProvider time)
    {
        this.socket = socket;
        this.catalog = catalog;
        this.spacing = spacing;
        this.time = time;
    }

    public static PlatformResult<IAnnouncer> Open(INetworkContext context, IInterfaceCatalog catalog,
        Func<string, AnnouncementSpacing>? spacing = null, TimeProvider? time = null)
    {
        // Protocol 0: a send-only packet socket, so no received frame is ever queued on it.
        var created = SocketFactory.Create(context, Libc.AF_PACKET, Libc.SOCK_RAW, 0, "socket(AF_PACKET)");
        return created.IsSuccess
            ? new PacketAnnouncer(created.Value!, catalog, spacing ?? (_ => AnnouncementSpacing.None), time ?? TimeProvider.System)
            : created.Error!;
    }

    public async Task<PlatformResult> AnnounceAsync(string interfaceName, IReadOnlyList<IPAddress> addresses,
        PhysicalAddress? sourceMac = null, CancellationToken cancellationToken = default)
    {
        var found = Link(interfaceName);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var link = found.Value!;
        var mac = (sourceMac ?? link.Mac).GetAddressBytes();
        if (mac.Length != 6)
        {
            return PlatformError.Invalid("announce", $"{interfaceName} has no Ethernet MAC");
        }
        var gaps = spacing(interfaceName);
        var lane = lanes.GetOrAdd(gaps.Lane ?? interfaceName, _ => new Lane());
        await lane.Gate.WaitAsync(cancellationToken);
        try
        {
            PlatformResult first = PlatformResult.Applied;
            foreach (var address in addresses)
            {
                var ipv4 = address.AddressFamily == AddressFamily.InterNetwork;
                var gap = ipv4 ? gaps.GarpInterval : gaps.GnaInterval;
                var wait = (ipv4 ? lane.NextArp : lane.NextNa) - time.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / time.TimestampFrequency), time, cancellationToken);
                }
                var result = Send(link, address, mac);
                var next = time.GetTimestamp() + (long)(gap.TotalSeconds * time.TimestampFrequency);
                if (ipv4)
                {
                    lane.NextArp = next;
                }
                else
                {
                    lane.NextNa = next;
                }
                if (first.IsSuccess && !result.IsSuccess)
                {
                    first = result;
                }
            }
            return first;
        }
        finally
        {
            lane.Gate.Release();
        }
    }

    /// <summary>
    /// How long a looked-up interface (MAC, forwarding flag) is reused. A mass failover announces hundreds of VIPs on
    /// the same few interfaces within milliseconds; one RTM_GETLINK round trip each was most of a transition's cost.
    /// A second is short enough for a changed MAC (rare: VMAC re-creation) to be picked up by the next burst.
    /// </summary>
    private static readonly TimeSpan LinkCacheLifetime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, (InterfaceInfo Link, long At)> links = new(StringComparer.Ordinal);

    private PlatformResult<InterfaceInfo> Link(string interfaceName)
    {
        var now = time.GetTimestamp();
        if (links.TryGetValue(interfaceName, out var cached) && time.GetElapsedTime(cached.At, now) < LinkCacheLifetime)
        {
            return cached.Link;
        }
        var found = catalog.Find(interfaceName);
        if (found.IsSuccess)
        {
            links[interfaceName] = (found.Value!, now);
        }
        else
        {
            links.TryRemove(interfaceName, out _);
        }
        return found;
    }

    private PlatformResult Send(InterfaceInfo link, IPAddress address, byte[] mac)
    {
        Span<byte> frame = stackalloc byte[NeighborAdvertisement.FrameLength];
        Span<byte> target = stackalloc byte[16];
        address.TryWriteBytes(target, out var written);
        int length;
        ushort etherType;
        if (written == 4)
        {
            length = GratuitousArp.WriteFrame(frame, mac, target[..4]);
            etherType = Ethernet.EtherTypeArp;
        }
        else
        {
            // keepalived sets the Router flag when the interface forwards IPv6 (RFC 4861 §7.2.4).
            length = NeighborAdvertisement.WriteFrame(frame, mac, target, link.Ipv6Forwarding);
            etherType = Ethernet.EtherTypeIpv6;
        }
        var operation = written == 4 ? $"gratuitous ARP for {address} on {link.Name}" : $"unsolicited NA for {address} on {link.Name}";
        try
        {
            socket.SendTo(frame[..length], SocketFlags.None, new LinkLayerEndPoint(link.Index, etherType));
            return PlatformResult.Applied;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return SocketFactory.ToError(operation, e);
        }
    }

    public void Dispose()
    {
        socket.Dispose();
        foreach (var lane in lanes.Values)
        {
            lane.Gate.Dispose();
        }
    }

    private sealed class Lane
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long NextArp { get; set; }

        public long NextNa { get; set; }
    }
}
