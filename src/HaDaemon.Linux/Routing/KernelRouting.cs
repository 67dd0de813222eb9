using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Netlink;

namespace HaDaemon.Linux.Routing;

/// <summary>
/// A route the kernel reported deleted, reduced to what keepalived's route_is_ours compares
/// (keepalived_netlink.c): table, family, destination, metric, TOS and output interface.
/// </summary>
public sealed record KernelRoute(AddressFamily Family, IPAddress? Destination, int PrefixLength, uint Table, uint Metric, byte Tos, int? OutputInterface)
{
    /// <summary>
    /// route_is_ours for a <c>virtual_routes</c> line: table, family, destination prefix, metric (0 when none), TOS and,
    /// when the line names a device, that device's index (<paramref name="interfaceIndex"/>).
    /// </summary>
    public bool IsVirtual(RouteSpec spec, int? interfaceIndex) =>
        IsStatic(spec) && Metric == (spec.Metric ?? 0) && (spec.Interface is null || (interfaceIndex is { } i && OutputInterface == i));

    /// <summary>route_is_ours for <c>static_routes</c>: table, family, destination prefix and TOS only.</summary>
    public bool IsStatic(RouteSpec spec) =>
        Table == (spec.Table ?? 254) && Family == spec.Family && Tos == spec.Tos
        && PrefixLength == (spec.Destination is null ? 0 : spec.PrefixLength)
        && Equals(Destination ?? Zero(Family), spec.Destination ?? Zero(spec.Family));

    private static IPAddress Zero(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;

    /// <summary>An RTM_DELROUTE with protocol keepalived (18); others are not ours (netlink_route_filter) and give null.</summary>
    internal static KernelRoute? FromDeleted(NetlinkMessage message)
    {
        var payload = message.Payload;
        if (message.Type != Rtnl.RTM_DELROUTE || payload.Length < 12)
        {
            return null;
        }
        var span = payload.Span;
        var family = span[0] switch { Libc.AF_INET => AddressFamily.InterNetwork, Libc.AF_INET6 => AddressFamily.InterNetworkV6, _ => AddressFamily.Unknown };
        if (span[5] != KeepalivedProtocol || family == AddressFamily.Unknown)
        {
            return null;
        }
        var attrs = NetlinkAttributes.Parse(payload[12..]);
        var oif = attrs.U32(Rtnl.RTA_OIF);
        return new KernelRoute(family, attrs.Address(Rtnl.RTA_DST), span[1], attrs.U32(Rtnl.RTA_TABLE) ?? span[4],
            attrs.U32(Rtnl.RTA_PRIORITY) ?? 0, span[3], oif is { } o ? (int)o : null);
    }

    internal const byte KeepalivedProtocol = 18;
}

/// <summary>A rule the kernel reported deleted, with every attribute keepalived's compare_rule looks at.</summary>
public sealed record KernelRule(AddressFamily Family, byte Action, uint Table, bool Invert, byte Tos)
{
    public uint? Priority { get; init; }
    public uint? Goto { get; init; }
    public IPAddress? From { get; init; }
    public int FromPrefixLength { get; init; }
    public IPAddress? To { get; init; }
    public int ToPrefixLength { get; init; }
    public uint? FwMark { get; init; }
    public uint? FwMask { get; init; }
    public uint? Realms { get; init; }
    public uint? SuppressPrefixLength { get; init; }
    public uint? SuppressInterfaceGroup { get; init; }
    public string? InputInterface { get; init; }
    public string? OutputInterface { get; init; }
    public ulong? TunnelId { get; init; }
    public (uint Start, uint End)? UidRange { get; init; }
    public bool L3mdev { get; init; }
    public byte? IpProtocol { get; init; }
    public (ushort Start, ushort End)? SourcePorts { get; init; }
    public (ushort Start, ushort End)? DestinationPorts { get; init; }

    /// <summary>keepalived's compare_rule: the priority first (keepalived always sets one), then everything else.</summary>
    public bool Is(RuleSpec spec) =>
        Family == spec.Family && Priority is { } p && p == spec.Priority && Action == (byte)spec.Action
        && (Action != (byte)RuleAction.Goto || Goto == spec.GotoPriority)
        && Table == (spec.Table ?? (spec.Action == RuleAction.ToTable && !spec.L3mdev ? 254u : 0u))
        && Invert == spec.Invert
        && SamePrefix(From, FromPrefixLength, spec.From, spec.FromPrefixLength) && SamePrefix(To, ToPrefixLength, spec.To, spec.ToPrefixLength)
        && Tos == spec.Tos
        && FwMark == spec.FwMark && SameMask(spec.FwMask)
        && Realms == spec.Realms && SuppressPrefixLength == spec.SuppressPrefixLength && SuppressInterfaceGroup == spec.SuppressInterfaceGroup
        && InputInterface == spec.InputInterface && OutputInterface == spec.OutputInterface && TunnelId == spec.TunnelId
        && UidRange == spec.UidRange && L3mdev == spec.L3mdev && IpProtocol == spec.IpProtocol
        && SourcePorts == spec.SourcePorts && DestinationPorts == spec.DestinationPorts;

    /// <summary>A mask we set must be reported; without one the kernel's full mask (or none) is what "no mask" looks like.</summary>
    private bool SameMask(uint? ours) => ours is { } m ? FwMask == m : FwMask is null or uint.MaxValue;

    private static bool SamePrefix(IPAddress? a, int aLength, IPAddress? b, int bLength) =>
        a is null ? b is null : b is not null && a.Equals(b) && aLength == bLength;

    /// <summary>An RTM_DELRULE whose FRA_PROTOCOL is absent or keepalived's (netlink_rule_filter); otherwise null.</summary>
    internal static KernelRule? FromDeleted(NetlinkMessage message)
    {
        var payload = message.Payload;
        if (message.Type != Rtnl.RTM_DELRULE || payload.Length < 12)
        {
            return null;
        }
        var span = payload.Span;
        var family = span[0] switch { Libc.AF_INET => AddressFamily.InterNetwork, Libc.AF_INET6 => AddressFamily.InterNetworkV6, _ => AddressFamily.Unknown };
        var attrs = NetlinkAttributes.Parse(payload[12..]);
        if (family == AddressFamily.Unknown || (attrs.U8(Rtnl.FRA_PROTOCOL) is { } proto && proto != KernelRoute.KeepalivedProtocol))
        {
            return null;
        }
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        return new KernelRule(family, span[7], attrs.U32(Rtnl.FRA_TABLE) ?? span[4], (flags & Rtnl.FIB_RULE_INVERT) != 0, span[3])
        {
            Priority = attrs.U32(Rtnl.FRA_PRIORITY),
            Goto = attrs.U32(Rtnl.FRA_GOTO),
            From = attrs.Address(Rtnl.FRA_SRC),
            FromPrefixLength = span[2],
            To = attrs.Address(Rtnl.FRA_DST),
            ToPrefixLength = span[1],
            FwMark = attrs.U32(Rtnl.FRA_FWMARK),
            FwMask = attrs.U32(Rtnl.FRA_FWMASK),
            Realms = attrs.U32(Rtnl.FRA_FLOW),
            // The kernel reports "not set" as -1 (keepalived's default suppress_prefix_len too).
            SuppressPrefixLength = Unset(attrs.U32(Rtnl.FRA_SUPPRESS_PREFIXLEN)),
            SuppressInterfaceGroup = Unset(attrs.U32(Rtnl.FRA_SUPPRESS_IFGROUP)),
            InputInterface = attrs.String(Rtnl.FRA_IIFNAME),
            OutputInterface = attrs.String(Rtnl.FRA_OIFNAME),
            TunnelId = attrs.Bytes(Rtnl.FRA_TUN_ID) is { Length: 8 } tun ? BinaryPrimitives.ReadUInt64BigEndian(tun) : null,
            UidRange = Pair32(attrs.Bytes(Rtnl.FRA_UID_RANGE)),
            L3mdev = attrs.U8(Rtnl.FRA_L3MDEV) is > 0,
            IpProtocol = attrs.U8(Rtnl.FRA_IP_PROTO),
            SourcePorts = Pair16(attrs.Bytes(Rtnl.FRA_SPORT_RANGE)),
            DestinationPorts = Pair16(attrs.Bytes(Rtnl.FRA_DPORT_RANGE)),
        };
    }

    private static uint? Unset(uint? value) => value == uint.MaxValue ? null : value;

    private static (uint, uint)? Pair32(byte[]? b) =>
        b is { Length: 8 } ? (BinaryPrimitives.ReadUInt32LittleEndian(b), BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4))) : null;

    private static (ushort, ushort)? Pair16(byte[]? b) =>
        b is { Length: 4 } ? (BinaryPrimitives.ReadUInt16LittleEndian(b), BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(2))) : null;
}
