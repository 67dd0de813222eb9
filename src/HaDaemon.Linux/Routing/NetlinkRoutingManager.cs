using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HaDaemon.Linux.Addresses;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Netlink;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Routing;

/// <summary>RTM_NEWROUTE/RTM_DELROUTE and RTM_NEWRULE/RTM_DELRULE, laid out as iproute2 does.</summary>
internal sealed class NetlinkRoutingManager(NetlinkSocket netlink, IInterfaceCatalog catalog) : IRoutingManager
{
    private const int RtMsgSize = 12;
    private const int FibRuleHdrSize = 12;
    private const byte RtTableMain = 254;
    private const byte RtProtBoot = 3;
    private const ushort Create = Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL;
    private const ushort CreateNoExcl = Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE;
    private const ushort Remove = Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK;

    public IReadOnlyList<PlatformResult> AddRoutes(IReadOnlyList<RouteSpec> routes) =>
        NetlinkChanges.Apply(netlink, routes, ChangeKind.Add, r => $"add route {r}", (r, w) => WriteRoute(w, r, Rtnl.RTM_NEWROUTE, AddFlags(r.Mode)));

    public IReadOnlyList<PlatformResult> DeleteRoutes(IReadOnlyList<RouteSpec> routes) =>
        NetlinkChanges.Apply(netlink, routes, ChangeKind.Delete, r => $"delete route {r}", (r, w) => WriteRoute(w, r, Rtnl.RTM_DELROUTE, Remove));

    public IReadOnlyList<PlatformResult> AddRules(IReadOnlyList<RuleSpec> rules) =>
        NetlinkChanges.Apply(netlink, rules, ChangeKind.Add, r => $"add {r}", (r, w) => WriteRule(w, r, Rtnl.RTM_NEWRULE, Create));

    public IReadOnlyList<PlatformResult> DeleteRules(IReadOnlyList<RuleSpec> rules) =>
        NetlinkChanges.Apply(netlink, rules, ChangeKind.Delete, r => $"delete {r}", (r, w) => WriteRule(w, r, Rtnl.RTM_DELRULE, Remove));

    private static ushort AddFlags(RouteAddMode mode) => mode switch
    {
        RouteAddMode.Prepend => CreateNoExcl,
        RouteAddMode.Append => CreateNoExcl | Rtnl.NLM_F_APPEND,
        _ => Create,
    };

    private PlatformError? WriteRoute(NetlinkWriter writer, RouteSpec route, ushort type, ushort flags)
    {
        var operation = $"{(type == Rtnl.RTM_NEWROUTE ? "add" : "delete")} route {route}";
        var v4 = route.Family == AddressFamily.InterNetwork;
        if (!v4 && route.Family != AddressFamily.InterNetworkV6)
        {
            return PlatformError.Invalid(operation, "family must be IPv4 or IPv6");
        }
        if (new[] { route.Destination, route.Via, route.PreferredSource, route.SourcePrefix }.Concat(route.NextHops.Select(n => n.Via))
            .Any(a => a is not null && a.AddressFamily != route.Family))
        {
            return PlatformError.Invalid(operation, "every address must be of the route's family");
        }
        if (route.PrefixLength < 0 || route.PrefixLength > (v4 ? 32 : 128) || route.SourcePrefixLength is < 0 or > 128 || route.NextHops.Any(n => n.Weight is < 1 or > 256))
        {
            return PlatformError.Invalid(operation, "prefix length or nexthop weight out of range");
        }
        int? oif = null;
        if (route.Interface is not null)
        {
            var link = catalog.IndexOf(route.Interface);
            if (!link.IsSuccess)
            {
                return link.Error! with { Message = $"{operation}: {link.Error!.Message}" };
            }
            oif = link.Value;
        }
        var hopIndexes = new List<int?>();
        foreach (var hop in route.NextHops)
        {
            if (hop.Interface is null)
            {
                hopIndexes.Add(null);
                continue;
            }
            var link = catalog.IndexOf(hop.Interface);
            if (!link.IsSuccess)
            {
                return link.Error! with { Message = $"{operation}: {link.Error!.Message}" };
            }
            hopIndexes.Add(link.Value);
        }

        var table = route.Table ?? RtTableMain;
        writer.BeginMessage(type, flags);
        var header = writer.Struct(RtMsgSize);
        header[0] = (byte)(v4 ? Libc.AF_INET : Libc.AF_INET6);
        header[1] = (byte)(route.Destination is null ? 0 : route.PrefixLength);
        header[2] = (byte)(route.SourcePrefix is null ? 0 : route.SourcePrefixLength);
        header[3] = route.Tos;
        header[4] = table < 256 ? (byte)table : (byte)0;
        header[5] = type == Rtnl.RTM_NEWROUTE ? route.Protocol ?? RtProtBoot : route.Protocol ?? 0;
        // Delete matches any scope (RT_SCOPE_NOWHERE) and any type (0) unless given, as `ip route del` does.
        header[6] = type == Rtnl.RTM_NEWROUTE ? route.Scope ?? DefaultScope(route) : route.Scope ?? Scopes.Nowhere;
        header[7] = type == Rtnl.RTM_NEWROUTE || route.Type != RouteType.Unicast ? (byte)route.Type : (byte)0;
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], route.OnLink ? Rtnl.RTNH_F_ONLINK_ROUTE : 0);
        writer.AttrU32(Rtnl.RTA_TABLE, table);
        if (route.Destination is not null)
        {
            writer.AttrAddress(Rtnl.RTA_DST, route.Destination);
        }
        if (route.Via is not null)
        {
            writer.AttrAddress(Rtnl.RTA_GATEWAY, route.Via);
        }
        if (oif is not null)
        {
            writer.AttrU32(Rtnl.RTA_OIF, (uint)oif.Value);
        }
        if (route.PreferredSource is not null)
        {
            writer.AttrAddress(Rtnl.RTA_PREFSRC, route.PreferredSource);
        }
        if (route.SourcePrefix is not null)
        {
            writer.AttrAddress(Rtnl.RTA_SRC, route.SourcePrefix);
        }
        if (route.Metric is not null)
        {
            writer.AttrU32(Rtnl.RTA_PRIORITY, route.Metric.Value);
        }
        if (route.Realms is not null)
        {
            writer.AttrU32(Rtnl.RTA_FLOW, route.Realms.Value);
        }
        if (route.Expires is not null)
        {
            writer.AttrU32(Rtnl.RTA_EXPIRES, route.Expires.Value);
        }
        if (route.RouterPreference is not null)
        {
            writer.AttrU8(Rtnl.RTA_PREF, route.RouterPreference.Value);
        }
        if (route.TtlPropagate is not null)
        {
            writer.AttrU8(Rtnl.RTA_TTL_PROPAGATE, route.TtlPropagate.Value ? (byte)1 : (byte)0);
        }
        WriteMetrics(writer, route);
        if (route.NextHops.Count > 0)
        {
            WriteNextHops(writer, route.NextHops, hopIndexes);
        }
        writer.EndMessage();
        return null;
    }

    /// <summary>RTA_MULTIPATH: rtnexthop {u16 len, u8 flags, u8 hops = weight-1, i32 ifindex} each followed by its RTA_GATEWAY.</summary>
    private static void WriteNextHops(NetlinkWriter writer, IReadOnlyList<NextHop> hops, List<int?> indexes)
    {
        var multipath = writer.BeginNested(Rtnl.RTA_MULTIPATH, markNested: false);
        for (var i = 0; i < hops.Count; i++)
        {
            var start = writer.Length;
            var nexthop = writer.Struct(8);
            nexthop[2] = hops[i].OnLink ? Rtnl.RTNH_F_ONLINK : (byte)0;
            nexthop[3] = (byte)(hops[i].Weight - 1);
            BinaryPrimitives.WriteInt32LittleEndian(nexthop[4..], indexes[i] ?? 0);
            if (hops[i].Via is not null)
            {
                writer.AttrAddress(Rtnl.RTA_GATEWAY, hops[i].Via!);
            }
            if (hops[i].Realms is not null)
            {
                writer.AttrU32(Rtnl.RTA_FLOW, hops[i].Realms!.Value);
            }
            BinaryPrimitives.WriteUInt16LittleEndian(writer.Since(start), (ushort)(writer.Length - start));
        }
        writer.EndNested(multipath);
    }

    /// <summary>RTA_METRICS: one RTAX_* u32 per metric, RTAX_CC_ALGO as a string, then RTAX_LOCK with the locked bits.</summary>
    private static void WriteMetrics(NetlinkWriter writer, RouteSpec route)
    {
        if (route.Metrics.Count == 0 && route.CongestionControl is null)
        {
            return;
        }
        var metrics = writer.BeginNested(Rtnl.RTA_METRICS, markNested: false);
        uint locks = 0;
        if (route.CongestionControl is not null)
        {
            writer.AttrString(Rtnl.RTAX_CC_ALGO, route.CongestionControl);
            locks |= route.CongestionControlLocked ? 1u << Rtnl.RTAX_CC_ALGO : 0;
        }
        foreach (var m in route.Metrics)
        {
            writer.AttrU32(m.Rtax, m.Value);
            locks |= m.Locked && m.Rtax < 32 ? 1u << m.Rtax : 0;
        }
        if (locks != 0)
        {
            writer.AttrU32(Rtnl.RTAX_LOCK, locks);
        }
        writer.EndNested(metrics);
    }

    private static byte DefaultScope(RouteSpec route) => route.Type switch
    {
        RouteType.Local => Scopes.Host,
        RouteType.Unicast when route.Via is null && route.NextHops.Count == 0 => Scopes.Link,
        _ => Scopes.Global,
    };

    private static PlatformError? WriteRule(NetlinkWriter writer, RuleSpec rule, ushort type, ushort flags)
    {
        var operation = $"{(type == Rtnl.RTM_NEWRULE ? "add" : "delete")} {rule}";
        var v4 = rule.Family == AddressFamily.InterNetwork;
        if (!v4 && rule.Family != AddressFamily.InterNetworkV6)
        {
            return PlatformError.Invalid(operation, "family must be IPv4 or IPv6");
        }
        if ((rule.From is not null && rule.From.AddressFamily != rule.Family) || (rule.To is not null && rule.To.AddressFamily != rule.Family))
        {
            return PlatformError.Invalid(operation, "from/to must be of the rule's family");
        }
        if (rule.Action == RuleAction.Goto && rule.GotoPriority is null)
        {
            return PlatformError.Invalid(operation, "goto needs a target priority");
        }
        writer.BeginMessage(type, flags);
        var header = writer.Struct(FibRuleHdrSize);
        header[0] = (byte)(v4 ? Libc.AF_INET : Libc.AF_INET6);
        header[1] = (byte)(rule.To is null ? 0 : rule.ToPrefixLength);
        header[2] = (byte)(rule.From is null ? 0 : rule.FromPrefixLength);
        header[3] = rule.Tos;
        var table = rule.Table ?? (rule.Action == RuleAction.ToTable && !rule.L3mdev ? RtTableMain : 0u);
        header[4] = table < 256 ? (byte)table : (byte)0;
        header[7] = (byte)rule.Action;
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], rule.Invert ? Rtnl.FIB_RULE_INVERT : 0);
        if (rule.From is not null)
        {
            writer.AttrAddress(Rtnl.FRA_SRC, rule.From);
        }
        if (rule.To is not null)
        {
            writer.AttrAddress(Rtnl.FRA_DST, rule.To);
        }
        if (table != 0)
        {
            writer.AttrU32(Rtnl.FRA_TABLE, table);
        }
        WriteOptional(writer, Rtnl.FRA_PRIORITY, rule.Priority);
        WriteOptional(writer, Rtnl.FRA_FWMARK, rule.FwMark);
        WriteOptional(writer, Rtnl.FRA_FWMASK, rule.FwMask);
        WriteOptional(writer, Rtnl.FRA_GOTO, rule.GotoPriority);
        WriteOptional(writer, Rtnl.FRA_SUPPRESS_PREFIXLEN, rule.SuppressPrefixLength);
        if (rule.InputInterface is not null)
        {
            writer.AttrString(Rtnl.FRA_IIFNAME, rule.InputInterface);
        }
        if (rule.OutputInterface is not null)
        {
            writer.AttrString(Rtnl.FRA_OIFNAME, rule.OutputInterface);
        }
        if (rule.L3mdev)
        {
            writer.AttrU8(Rtnl.FRA_L3MDEV, 1);
        }
        if (rule.IpProtocol is not null)
        {
            writer.AttrU8(Rtnl.FRA_IP_PROTO, rule.IpProtocol.Value);
        }
        if (rule.Protocol is not null)
        {
            writer.AttrU8(Rtnl.FRA_PROTOCOL, rule.Protocol.Value);
        }
        WriteOptional(writer, Rtnl.FRA_FLOW, rule.Realms);
        WriteOptional(writer, Rtnl.FRA_SUPPRESS_IFGROUP, rule.SuppressInterfaceGroup);
        if (rule.TunnelId is { } tunnel)
        {
            Span<byte> id = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(id, tunnel);
            writer.Attr(Rtnl.FRA_TUN_ID, id);
        }
        if (rule.UidRange is { } uid)
        {
            Span<byte> range = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(range, uid.Start);
            BinaryPrimitives.WriteUInt32LittleEndian(range[4..], uid.End);
            writer.Attr(Rtnl.FRA_UID_RANGE, range);
        }
        WritePorts(writer, Rtnl.FRA_SPORT_RANGE, rule.SourcePorts);
        WritePorts(writer, Rtnl.FRA_DPORT_RANGE, rule.DestinationPorts);
        writer.EndMessage();
        return null;
    }

    private static void WriteOptional(NetlinkWriter writer, ushort type, uint? value)
    {
        if (value is not null)
        {
            writer.AttrU32(type, value.Value);
        }
    }

    private static void WritePorts(NetlinkWriter writer, ushort type, (ushort Start, ushort End)? ports)
    {
        if (ports is { } p)
        {
            Span<byte> range = stackalloc byte[4];
            BinaryPrimitives.WriteUInt16LittleEndian(range, p.Start);
            BinaryPrimitives.WriteUInt16LittleEndian(range[2..], p.End);
            writer.Attr(type, range);
        }
    }
}
