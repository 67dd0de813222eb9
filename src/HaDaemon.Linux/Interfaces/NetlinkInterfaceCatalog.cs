using System.Net;
using System.Net.Sockets;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Netlink;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Interfaces;

/// <summary>Interface and address look-ups with RTM_GETLINK / RTM_GETADDR.</summary>
internal sealed class NetlinkInterfaceCatalog(NetlinkSocket netlink, InterfaceIndexer? indexer = null) : IInterfaceCatalog
{
    public PlatformResult<int> IndexOf(string name)
    {
        if (indexer is not null)
        {
            return indexer.IndexOf(name);
        }
        var link = Find(name);
        return link.IsSuccess ? link.Value!.Index : link.Error!;
    }

    public PlatformResult<InterfaceInfo> Find(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 15)
        {
            return PlatformError.NoInterface("interface lookup", name);
        }
        var request = LinkRequest(0);
        request.AttrString(Rtnl.IFLA_IFNAME, name);
        request.EndMessage();
        return Answer(netlink.Query(request, $"interface lookup '{name}'"), name);
    }

    public PlatformResult<InterfaceInfo> Find(int index)
    {
        if (index <= 0)
        {
            return PlatformError.NoInterface("interface lookup", $"#{index}");
        }
        var request = LinkRequest(index);
        request.EndMessage();
        return Answer(netlink.Query(request, $"interface lookup #{index}"), $"#{index}");
    }

    public PlatformResult<IReadOnlyList<InterfaceInfo>> ListInterfaces()
    {
        var replies = DumpAll(Rtnl.RTM_GETLINK, RtnlParsers.IfInfoMsgSize, "list interfaces");
        return replies.IsSuccess ? replies.Value!.Select(RtnlParsers.Link).OfType<InterfaceInfo>().ToList() : replies.Error!;
    }

    public PlatformResult<IReadOnlyList<InterfaceAddress>> ListAddresses(int? interfaceIndex = null)
    {
        var replies = DumpAll(Rtnl.RTM_GETADDR, RtnlParsers.IfAddrMsgSize, "list addresses");
        if (!replies.IsSuccess)
        {
            return replies.Error!;
        }
        return replies.Value!
            .Select(RtnlParsers.Address)
            .OfType<InterfaceAddress>()
            .Where(a => interfaceIndex is null || a.InterfaceIndex == interfaceIndex)
            .ToList();
    }

    public PlatformResult<IPAddress> PrimaryIPv4(string name) =>
        PickAddress(name, a => a.Family == AddressFamily.InterNetwork && !a.IsSecondary, "no primary IPv4 address");

    public PlatformResult<IPAddress> Ipv6LinkLocal(string name) =>
        PickAddress(name, a => a.Family == AddressFamily.InterNetworkV6 && a.Address.IsIPv6LinkLocal && !a.IsTentative,
            "no usable IPv6 link-local address (interface down, or still in DAD)");

    private PlatformResult<IPAddress> PickAddress(string name, Func<InterfaceAddress, bool> wanted, string missing)
    {
        var link = Find(name);
        if (!link.IsSuccess)
        {
            return link.Error!;
        }
        var addresses = ListAddresses(link.Value!.Index);
        if (!addresses.IsSuccess)
        {
            return addresses.Error!;
        }
        var found = addresses.Value!.FirstOrDefault(wanted);
        if (found is null)
        {
            return new PlatformError(PlatformErrorKind.NoSourceAddress, "source address", Errno.EADDRNOTAVAIL, $"{name}: {missing}");
        }
        return found.Address.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPAddress(found.Address.GetAddressBytes(), link.Value.Index)
            : found.Address;
    }

    private PlatformResult<List<NetlinkMessage>> DumpAll(ushort type, int headerSize, string operation)
    {
        var request = new NetlinkWriter();
        request.BeginMessage(type, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP);
        request.Struct(headerSize);
        request.EndMessage();
        return netlink.Dump(request, operation);
    }

    private static NetlinkWriter LinkRequest(int index)
    {
        var request = new NetlinkWriter();
        request.BeginMessage(Rtnl.RTM_GETLINK, Rtnl.NLM_F_REQUEST);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(request.Struct(RtnlParsers.IfInfoMsgSize)[4..], index);
        return request;
    }

    private static PlatformResult<InterfaceInfo> Answer(PlatformResult<NetlinkMessage> reply, string name)
    {
        if (!reply.IsSuccess)
        {
            return reply.Error!.Errno is Errno.ENODEV or Errno.ENOENT
                ? PlatformError.NoInterface("interface lookup", name)
                : reply.Error;
        }
        return RtnlParsers.Link(reply.Value) is { } info
            ? info
            : PlatformError.Invalid("interface lookup", $"malformed RTM_NEWLINK for {name}");
    }
}
