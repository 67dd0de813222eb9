using System.Net;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;

namespace HaDaemon.Core.Engine;

/// <summary>
/// The receive checks that need the instance's settings, in keepalived's vrrp_check_packet order (keepalived.md §2.5):
/// per-peer TTL, version, v2 auth type and password, v2 interval, multicast/unicast destination, owner ignoring
/// adverts, VIP list, unicast source. The packet-only checks (length, checksum, TTL 255 on multicast…) are the codec's.
/// </summary>
public static class InstanceAdvertChecks
{
    /// <param name="checkAddresses">False when skip_check_adv_addr applies (same master as last time).</param>
    /// <param name="addressListMismatch">Set when the VIP list differs (counted as addr_list_err even if accepted).</param>
    public static AdvertRejection Check(InstanceSettings s, ReceivedAdvert received, bool isOwner, bool checkAddresses, out bool addressListMismatch)
    {
        addressListMismatch = false;
        var advert = received.Advert;
        var multicastDestination = IsMulticast(received.Destination);

        if (!multicastDestination && s.IsUnicast)
        {
            var peer = s.UnicastPeers.FirstOrDefault(p => p.Address.Equals(received.Source));
            if (peer is not null && ((peer.MinTtl is { } min && received.HopLimit < min) || (peer.MaxTtl is { } max && received.HopLimit > max)))
                return AdvertRejection.PeerTtlOutOfRange;
        }
        if (advert.Version != s.Version) return AdvertRejection.VersionMismatch;
        if (s.Version == VrrpVersion.V2)
        {
            if (advert.AuthType != s.AuthType) return AdvertRejection.AuthTypeMismatch;
            if (s.AuthType == VrrpAuthType.Password && !advert.AuthData.Span.SequenceEqual(VrrpInstance.AuthBytes(s)))
                return AdvertRejection.AuthPasswordMismatch;
            // RFC 3768 §7.1: a v2 receiver MUST discard a different interval (v3 learns it instead).
            if (advert.AdvertInterval != s.WireAdvertInterval) return AdvertRejection.IntervalMismatch;
        }
        if (multicastDestination == s.IsUnicast) return AdvertRejection.WrongDestination;
        if (isOwner && s.OwnerIgnoreAdverts) return AdvertRejection.OwnerIgnoresAdverts;
        if (checkAddresses && !SameAddresses(advert.Addresses, s.VirtualAddresses))
        {
            addressListMismatch = true;
            if (s.RejectAddressListMismatch) return AdvertRejection.AddressListMismatch;
        }
        if (s.IsUnicast && (s.CheckUnicastSource || s.UnicastPeers.Any(p => p.MinTtl is not null || p.MaxTtl is not null))
            && !s.UnicastPeers.Any(p => p.Address.Equals(received.Source)))
            return AdvertRejection.UnicastSourceNotPeer;
        return AdvertRejection.None;
    }

    /// <summary>keepalived: count mismatch, or any configured VIP missing from the advert.</summary>
    private static bool SameAddresses(IReadOnlyList<IPAddress> advertised, IReadOnlyList<IPAddress> configured)
    {
        if (advertised.Count != configured.Count) return false;
        foreach (var a in configured)
            if (!advertised.Contains(a)) return false;
        return true;
    }

    private static bool IsMulticast(IPAddress address) => address.IsIPv6Multicast
        || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0);
}
