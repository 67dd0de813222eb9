using System.Net;
using System.Net.Sockets;

namespace HaDaemon.Mapping;

/// <summary>
/// An instance's advert source when <c>mcast_src_ip</c>/<c>unicast_src_ip</c> is not set (RFC 5798 §5.1.2.1,
/// keepalived.md §4.1): the interface's primary IPv4 address, or its IPv6 link-local address. Addresses that are our
/// own VIPs are skipped — after a crash they may still sit on the interface, and a VIP must never be the source.
/// </summary>
public static class SourceAddressResolver
{
    public static IPAddress? Resolve(IInterfaceAddresses interfaces, string interfaceName, AddressFamily family,
        IReadOnlySet<IPAddress> virtualAddresses)
    {
        var candidates = interfaces.Addresses(interfaceName, family).Where(a => !virtualAddresses.Contains(Unscoped(a)));
        return family == AddressFamily.InterNetworkV6
            ? candidates.Where(a => a.IsIPv6LinkLocal).Select(Unscoped).FirstOrDefault()
            : candidates.FirstOrDefault();
    }

    /// <summary>The address without its %scope: the engine compares sources from the wire, which carry none.</summary>
    public static IPAddress Unscoped(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
}
