using System.Globalization;
using System.Net;
using HaDaemon.Config.Model;
using HaDaemon.Core.Packets;
using HaDaemon.Linux.Addresses;
using HaDaemon.Linux.Adverts;
using ConfigFamily = HaDaemon.Config.Model.AddressFamily;
using NetFamily = System.Net.Sockets.AddressFamily;

namespace HaDaemon.Mapping;

/// <summary>The keepalived.conf model → what the Linux layer needs: address specs, advert bindings, send options.</summary>
public static class LinuxSpecMapper
{
    /// <summary>One <c>virtual_ipaddress</c>/<c>_excluded</c> line as an <c>ip addr add</c> request.</summary>
    public static AddressSpec Address(IpAddressSpec a, string instanceInterface) => new()
    {
        Address = IPAddress.Parse(a.Address),
        Interface = a.Device ?? instanceInterface,
        PrefixLength = a.PrefixLength,
        Broadcast = a.Broadcast is null ? null : IPAddress.Parse(a.Broadcast),
        Scope = Scope(a.Scope),
        Label = a.Label,
        Peer = a.Peer is null ? null : IPAddress.Parse(a.Peer),
        NoPrefixRoute = a.NoPrefixRoute,
        // keepalived adds every IPv6 VIP with IFA_F_NODAD: a new master must answer at once, not after DAD.
        NoDad = a.NoDad || a.Family == ConfigFamily.IPv6,
        HomeAddress = a.Home,
        ManageTempAddress = a.ManageTempAddress,
        PreferredLifetime = a.PreferredLifetime,
    };

    public static byte? Scope(string? name) => name switch
    {
        null => null,
        "global" => Scopes.Global,
        "site" => Scopes.Site,
        "link" => Scopes.Link,
        "host" => Scopes.Host,
        "nowhere" => Scopes.Nowhere,
        _ => byte.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
    };

    /// <summary>Where the instance's adverts go and come from.</summary>
    public static AdvertBinding Binding(VrrpInstance i, string interfaceName) =>
        new(interfaceName, i.Family == ConfigFamily.IPv6 ? NetFamily.InterNetworkV6 : NetFamily.InterNetwork)
        {
            SourceAddress = i.SourceAddress is null ? null : IPAddress.Parse(i.SourceAddress),
            MulticastGroup = i.Unicast || i.MulticastGroup is null ? null : IPAddress.Parse(i.MulticastGroup),
            JoinMulticast = !i.Unicast,
            // The normaliser has already dropped AH for v3 and IPv6, as keepalived does.
            AuthenticationHeader = i.AuthType == AuthenticationType.Ah && i.Version == 2 && i.Family != ConfigFamily.IPv6,
        };

    /// <summary>
    /// The checksum form the instance sends (keepalived.md §4.3): v2 over the message only; v3 IPv4 with the
    /// pseudo-header unless <c>v3_checksum_as_v2</c>, or with 224.0.0.18 in it for <c>old_unicast_checksum</c>
    /// peers; IPv6 filled in by the kernel.
    /// </summary>
    public static ChecksumMode SendChecksum(VrrpInstance i) => (i.Version, i.Family) switch
    {
        (_, ConfigFamily.IPv6) => ChecksumMode.KernelVerifiedIpv6,
        (2, _) => ChecksumMode.VrrpOnly,
        _ when i.V3ChecksumAsV2 => ChecksumMode.VrrpOnly,
        _ when i.Unicast && i.OldUnicastChecksum => ChecksumMode.OldUnicastPseudoHeader,
        _ => ChecksumMode.PseudoHeader,
    };
}
