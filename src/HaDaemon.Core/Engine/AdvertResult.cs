using HaDaemon.Core.Packets;

namespace HaDaemon.Core.Engine;

public enum AdvertOutcome : byte
{
    /// <summary>Passed the instance checks and ran through the state machine.</summary>
    Processed,
    /// <summary>Failed an instance check (<see cref="AdvertResult.Rejection"/>; counted).</summary>
    Rejected,
    /// <summary>The instance is not in BACKUP or MASTER (FAULT, INIT, STOP): keepalived ignores such adverts.</summary>
    Ignored,
    /// <summary>No instance has this VRID on this interface and family.</summary>
    UnknownInstance,
}

/// <summary>What <see cref="VrrpRouter.HandleAdvert"/> did with an advert (for logs and the simulator).</summary>
public readonly record struct AdvertResult(AdvertOutcome Outcome, AdvertRejection Rejection, string? Instance);
