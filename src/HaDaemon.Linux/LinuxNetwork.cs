using HaDaemon.Linux.Addresses;
using HaDaemon.Linux.Adverts;
using HaDaemon.Linux.Announcements;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Monitoring;
using HaDaemon.Linux.Namespaces;
using HaDaemon.Linux.Netlink;
using HaDaemon.Linux.Results;
using HaDaemon.Linux.Routing;
using HaDaemon.Linux.Vmac;

namespace HaDaemon.Linux;

/// <summary>
/// The Linux data plane for one network namespace: one rtnetlink request socket shared by the look-up and change
/// services, plus factories for the socket-owning parts. Everything is created inside <see cref="Context"/>.
/// </summary>
public sealed class LinuxNetwork : IDisposable
{
    private readonly NetlinkSocket netlink;
    private readonly InterfaceIndexer indexer;

    private LinuxNetwork(INetworkContext context, NetlinkSocket netlink, InterfaceIndexer indexer)
    {
        Context = context;
        this.netlink = netlink;
        this.indexer = indexer;
        Interfaces = new NetlinkInterfaceCatalog(netlink, indexer);
        Addresses = new NetlinkAddressManager(netlink, Interfaces);
        Vmacs = new NetlinkVmacManager(context, netlink, Interfaces, Addresses);
        Routing = new NetlinkRoutingManager(netlink, Interfaces);
    }

    public INetworkContext Context { get; }

    public IInterfaceCatalog Interfaces { get; }

    public IAddressManager Addresses { get; }

    public IVmacManager Vmacs { get; }

    public IRoutingManager Routing { get; }

    /// <summary>Opens the data plane in <paramref name="context"/> (the process's own namespace when null).</summary>
    public static PlatformResult<LinuxNetwork> Open(INetworkContext? context = null)
    {
        context ??= CurrentNetworkContext.Instance;
        var netlink = NetlinkSocket.Open(context);
        if (!netlink.IsSuccess)
        {
            return netlink.Error!;
        }
        var indexer = InterfaceIndexer.Open(context);
        if (!indexer.IsSuccess)
        {
            netlink.Value!.Dispose();
            return indexer.Error!;
        }
        return new LinuxNetwork(context, netlink.Value!, indexer.Value!);
    }

    /// <summary>A new link/address event stream (its own netlink socket); call Start on it.</summary>
    public ILinkMonitor CreateLinkMonitor() => new NetlinkLinkMonitor(Context);

    /// <summary>
    /// The shared VRRP sockets. An exception thrown by an instance's receive handler goes to
    /// <paramref name="onHandlerError"/> and does not stop the socket serving the other instances.
    /// </summary>
    public IAdvertTransport CreateAdvertTransport(Action<Exception>? onHandlerError = null) =>
        new LinuxAdvertTransport(Context, Interfaces, onHandlerError);

    /// <summary>
    /// The GARP/NA sender (one AF_PACKET socket). <paramref name="spacing"/> gives each interface's
    /// vrrp_garp_interval / vrrp_gna_interval; null = no spacing.
    /// </summary>
    public PlatformResult<IAnnouncer> CreateAnnouncer(Func<string, AnnouncementSpacing>? spacing = null, TimeProvider? time = null) =>
        PacketAnnouncer.Open(Context, Interfaces, spacing, time);

    public void Dispose()
    {
        netlink.Dispose();
        indexer.Dispose();
    }
}
