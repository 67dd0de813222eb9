using HaDaemon.Linux.Native;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Netlink;

/// <summary>Which errnos mean "already as requested" for a kind of change.</summary>
internal enum ChangeKind
{
    /// <summary>EEXIST: the object is already there.</summary>
    Add,
    /// <summary>EADDRNOTAVAIL / ESRCH / ENOENT: the object is already gone.</summary>
    Delete,
    /// <summary>Every errno is a failure.</summary>
    Other,
}

/// <summary>
/// Sends a batch of change requests (one netlink message per item) and turns each ack into a <see cref="PlatformResult"/>.
/// Items the writer rejects before sending (bad spec, unknown interface) get their error and are not sent.
/// </summary>
internal static class NetlinkChanges
{
    public static IReadOnlyList<PlatformResult> Apply<T>(
        NetlinkSocket netlink,
        IReadOnlyList<T> items,
        ChangeKind kind,
        Func<T, string> describe,
        Func<T, NetlinkWriter, PlatformError?> write)
    {
        var results = new PlatformResult[items.Count];
        var writer = new NetlinkWriter();
        var sentIndexes = new List<int>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var error = write(items[i], writer);
            if (error is not null)
            {
                results[i] = error;
            }
            else
            {
                sentIndexes.Add(i);
            }
        }
        if (sentIndexes.Count == 0)
        {
            return results;
        }
        var acks = netlink.Transact(writer, describe(items[sentIndexes[0]]));
        for (var n = 0; n < sentIndexes.Count; n++)
        {
            var i = sentIndexes[n];
            results[i] = !acks.IsSuccess ? acks.Error! : Interpret(acks.Value![n], kind, describe(items[i]));
        }
        return results;
    }

    public static PlatformResult Interpret(NetlinkAck ack, ChangeKind kind, string operation) => ack.Errno switch
    {
        0 => PlatformResult.Applied,
        Errno.EEXIST when kind == ChangeKind.Add => PlatformResult.AlreadyInState,
        Errno.EADDRNOTAVAIL or Errno.ESRCH or Errno.ENOENT when kind == ChangeKind.Delete => PlatformResult.AlreadyInState,
        _ => NetlinkSocket.KernelError(operation, ack),
    };
}
