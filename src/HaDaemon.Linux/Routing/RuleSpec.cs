using System.Net;
using System.Net.Sockets;

namespace HaDaemon.Linux.Routing;

/// <summary>fib rule actions (FR_ACT_*): lookup a table, goto another rule, or a terminal verdict.</summary>
public enum RuleAction : byte
{
    ToTable = 1,
    Goto = 2,
    Nop = 3,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
}

/// <summary>A virtual_rules / static_rules entry in <c>ip rule</c> terms.</summary>
public sealed record RuleSpec
{
    public required AddressFamily Family { get; init; }
    public IPAddress? From { get; init; }
    public int FromPrefixLength { get; init; }
    public IPAddress? To { get; init; }
    public int ToPrefixLength { get; init; }
    /// <summary><c>table</c> / <c>lookup</c>; with <see cref="RuleAction.ToTable"/> and null, main.</summary>
    public uint? Table { get; init; }
    /// <summary><c>preference</c> / <c>priority</c>; keepalived always sets one.</summary>
    public uint? Priority { get; init; }
    public string? InputInterface { get; init; }
    public string? OutputInterface { get; init; }
    public uint? FwMark { get; init; }
    public uint? FwMask { get; init; }
    public byte Tos { get; init; }
    /// <summary><c>not</c>.</summary>
    public bool Invert { get; init; }
    public RuleAction Action { get; init; } = RuleAction.ToTable;
    /// <summary>Target priority for <see cref="RuleAction.Goto"/>.</summary>
    public uint? GotoPriority { get; init; }
    public (uint Start, uint End)? UidRange { get; init; }
    public byte? IpProtocol { get; init; }
    public (ushort Start, ushort End)? SourcePorts { get; init; }
    public (ushort Start, ushort End)? DestinationPorts { get; init; }
    public bool L3mdev { get; init; }
    public uint? SuppressPrefixLength { get; init; }
    /// <summary><c>protocol</c>; null = not sent (the kernel records none), as <c>ip rule add</c>.</summary>
    public byte? Protocol { get; init; }
    /// <summary><c>realms</c>: FRA_FLOW, FROM &lt;&lt; 16 | TO.</summary>
    public uint? Realms { get; init; }
    /// <summary><c>suppress_ifgroup</c>: FRA_SUPPRESS_IFGROUP.</summary>
    public uint? SuppressInterfaceGroup { get; init; }
    /// <summary><c>tunnel-id</c>: FRA_TUN_ID (sent big-endian).</summary>
    public ulong? TunnelId { get; init; }

    public override string ToString() =>
        $"rule{(Priority is null ? "" : $" pref {Priority}")}{(From is null ? "" : $" from {From}/{FromPrefixLength}")}" +
        $"{(To is null ? "" : $" to {To}/{ToPrefixLength}")} {Action}{(Table is null ? "" : $" table {Table}")}";
}
