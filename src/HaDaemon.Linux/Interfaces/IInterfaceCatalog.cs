using System.Net;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Interfaces;

/// <summary>Looks interfaces and their addresses up, by name or index.</summary>
public interface IInterfaceCatalog
{
    PlatformResult<InterfaceInfo> Find(string name);

    PlatformResult<InterfaceInfo> Find(int index);

    /// <summary>Just the index of <paramref name="name"/> (cheap: one ioctl, no netlink dump to parse).</summary>
    PlatformResult<int> IndexOf(string name);

    PlatformResult<IReadOnlyList<InterfaceInfo>> ListInterfaces();

    /// <summary>Every address, or only those on <paramref name="interfaceIndex"/>.</summary>
    PlatformResult<IReadOnlyList<InterfaceAddress>> ListAddresses(int? interfaceIndex = null);

    /// <summary>The interface's primary (first non-secondary) IPv4 address: the VRRPv2/v3 source by default.</summary>
    PlatformResult<IPAddress> PrimaryIPv4(string name);

    /// <summary>The interface's usable (non-tentative) IPv6 link-local address: the VRRPv3 IPv6 source by default.</summary>
    PlatformResult<IPAddress> Ipv6LinkLocal(string name);
}
