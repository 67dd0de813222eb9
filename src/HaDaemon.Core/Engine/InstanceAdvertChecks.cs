using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;

namespace HaDaemon.Core.Engine;

/// <summary>
/// Maps an instance's settings onto the codec's <see cref="AdvertValidator"/> (keepalived's instance-level receive
/// checks, in its order) and adds the one engine-side policy: rejecting VIP-list mismatches like keepalived ≤ 2.3.2.
/// </summary>
internal static class InstanceAdvertChecks
{
    /// <param name="checkAddresses">False when skip_check_adv_addr applies (same master as last time).</param>
    /// <param name="addressListMismatch">Set when the VIP list differs (counted as addr_list_err even if accepted).</param>
    public static AdvertRejection Check(InstanceSettings s, ReceivedAdvert received, byte effectivePriority, bool checkAddresses, out bool addressListMismatch)
    {
        var verdict = AdvertValidator.Validate(received, Expectation(s, effectivePriority, checkAddresses));
        addressListMismatch = verdict.VipListMismatch;
        if (verdict.Rejection != AdvertRejection.None) return verdict.Rejection;
        return verdict.VipListMismatch && s.RejectAddressListMismatch ? AdvertRejection.AddressListMismatch : AdvertRejection.None;
    }

    private static AdvertExpectation Expectation(InstanceSettings s, byte effectivePriority, bool checkAddresses) => new()
    {
        Version = s.Version,
        VirtualRouterId = s.VirtualRouterId,
        AuthType = s.Version == VrrpVersion.V2 ? s.AuthType : VrrpAuthType.None,
        AuthData = s.Version == VrrpVersion.V2 ? VrrpInstance.AuthBytes(s) : ReadOnlyMemory<byte>.Empty,
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
