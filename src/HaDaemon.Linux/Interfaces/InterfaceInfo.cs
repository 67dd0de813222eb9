using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace HaDaemon.Linux.Interfaces;

/// <summary>A network interface as rtnetlink reports it (RTM_NEWLINK).</summary>
public sealed record InterfaceInfo(
    int Index,
    string Name,
    PhysicalAddress Mac,
    /// <summary>IFF_UP: administratively up.</summary>
    bool AdminUp,
    /// <summary>IFF_RUNNING and IFF_LOWER_UP: carrier present, usable for VRRP.</summary>
    bool OperUp,
    int Mtu,
    /// <summary>IFLA_LINK: the parent of a macvlan/vlan/veth, when it is in the same namespace.</summary>
    int? ParentIndex,
    /// <summary>IFLA_INFO_KIND: "macvlan", "veth", "bridge"… or null for plain devices.</summary>
    string? Kind,
    bool Ipv4Forwarding,
    bool Ipv6Forwarding)
{
    /// <summary>The raw ifi_flags (IFF_*), for log lines in keepalived's words ("flags change from 0x… to 0x…").</summary>
    public uint Flags { get; init; }
}

/// <summary>An address on an interface (RTM_NEWADDR).</summary>
public sealed record InterfaceAddress(
    int InterfaceIndex,
    IPAddress Address,
    int PrefixLength,
    /// <summary>IFA_F_* flags (secondary, nodad, tentative, permanent, noprefixroute…).</summary>
    uint Flags,
    byte Scope,
    string? Label,
    /// <summary>Point-to-point peer, when the address was added with <c>peer</c>.</summary>
    IPAddress? Peer,
    IPAddress? Broadcast,
    /// <summary>Seconds; uint.MaxValue = forever.</summary>
    uint ValidLifetime,
    uint PreferredLifetime)
{
    public AddressFamily Family => Address.AddressFamily;

    public bool IsSecondary => (Flags & 0x01) != 0;

    public bool IsTentative => (Flags & 0x40) != 0;
}
