using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;

namespace HaDaemon.Core.Engine;

/// <summary>
/// Maps an instance's settings onto the codec's <see cref="AdvertValidator"/> (keepalived's instance-level receive
/// checks, in its order) and adds the one engine-side policy: rejecting VIP-list mismatches like keepalived ≤ 2.3.2.
/// </summary>
internal static class InstanceAdvertChecks
{
    /// <param name="addressListMismatch">Set when the VIP list differs (counted as addr_list_err even if accepted).</param>
    /// <param name="expected">From <see cref="Expectation"/> (cached per instance by <see cref="InstanceAdvertCache"/>).</param>
    /// <param name="authenticationSequence">auth_type AH: the instance's sequence counter.</param>
    /// <param name="authenticatedSequence">auth_type AH: the number the counter must move to (set even when rejected later).</param>
    public static AdvertRejection Check(InstanceSettings s, ReceivedAdvert received, AdvertExpectation expected,
        uint authenticationSequence, out bool addressListMismatch, out uint? authenticatedSequence)
    {
        var verdict = AdvertValidator.Validate(received, expected, authenticationSequence);
        addressListMismatch = verdict.VipListMismatch;
        authenticatedSequence = verdict.AuthenticatedSequence;
        if (verdict.Rejection != AdvertRejection.None) return verdict.Rejection;
        return verdict.VipListMismatch && s.RejectAddressListMismatch ? AdvertRejection.AddressListMismatch : AdvertRejection.None;
    }

    /// <param name="checkAddresses">False when skip_check_adv_addr applies (same master as last time).</param>
    public static AdvertExpectation Expectation(InstanceSettings s, byte effectivePriority, bool checkAddresses) => new()
    {
        Version = s.Version,
        VirtualRouterId = s.VirtualRouterId,
        AuthType = s.Version == VrrpVersion.V2 ? s.AuthType : VrrpAuthType.None,
        AuthData = s.Version == VrrpVersion.V2 ? VrrpInstance.AuthKey(s) : ReadOnlyMemory<byte>.Empty,
        AdvertInterval = s.WireAdvertInterval,
        Unicast = s.IsUnicast,
        UnicastPeers = s.UnicastPeers,
        CheckUnicastSource = s.CheckUnicastSource,
        OwnerIgnoresAdverts = s.OwnerIgnoreAdverts,
        EffectivePriority = effectivePriority,
        VirtualAddresses = s.VirtualAddresses,
        CheckAddressList = checkAddresses,
    };
}
