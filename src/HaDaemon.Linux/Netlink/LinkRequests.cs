using System.Buffers.Binary;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Netlink;

/// <summary>RTM_NEWLINK / RTM_DELLINK requests on existing links: up, per-device IPv4 sysctls, IPv6 address generation, delete.</summary>
internal static class LinkRequests
{
    private const ushort Ack = Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK;

    public static PlatformResult SetUp(NetlinkSocket netlink, int index, string name)
    {
        var writer = Begin(Rtnl.RTM_NEWLINK, Ack, index, Rtnl.IFF_UP, Rtnl.IFF_UP);
        writer.EndMessage();
        return Single(netlink, writer, ChangeKind.Other, $"set {name} up");
    }

    /// <summary>
    /// Sets IPv4 devconf values (IFLA_AF_SPEC → AF_INET → IFLA_INET_CONF) over netlink: unlike /proc/sys writes this acts
    /// on the namespace the netlink socket lives in, whatever thread calls it.
    /// </summary>
    public static PlatformResult SetIpv4Conf(NetlinkSocket netlink, int index, string name, params (ushort Id, uint Value)[] values)
    {
        var writer = Begin(Rtnl.RTM_NEWLINK, Ack, index, 0, 0);
        var spec = writer.BeginNested(Rtnl.IFLA_AF_SPEC);
        var inet = writer.BeginNested(Libc.AF_INET);
        var conf = writer.BeginNested(Rtnl.IFLA_INET_CONF);
        foreach (var (id, value) in values)
        {
            writer.AttrU32(id, value);
        }
        writer.EndNested(conf);
        writer.EndNested(inet);
        writer.EndNested(spec);
        writer.EndMessage();
        return Single(netlink, writer, ChangeKind.Other, $"set IPv4 sysctls on {name}");
    }

    /// <summary>IN6_ADDR_GEN_MODE_NONE: no automatic link-local on the VMAC (RFC 5798 §7.4: adverts leave from the parent's).</summary>
    public static PlatformResult DisableAddressGeneration(NetlinkSocket netlink, int index, string name)
    {
        var writer = Begin(Rtnl.RTM_NEWLINK, Ack, index, 0, 0);
        var spec = writer.BeginNested(Rtnl.IFLA_AF_SPEC);
        var inet6 = writer.BeginNested(Libc.AF_INET6);
        writer.AttrU8(Rtnl.IFLA_INET6_ADDR_GEN_MODE, Rtnl.IN6_ADDR_GEN_MODE_NONE);
        writer.EndNested(inet6);
        writer.EndNested(spec);
        writer.EndMessage();
        return Single(netlink, writer, ChangeKind.Other, $"disable IPv6 address generation on {name}");
    }

    public static PlatformResult Delete(NetlinkSocket netlink, int index, string name)
    {
        var writer = Begin(Rtnl.RTM_DELLINK, Ack, index, 0, 0);
        writer.EndMessage();
        return Single(netlink, writer, ChangeKind.Delete, $"delete link {name}");
    }

    /// <summary>Reads one IPv4 devconf value from an RTM_NEWLINK reply (1-based id into the IFLA_INET_CONF u32 array).</summary>
    public static uint? Ipv4Conf(NetlinkMessage link, ushort id)
    {
        if (link.Payload.Length < 16)
        {
            return null;
        }
        var attrs = NetlinkAttributes.Parse(link.Payload[16..]);
        if (!attrs.TryGetValue(Rtnl.IFLA_AF_SPEC, out var spec) ||
            !NetlinkAttributes.Parse(spec).TryGetValue(Libc.AF_INET, out var inet) ||
            !NetlinkAttributes.Parse(inet).TryGetValue(Rtnl.IFLA_INET_CONF, out var conf) ||
            conf.Length < id * 4)
        {
            return null;
        }
        return BinaryPrimitives.ReadUInt32LittleEndian(conf.Span[((id - 1) * 4)..]);
    }

    public static NetlinkWriter Begin(ushort type, ushort flags, int index, uint ifiFlags, uint ifiChange)
    {
        var writer = new NetlinkWriter();
        writer.BeginMessage(type, flags);
        var header = writer.Struct(RtnlParsers.IfInfoMsgSize);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], index);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], ifiFlags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], ifiChange);
        return writer;
    }

    public static PlatformResult Single(NetlinkSocket netlink, NetlinkWriter writer, ChangeKind kind, string operation)
    {
        var acks = netlink.Transact(writer, operation);
        return acks.IsSuccess ? NetlinkChanges.Interpret(acks.Value![0], kind, operation) : acks.Error!;
    }
}
