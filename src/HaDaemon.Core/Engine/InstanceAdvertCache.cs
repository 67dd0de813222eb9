using System.Net;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;

namespace HaDaemon.Core.Engine;

/// <summary>
/// The immutable objects every advert of one instance repeats — the outgoing <see cref="VrrpAdvert"/>, its
/// destinations, the receive-side <see cref="AdvertExpectation"/> — built once per settings object (a reload
/// replaces it) and priority instead of once per packet: the steady state then allocates only the SendAdvert command.
/// </summary>
internal sealed class InstanceAdvertCache
{
    private InstanceSettings? _settings;
    private IReadOnlyList<IPAddress> _destinations = [];
    private VrrpAdvert? _outgoing;
    private AdvertExpectation? _checkingAddresses;
    private AdvertExpectation? _skippingAddresses;

    private byte[]? _authenticationKey;

    /// <summary>auth_type AH: the HMAC-MD5 key (auth_pass NUL-padded to 8 bytes).</summary>
    public ReadOnlyMemory<byte> AuthenticationKey(InstanceSettings s)
    {
        Refresh(s);
        return _authenticationKey ??= VrrpInstance.AuthKey(s);
    }

    public IReadOnlyList<IPAddress> Destinations(InstanceSettings s)
    {
        Refresh(s);
        return _destinations;
    }

    /// <summary>The advert to send with <paramref name="priority"/> (the effective one, or 0 when leaving MASTER).</summary>
    public VrrpAdvert Outgoing(InstanceSettings s, byte priority)
    {
        Refresh(s);
        if (_outgoing is null || _outgoing.Priority != priority)
        {
            _outgoing = new VrrpAdvert
            {
                Version = s.Version,
                VirtualRouterId = s.VirtualRouterId,
                Priority = priority,
                AdvertInterval = s.WireAdvertInterval,
                Addresses = s.VirtualAddresses,
                AuthType = s.Version == VrrpVersion.V2 ? s.AuthType : VrrpAuthType.None,
                AuthData = s.Version == VrrpVersion.V2 ? VrrpInstance.AuthBytes(s) : ReadOnlyMemory<byte>.Empty,
            };
        }
        return _outgoing;
    }

    public AdvertExpectation Expectation(InstanceSettings s, byte effectivePriority, bool checkAddresses)
    {
        Refresh(s);
        ref var slot = ref checkAddresses ? ref _checkingAddresses : ref _skippingAddresses;
        if (slot is null || slot.EffectivePriority != effectivePriority)
            slot = InstanceAdvertChecks.Expectation(s, effectivePriority, checkAddresses);
        return slot;
    }

    private void Refresh(InstanceSettings s)
    {
        if (ReferenceEquals(s, _settings)) return;
        _settings = s;
        _destinations = s.IsUnicast ? [.. s.UnicastPeers.Select(p => p.Address)] : [s.EffectiveMulticastGroup];
        _outgoing = null;
        _authenticationKey = null;
        _checkingAddresses = _skippingAddresses = null;
    }
}
