using HaDaemon.Core.Packets;

namespace HaDaemon.Dumps;

/// <summary>
/// Folds the engine's per-reason rejection counts into keepalived's stats buckets:
/// Length = too short / bad IP header / length mismatch; TTL = TTL ≠ 255 and unicast peer TTL range;
/// Invalid Type = bad type; Advertisement Interval = v2 interval mismatch; Type Mismatch = AH presence or
/// auth type differing from ours; Failure = wrong password, or (auth_type AH) wrong ICV/SPI or replayed sequence. keepalived's "Invalid Type" authentication counter
/// (auth type &gt; 2 in the packet) has no separate reason in HaDaemon's codec and stays 0.
/// </summary>
public static class InstanceStatsMapping
{
    public static InstanceStatsDump FromCounters(
        long advertsReceived,
        long advertsSent,
        long becameMaster,
        long releasedMaster,
        long priorityZeroReceived,
        long priorityZeroSent,
        long addressListErrors,
        Func<AdvertRejection, long> rejected)
    {
        ulong Sum(AdvertRejection a, AdvertRejection b = AdvertRejection.None, AdvertRejection c = AdvertRejection.None) =>
            (ulong)(rejected(a) + (b == AdvertRejection.None ? 0 : rejected(b)) + (c == AdvertRejection.None ? 0 : rejected(c)));
        return new InstanceStatsDump
        {
            AdvertReceived = (ulong)advertsReceived,
            AdvertSent = (ulong)advertsSent,
            BecameMaster = (ulong)becameMaster,
            ReleasedMaster = (ulong)releasedMaster,
            PacketLengthErrors = Sum(AdvertRejection.TooShort, AdvertRejection.IpHeaderInvalid, AdvertRejection.LengthMismatch),
            TtlErrors = Sum(AdvertRejection.TtlNot255, AdvertRejection.PeerTtlOutOfRange),
            InvalidTypeReceived = Sum(AdvertRejection.BadType),
            AdvertIntervalErrors = Sum(AdvertRejection.IntervalMismatch),
            AddressListErrors = (ulong)addressListErrors,
            AuthTypeMismatch = Sum(AdvertRejection.AuthHeaderMismatch, AdvertRejection.AuthTypeMismatch),
            AuthFailure = Sum(AdvertRejection.AuthPasswordMismatch, AdvertRejection.AuthHeaderIcvMismatch, AdvertRejection.AuthHeaderReplay),
            PriorityZeroReceived = (ulong)priorityZeroReceived,
            PriorityZeroSent = (ulong)priorityZeroSent,
        };
    }
}
