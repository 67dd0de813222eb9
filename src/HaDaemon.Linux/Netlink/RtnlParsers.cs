using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Native;

namespace HaDaemon.Linux.Netlink;

/// <summary>Decodes RTM_NEWLINK / RTM_NEWADDR payloads; returns null on malformed input instead of throwing.</summary>
internal static class RtnlParsers
{
    public const int IfInfoMsgSize = 16;
    public const int IfAddrMsgSize = 8;

    public static InterfaceInfo? Link(NetlinkMessage message)
    {
        var payload = message.Payload;
        if (payload.Length < IfInfoMsgSize)
        {
            return null;
        }
        var span = payload.Span;
        var index = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        var attrs = NetlinkAttributes.Parse(payload[IfInfoMsgSize..]);
        var name = attrs.String(Rtnl.IFLA_IFNAME) ?? $"if{index}";
        var mac = attrs.Bytes(Rtnl.IFLA_ADDRESS) ?? [];
        string? kind = null;
        if (attrs.TryGetValue(Rtnl.IFLA_LINKINFO, out var linkInfo))
        {
            kind = NetlinkAttributes.Parse(linkInfo).String(Rtnl.IFLA_INFO_KIND);
        }
        var (v4Forwarding, v6Forwarding) = Forwarding(attrs);
        var parent = attrs.U32(Rtnl.IFLA_LINK);
        return new InterfaceInfo(
            index,
            name,
            new PhysicalAddress(mac),
            AdminUp: (flags & Rtnl.IFF_UP) != 0,
            OperUp: (flags & Rtnl.IFF_UP) != 0 && (flags & Rtnl.IFF_RUNNING) != 0 && (flags & Rtnl.IFF_LOWER_UP) != 0,
            Mtu: (int)(attrs.U32(Rtnl.IFLA_MTU) ?? 0),
            ParentIndex: parent is { } p && p != index ? (int)p : null,
            kind,
            v4Forwarding,
            v6Forwarding)
        {
            Flags = flags,
        };
    }

    /// <summary>IFLA_AF_SPEC carries the per-device sysctls: AF_INET's as 1-based attributes, AF_INET6's as a u32 array.</summary>
    private static (bool V4, bool V6) Forwarding(Dictionary<ushort, ReadOnlyMemory<byte>> attrs)
    {
        if (!attrs.TryGetValue(Rtnl.IFLA_AF_SPEC, out var spec))
        {
            return (false, false);
        }
        var families = NetlinkAttributes.Parse(spec);
        var v4 = false;
        var v6 = false;
        if (families.TryGetValue(Libc.AF_INET, out var inet) &&
            NetlinkAttributes.Parse(inet).TryGetValue(Rtnl.IFLA_INET_CONF, out var conf4) &&
            conf4.Length >= Rtnl.IPV4_DEVCONF_FORWARDING * 4)
        {
            v4 = BinaryPrimitives.ReadUInt32LittleEndian(conf4.Span[((Rtnl.IPV4_DEVCONF_FORWARDING - 1) * 4)..]) != 0;
        }
        if (families.TryGetValue(Libc.AF_INET6, out var inet6) &&
            NetlinkAttributes.Parse(inet6).TryGetValue(Rtnl.IFLA_INET6_CONF, out var conf6) &&
            conf6.Length >= 4)
        {
            v6 = BinaryPrimitives.ReadInt32LittleEndian(conf6.Span[(Rtnl.DEVCONF_FORWARDING * 4)..]) != 0;
        }
        return (v4, v6);
    }

    public static InterfaceAddress? Address(NetlinkMessage message)
    {
        var payload = message.Payload;
        if (payload.Length < IfAddrMsgSize)
        {
            return null;
        }
        var span = payload.Span;
        var family = span[0];
        var prefix = span[1];
        uint flags = span[2];
        var scope = span[3];
        var index = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
        var attrs = NetlinkAttributes.Parse(payload[IfAddrMsgSize..]);
        var address = attrs.Address(Rtnl.IFA_ADDRESS);
        var local = attrs.Address(Rtnl.IFA_LOCAL);
        if (attrs.U32(Rtnl.IFA_FLAGS) is { } wide)
        {
            flags = wide;
        }
        // IPv4 always has IFA_LOCAL (the address) and IFA_ADDRESS (= local, or the peer). IPv6 has IFA_LOCAL only with a peer.
        var own = local ?? address;
        if (own is null || (family == Libc.AF_INET) != (own.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
        {
            return null;
        }
        var peer = local is not null && address is not null && !address.Equals(local) ? address : null;
        uint valid = uint.MaxValue;
        uint preferred = uint.MaxValue;
        if (attrs.TryGetValue(Rtnl.IFA_CACHEINFO, out var cache) && cache.Length >= 8)
        {
            preferred = BinaryPrimitives.ReadUInt32LittleEndian(cache.Span);
            valid = BinaryPrimitives.ReadUInt32LittleEndian(cache.Span[4..]);
        }
        return new InterfaceAddress(index, own, prefix, flags, scope, attrs.String(Rtnl.IFA_LABEL), peer,
            attrs.Address(Rtnl.IFA_BROADCAST), valid, preferred);
    }
}
