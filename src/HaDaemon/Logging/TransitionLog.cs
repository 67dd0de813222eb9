using HaDaemon.Core.Engine;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Logging;

/// <summary>
/// The one log line per VRRP transition. It starts with keepalived's wording "(NAME) Entering STATE STATE" so
/// existing log filters keep matching, and carries the VRID, the previous state, the reason and the priority.
/// </summary>
public static class TransitionLog
{
    public static void Write(ILogger logger, StateChanged change, byte virtualRouterId) =>
        logger.LogInformation(
            "({Instance}) Entering {State} STATE (vrid {Vrid}, from {From}, reason {Reason}, priority {Priority})",
            change.Instance, Name(change.To), virtualRouterId, Name(change.From), change.Reason, change.Priority);

    public static string Name(VrrpState state) => state switch
    {
        VrrpState.Init => "INIT",
        VrrpState.Backup => "BACKUP",
        VrrpState.Master => "MASTER",
        VrrpState.Fault => "FAULT",
        VrrpState.Stop => "STOP",
        VrrpState.Deleted => "DELETED",
        _ => state.ToString().ToUpperInvariant(),
    };
}
