using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using HaDaemon.Core.Packets;
using HaDaemon.Linux.Addresses;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Namespaces;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Netlink;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Vmac;

/// <summary>
/// use_vmac as keepalived does it (vrrp_vmac.c, vrrp_if_config.c): macvlan in private mode with 00:00:5e:00:01:VRID
/// (IPv4) or 00:00:5e:00:02:VRID (IPv6); on the VMAC arp_ignore=1, accept_local=1, rp_filter=0, promote_secondaries=1;
/// on the parent arp_ignore=1 and arp_filter=1 (restored when its last VMAC goes); IPv6 off on an IPv4 VMAC, or no
/// automatic link-local on an IPv6 one, which gets the parent's link-local instead.
/// </summary>
internal sealed class NetlinkVmacManager(INetworkContext context, NetlinkSocket netlink, IInterfaceCatalog catalog, IAddressManager addresses)
    : IVmacManager
{
    private readonly object gate = new();
    /// <summary>Parent index → (VMACs on it, arp_ignore and arp_filter before we changed them; null when we did not).</summary>
    private readonly Dictionary<int, (int Users, uint? ArpIgnore, uint? ArpFilter)> parents = [];
    /// <summary>VMAC index → parent index, for the VMACs whose parent settings this manager holds.</summary>
    private readonly Dictionary<int, int> holding = [];

    public PlatformResult<InterfaceInfo> Create(VmacSpec spec)
    {
        var name = spec.EffectiveName;
        var operation = $"create VMAC {name} on {spec.BaseInterface}";
        if (name.Length is 0 or > 15)
        {
            return PlatformError.Invalid(operation, "interface names have 1 to 15 characters");
        }
        var parentFound = catalog.Find(spec.BaseInterface);
        if (!parentFound.IsSuccess)
        {
            return parentFound.Error!;
        }
        var parent = parentFound.Value!;
        var ipv6 = spec.Family == AddressFamily.InterNetworkV6;
        var mac = spec.Mac?.GetAddressBytes() ?? VirtualMac.Create(spec.VirtualRouterId, ipv6);
        lock (gate)
        {
            var made = EnsureMacvlan(name, parent, mac, operation);
            if (!made.IsSuccess)
            {
                return made.Error!;
            }
            var vmac = made.Value!;
            var configured = ipv6 || spec.KeepIpv6
                ? LinkRequests.DisableAddressGeneration(netlink, vmac.Index, name)
                : PlatformResult.Applied;
            if (configured.IsSuccess && !ipv6)
            {
                configured = PrepareIpv4(vmac, parent, spec.KeepIpv6);
            }
            if (configured.IsSuccess)
            {
                configured = LinkRequests.SetUp(netlink, vmac.Index, name);
            }
            if (configured.IsSuccess && ipv6)
            {
                configured = AddParentLinkLocal(vmac, parent);
            }
            if (!configured.IsSuccess)
            {
                // Leave nothing half-made behind.
                RemoveLocked(name);
                return configured.Error!;
            }
            return catalog.Find(name);
        }
    }

    public PlatformResult Remove(string name)
    {
        lock (gate)
        {
            return RemoveLocked(name);
        }
    }

    private PlatformResult RemoveLocked(string name)
    {
        var found = catalog.Find(name);
        if (!found.IsSuccess)
        {
            return found.Error!.Kind == PlatformErrorKind.InterfaceNotFound ? PlatformResult.AlreadyInState : found.Error!;
        }
        var vmac = found.Value!;
        if (vmac.Kind != "macvlan")
        {
            return PlatformError.Invalid($"remove VMAC {name}", "it is not a macvlan interface; refusing to delete it");
        }
        var deleted = LinkRequests.Delete(netlink, vmac.Index, name);
        if (deleted.IsSuccess && holding.Remove(vmac.Index, out var parentIndex))
        {
            ReleaseParent(parentIndex);
        }
        return deleted;
    }

    private PlatformResult<InterfaceInfo> EnsureMacvlan(string name, InterfaceInfo parent, byte[] mac, string operation)
    {
        var existing = catalog.Find(name);
        if (existing.IsSuccess)
        {
            var link = existing.Value!;
            if (link.Kind != "macvlan")
            {
                return PlatformError.Invalid(operation, $"{name} exists and is not a macvlan");
            }
            if (link.ParentIndex == parent.Index && link.Mac.Equals(new PhysicalAddress(mac)))
            {
                return link;
            }
            // keepalived: "Removing old VMAC interface … due to conflicting interface or MAC".
            var removed = RemoveLocked(name);
            if (!removed.IsSuccess)
            {
                return removed.Error!;
            }
        }
        var writer = LinkRequests.Begin(Rtnl.RTM_NEWLINK,
            Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL, 0, 0, 0);
        writer.AttrString(Rtnl.IFLA_IFNAME, name);
        writer.AttrU32(Rtnl.IFLA_LINK, (uint)parent.Index);
        writer.Attr(Rtnl.IFLA_ADDRESS, mac);
        var info = writer.BeginNested(Rtnl.IFLA_LINKINFO);
        writer.AttrString(Rtnl.IFLA_INFO_KIND, "macvlan");
        var data = writer.BeginNested(Rtnl.IFLA_INFO_DATA);
        writer.AttrU32(Rtnl.IFLA_MACVLAN_MODE, Rtnl.MACVLAN_MODE_PRIVATE);
        writer.EndNested(data);
        writer.EndNested(info);
        writer.EndMessage();
        var created = LinkRequests.Single(netlink, writer, ChangeKind.Other, operation);
        return created.IsSuccess ? catalog.Find(name) : created.Error!;
    }

    private PlatformResult PrepareIpv4(InterfaceInfo vmac, InterfaceInfo parent, bool keepIpv6)
    {
        var own = LinkRequests.SetIpv4Conf(netlink, vmac.Index, vmac.Name,
            (Rtnl.IPV4_DEVCONF_ARP_IGNORE, 1), (Rtnl.IPV4_DEVCONF_ACCEPT_LOCAL, 1),
            (Rtnl.IPV4_DEVCONF_RP_FILTER, 0), (Rtnl.IPV4_DEVCONF_PROMOTE_SECONDARIES, 1));
        if (!own.IsSuccess)
        {
            return own;
        }
        if (!holding.ContainsKey(vmac.Index))
        {
            var parentConf = AcquireParent(parent);
            if (!parentConf.IsSuccess)
            {
                return parentConf;
            }
            holding[vmac.Index] = parent.Index;
        }
        return keepIpv6 ? PlatformResult.Applied : DisableIpv6(vmac.Name);
    }

    /// <summary>The parent must not answer ARP for the VIPs living on its VMACs: arp_ignore=1, arp_filter=1 while any exist.</summary>
    private PlatformResult AcquireParent(InterfaceInfo parent)
    {
        if (parents.TryGetValue(parent.Index, out var state))
        {
            parents[parent.Index] = state with { Users = state.Users + 1 };
            return PlatformResult.Applied;
        }
        var request = LinkRequests.Begin(Rtnl.RTM_GETLINK, Rtnl.NLM_F_REQUEST, parent.Index, 0, 0);
        request.EndMessage();
        var current = netlink.Query(request, $"read sysctls of {parent.Name}");
        if (!current.IsSuccess)
        {
            return current.Error!;
        }
        var ignore = LinkRequests.Ipv4Conf(current.Value, Rtnl.IPV4_DEVCONF_ARP_IGNORE);
        var filter = LinkRequests.Ipv4Conf(current.Value, Rtnl.IPV4_DEVCONF_ARPFILTER);
        var change = ignore != 1 || filter != 1;
        if (change)
        {
            var set = LinkRequests.SetIpv4Conf(netlink, parent.Index, parent.Name,
                (Rtnl.IPV4_DEVCONF_ARP_IGNORE, 1), (Rtnl.IPV4_DEVCONF_ARPFILTER, 1));
            if (!set.IsSuccess)
            {
                return set;
            }
        }
        parents[parent.Index] = (1, change ? ignore ?? 0 : null, change ? filter ?? 0 : null);
        return PlatformResult.Applied;
    }

    private void ReleaseParent(int parentIndex)
    {
        if (!parents.TryGetValue(parentIndex, out var state))
        {
            return;
        }
        if (state.Users > 1)
        {
            parents[parentIndex] = state with { Users = state.Users - 1 };
            return;
        }
        parents.Remove(parentIndex);
        if (state.ArpIgnore is { } ignore && state.ArpFilter is { } filter && catalog.Find(parentIndex) is { IsSuccess: true } p)
        {
            LinkRequests.SetIpv4Conf(netlink, parentIndex, p.Value!.Name,
                (Rtnl.IPV4_DEVCONF_ARP_IGNORE, ignore), (Rtnl.IPV4_DEVCONF_ARPFILTER, filter));
        }
    }

    /// <summary>
    /// Adverts from an IPv6 VMAC leave from a link-local that is not derived from the VMAC: the parent's own, or one
    /// built from the parent's MAC (EUI-64) when the parent has none yet.
    /// </summary>
    private PlatformResult AddParentLinkLocal(InterfaceInfo vmac, InterfaceInfo parent)
    {
        var linkLocal = catalog.Ipv6LinkLocal(parent.Name);
        var address = linkLocal.IsSuccess ? new IPAddress(linkLocal.Value!.GetAddressBytes()) : Eui64LinkLocal(parent.Mac);
        return addresses.Add(new AddressSpec { Address = address, Interface = vmac.Name, PrefixLength = 64, NoDad = true }) is
            { IsSuccess: false } failed ? failed : PlatformResult.Applied;
    }

    private static IPAddress Eui64LinkLocal(PhysicalAddress mac)
    {
        var m = mac.GetAddressBytes();
        byte[] bytes = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, (byte)(m[0] ^ 0x02), m[1], m[2], 0xff, 0xfe, m[3], m[4], m[5]];
        return new IPAddress(bytes);
    }

    /// <summary>IPv6 has no netlink switch for disable_ipv6; write the sysctl from a thread inside the namespace.</summary>
    private PlatformResult DisableIpv6(string name) => context.Run<PlatformResult>(() =>
    {
        var path = $"/proc/sys/net/ipv6/conf/{name}/disable_ipv6";
        try
        {
            File.WriteAllText(path, "1");
            return PlatformResult.Applied;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new PlatformError(PlatformErrorKind.Kernel, "disable IPv6", Errno.EACCES, $"disable IPv6 on {name}: {path}: {e.Message}");
        }
    });
}
