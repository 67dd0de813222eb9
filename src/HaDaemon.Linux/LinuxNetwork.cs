using HaDaemon.Linux.Addresses;
using HaDaemon.Linux.Adverts;
using HaDaemon.Linux.Announcements;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Monitoring;
using HaDaemon.Linux.Namespaces;
using HaDaemon.Linux.Netlink;
using HaDaemon.Linux.Results;
using HaDaemon.Linux.Vmac;

namespace HaDaemon.Linux;

/// <summary>
/// The Linux data plane for one network namespace: one rtnetlink request socket shared by the look-up and change
/// services, plus factories for the socket-owning parts. Everything is created inside <see cref="Context"/>.
/// </summary>
public sealed class LinuxNetwork : IDisposable
{
    private readonly NetlinkSocket netlink;

    private LinuxNetwork(INetworkContext context, NetlinkSocket netlink)
    {
        Context = context;
        this.netlink = netlink;
        Interfaces = new NetlinkInterfaceCatalog(netlink);
        Addresses = new NetlinkAddressManager(netlink, Interfaces);
        Vmacs = new NetlinkVmacManager(context, netlink, Interfaces, Addresses);
    }

    public INetworkContext Context { get; }

    public IInterfaceCatalog Interfaces { get; }

    public IAddressManager Addresses { get; }

    public IVmacManager Vmacs { get; }

    /// <summary>Opens the data plane in <paramref name="context"/> (the process's own namespace when null).</summary>
    public static PlatformResult<LinuxNetwork> Open(INetworkContext? context = null)
    {
        context ??= CurrentNetworkContext.Instance;
        var netlink = NetlinkSocket.Open(context);
        return netlink.IsSuccess ? new LinuxNetwork(context, netlink.Value!) : netlink.Error!;
    }

    /// <summary>A new link/address event stream (its own netlink socket); call Start on it.</summary>
    public ILinkMonitor CreateLinkMonitor() => new NetlinkLinkMonitor(Context);

    public IAdvertTransport CreateAdvertTransport() => new LinuxAdvertTransport(Context, Interfaces);

    /// <summary>
    /// The GARP/NA sender (one AF_PACKET socket). <paramref name="spacing"/> gives each interface's
    /// vrrp_garp_interval / vrrp_gna_interval; null = no spacing.
    /// </summary>
    public PlatformResult<IAnnouncer> CreateAnnouncer(Func<string, AnnouncementSpacing>? spacing = null, TimeProvider? time = null) =>
        PacketAnnouncer.Open(Context, Interfaces, spacing, time);

    public void Dispose() => netlink.Dispose();
}
