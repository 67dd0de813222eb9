using System.Collections;
using System.Globalization;
using System.Net;
using HaDaemon.Core.Engine;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Logging;

/// <summary>
/// The one log line per VRRP transition. It starts with keepalived's wording "(NAME) Entering STATE STATE" so
/// existing log filters keep matching, and carries the VRID, the previous state, the reason and the priority.
/// The event's properties are exactly the JSON log's transition fields: <c>instance</c>, <c>vrid</c>, <c>from</c>,
/// <c>to</c>, <c>reason</c>, <c>priority</c>, <c>peer</c> (the master whose advert caused it, else null) and
/// <c>transition_id</c> (the notify scripts' <c>HADAEMON_TRANSITION_ID</c>); the last two are not in the text.
/// </summary>
public static class TransitionLog
{
    public const string Template =
        "({Instance}) Entering {To} STATE (vrid {Vrid}, from {From}, reason {Reason}, priority {Priority})";

    /// <param name="status">The instance's status when the command is carried out (VRID, and the master address
    /// that an advert-caused transition was caused by); null for an instance the engine no longer has.</param>
    public static void Write(ILogger logger, StateChanged change, InstanceStatus? status) =>
        Write(logger, change, status?.VirtualRouterId ?? 0, Peer(change, status));

    public static void Write(ILogger logger, StateChanged change, byte virtualRouterId, IPAddress? peer = null) =>
        logger.Log(LogLevel.Information, default, new Entry(change, virtualRouterId, peer), null, static (entry, _) => entry.ToString());

    /// <summary>
    /// The master that caused the transition: the advert's source when a better advert moved a MASTER to BACKUP
    /// (the engine records it as the master address before the command is carried out). Other transitions have
    /// no single cause on the wire (a timer, a tracker, a sync group), so null.
    /// </summary>
    public static IPAddress? Peer(StateChanged change, InstanceStatus? status) =>
        change.Reason is TransitionReason.HigherPriorityAdvert or TransitionReason.EqualPriorityHigherAddress
            ? status?.MasterAddress
            : null;

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

    /// <summary>
    /// The log state: the template and the values the template names, plus Peer and TransitionId, which the text
    /// line leaves out (it stays as it was) but structured sinks get as properties.
    /// </summary>
    private sealed class Entry(StateChanged change, byte vrid, IPAddress? peer) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _values =
        [
            new("Instance", change.Instance),
            new("To", Name(change.To)),
            new("Vrid", vrid),
            new("From", Name(change.From)),
            new("Reason", change.Reason.ToString()),
            new("Priority", change.Priority),
            // A string, so that every sink shows the address and not a structure of its fields.
            new("Peer", peer?.ToString()),
            new("TransitionId", change.TransitionId),
            new("{OriginalFormat}", Template),
        ];

        public int Count => _values.Length;

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"({change.Instance}) Entering {Name(change.To)} STATE (vrid {vrid}, from {Name(change.From)}, reason {change.Reason}, priority {change.Priority})");
    }
}
