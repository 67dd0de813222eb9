using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine;

/// <summary>
/// Per-instance counters as keepalived's USR2 stats file and keepalived-exporter expose them. Mutable only by the
/// engine; <see cref="Snapshot"/> gives a copy.
/// </summary>
public sealed class InstanceStatistics
{
    private readonly long[] _rejections = new long[Enum.GetValues<AdvertRejection>().Length];

    public long AdvertsReceived { get; internal set; }
    public long AdvertsSent { get; internal set; }
    public long BecameMaster { get; internal set; }
    public long ReleasedMaster { get; internal set; }
    public long PriorityZeroReceived { get; internal set; }
    public long PriorityZeroSent { get; internal set; }
    /// <summary>Adverts whose VIP list differed from ours (keepalived's addr_list_err; counted even when accepted).</summary>
    public long AddressListErrors { get; internal set; }
    /// <summary>
    /// Adverts (priority &gt; 0) from another router that reached us while we were MASTER: in a healthy group only the
    /// master advertises, so each one is a moment of split brain (or the preemption that ends it).
    /// </summary>
    public long OtherMasterAdverts { get; internal set; }
    /// <summary>When the last of <see cref="OtherMasterAdverts"/> arrived; <see cref="Instant.Never"/> if none.</summary>
    public Instant LastOtherMasterAdvert { get; internal set; } = Instant.Never;

    /// <summary>Adverts dropped for <paramref name="reason"/> (codec or instance checks).</summary>
    public long Rejected(AdvertRejection reason) => _rejections[(int)reason];

    internal void Reject(AdvertRejection reason) => _rejections[(int)reason]++;

    /// <summary>keepalived's STATS_CLEAR signal.</summary>
    public void Clear()
    {
        Array.Clear(_rejections);
        AdvertsReceived = AdvertsSent = BecameMaster = ReleasedMaster = PriorityZeroReceived = PriorityZeroSent = AddressListErrors = OtherMasterAdverts = 0;
        LastOtherMasterAdvert = Instant.Never;
    }

    public InstanceStatistics Snapshot()
    {
        var copy = new InstanceStatistics
        {
            AdvertsReceived = AdvertsReceived,
            AdvertsSent = AdvertsSent,
            BecameMaster = BecameMaster,
            ReleasedMaster = ReleasedMaster,
            PriorityZeroReceived = PriorityZeroReceived,
            PriorityZeroSent = PriorityZeroSent,
            AddressListErrors = AddressListErrors,
            OtherMasterAdverts = OtherMasterAdverts,
            LastOtherMasterAdvert = LastOtherMasterAdvert,
        };
        _rejections.CopyTo(copy._rejections, 0);
        return copy;
    }
}
