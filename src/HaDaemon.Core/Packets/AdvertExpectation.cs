using System.Net;

namespace HaDaemon.Core.Packets;

/// <summary>A configured unicast_peer with keepalived's optional per-peer TTL window.</summary>
/// <param name="MinTtl">min_ttl; null when not configured.</param>
/// <param name="MaxTtl">max_ttl; null when not configured.</param>
public sealed record UnicastPeer(IPAddress Address, byte? MinTtl = null, byte? MaxTtl = null)
{
    /// <summary>keepalived: giving min_ttl or max_ttl on any peer turns on check_unicast_src for the instance.</summary>
    public bool HasTtlWindow => MinTtl is not null || MaxTtl is not null;

    public bool AcceptsTtl(byte ttl) => ttl >= (MinTtl ?? 0) && ttl <= (MaxTtl ?? byte.MaxValue);
}

/// <summary>
/// What one VRRP instance expects of the adverts it receives: the inputs of keepalived's instance-level
/// receive checks (keepalived.md §2.5). Immutable; the engine makes a new one (<c>with</c>) when the
/// effective priority or the configuration changes.
/// </summary>
public sealed record AdvertExpectation
{
    public required VrrpVersion Version { get; init; }
    public required byte VirtualRouterId { get; init; }

    /// <summary>v2 only. <see cref="VrrpAuthType.AuthenticationHeader"/> means adverts must come inside IPsec AH.</summary>
    public VrrpAuthType AuthType { get; init; }
    /// <summary>
    /// v2 PASS: the 8 bytes compared with the advert's auth data; v2 AH: the 8-byte HMAC-MD5 key. Both are auth_pass
    /// NUL-padded (see <see cref="VrrpEncoder.PasswordAuthData"/>).
    /// </summary>
    public ReadOnlyMemory<byte> AuthData { get; init; }

    /// <summary>Our advert interval in the version's wire unit; compared for v2 (discard), only reported for v3.</summary>
    public required ushort AdvertInterval { get; init; }

    /// <summary>The instance has unicast peers (adverts must be unicast) rather than multicast.</summary>
    public bool Unicast { get; init; }
    public IReadOnlyList<UnicastPeer> UnicastPeers { get; init; } = [];
    /// <summary>check_unicast_src / vrrp_check_unicast_src. Also implied by any peer with a TTL window.</summary>
    public bool CheckUnicastSource { get; init; }

    /// <summary>vrrp_owner_ignore_adverts (global).</summary>
    public bool OwnerIgnoresAdverts { get; init; }
    /// <summary>Current effective priority; 255 makes us the address owner for <see cref="OwnerIgnoresAdverts"/>.</summary>
    public byte EffectivePriority { get; init; }

    /// <summary>Configured virtual_ipaddress entries of the advert's family (the list the master should send).</summary>
    public IReadOnlyList<IPAddress> VirtualAddresses { get; init; } = [];
    /// <summary>
    /// False to skip the per-address comparison (skip_check_adv_addr with an unchanged master); the count is
    /// always compared, as in keepalived.
    /// </summary>
    public bool CheckAddressList { get; init; } = true;
    /// <summary>
    /// keepalived ≤ 2.3.2 (Debian's 2.2.7): a VIP list mismatch rejects the advert
    /// (<see cref="AdvertRejection.AddressListMismatch"/>), and <see cref="CheckAddressList"/> false skips the count
    /// too. Default false: RFC 9568 / keepalived ≥ 2.3.3, mismatch only flagged.
    /// </summary>
    public bool RejectAddressListMismatch { get; init; }

    internal bool ChecksUnicastSource => CheckUnicastSource || UnicastPeers.Any(p => p.HasTtlWindow);
}

/// <summary>
/// The outcome of the instance-level checks. <see cref="Rejection"/> decides whether the engine may act on the
/// advert; the two flags are logged and counted but never reject (RFC 9568, keepalived ≥ 2.3.3).
/// </summary>
/// <param name="VipListMismatch">The address count or list differs from ours (keepalived's addr_list_err).</param>
/// <param name="IntervalDiffers">v3 only: the sender's interval differs from ours (the backup adopts it).</param>
public readonly record struct AdvertVerdict(AdvertRejection Rejection, bool VipListMismatch, bool IntervalDiffers)
{
    /// <summary>
    /// auth_type AH: the advert's sequence number passed the ICV and anti-replay checks, so the instance's counter moves
    /// to it — whatever later checks decide. Null otherwise.
    /// </summary>
    public uint? AuthenticatedSequence { get; init; }

    public bool Accepted => Rejection == AdvertRejection.None;
}
