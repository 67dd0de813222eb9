using System.Net;
using System.Net.Sockets;

namespace HaDaemon.Linux.Addresses;

/// <summary>rtnetlink scope numbers (rtm_scope / ifa_scope): keepalived's <c>scope</c> keyword accepts these names or a number.</summary>
public static class Scopes
{
    public const byte Global = 0;
    public const byte Site = 200;
    public const byte Link = 253;
    public const byte Host = 254;
    public const byte Nowhere = 255;
}

/// <summary>
/// One address to add or delete, with keepalived's per-address options (keepalived.md §1.12) already resolved by the
/// host: <c>brd +</c> becomes a concrete broadcast, <c>dev</c>/<c>use_vmac</c> become <see cref="Interface"/>.
/// </summary>
public sealed record AddressSpec
{
    public required IPAddress Address { get; init; }
    public required string Interface { get; init; }
    /// <summary>Null: /32 for IPv4, /128 for IPv6 (keepalived's default).</summary>
    public int? PrefixLength { get; init; }
    /// <summary>IPv4 only.</summary>
    public IPAddress? Broadcast { get; init; }
    /// <summary>See <see cref="Scopes"/>; null = global.</summary>
    public byte? Scope { get; init; }
    /// <summary>IPv4 only, &lt; 16 characters (convention "eth0:1").</summary>
    public string? Label { get; init; }
    /// <summary>Point-to-point peer (then the prefix belongs to the peer).</summary>
    public IPAddress? Peer { get; init; }
    public bool NoPrefixRoute { get; init; }
    /// <summary>IPv6: skip duplicate address detection (keepalived adds VIPs with nodad so they are usable at once).</summary>
    public bool NoDad { get; init; }
    public bool HomeAddress { get; init; }
    public bool ManageTempAddress { get; init; }
    /// <summary>Seconds; null = forever. A finite value makes the kernel delete the address itself when it runs out.</summary>
    public uint? ValidLifetime { get; init; }
    /// <summary>Seconds; null = forever (or = valid lifetime when that is set).</summary>
    public uint? PreferredLifetime { get; init; }

    public AddressFamily Family => Address.AddressFamily;

    public int EffectivePrefixLength => PrefixLength ?? (Family == AddressFamily.InterNetwork ? 32 : 128);

    public override string ToString() => $"{Address}/{EffectivePrefixLength} dev {Interface}";
}
