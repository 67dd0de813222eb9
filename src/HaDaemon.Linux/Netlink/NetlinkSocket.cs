using System.Buffers.Binary;
using System.Net.Sockets;
using HaDaemon.Linux.Namespaces;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Netlink;

/// <summary>The kernel's answer to one request message: errno 0 = done, plus the extended-ack text if any.</summary>
internal readonly record struct NetlinkAck(int Errno, string? KernelMessage);

/// <summary>
/// A NETLINK_ROUTE socket. Requests are serialised by a lock (rtnetlink processes a request inside sendmsg, so the
/// ack is queued before Send returns); acks are matched by sequence number, anything else is skipped.
/// </summary>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    /// <summary>Below the default 208 KiB send buffer; larger batches are split at message boundaries.</summary>
    private const int MaxDatagram = 32 * 1024;
    private readonly Socket socket;
    private readonly object gate = new();
    private readonly byte[] receiveBuffer = new byte[256 * 1024];
    private uint sequence = (uint)Environment.TickCount;

    private NetlinkSocket(Socket socket)
    {
        this.socket = socket;
    }

    public Socket Socket => socket;

    /// <summary>Opens a socket; with <paramref name="groups"/> it also subscribes to those rtnetlink multicast groups.</summary>
    public static PlatformResult<NetlinkSocket> Open(INetworkContext context, params int[] groups)
    {
        var created = SocketFactory.Create(context, Libc.AF_NETLINK, Libc.SOCK_RAW, 0, "socket(AF_NETLINK)");
        if (!created.IsSuccess)
        {
            return created.Error!;
        }
        var socket = created.Value!;
        var setup = SocketFactory.Try("netlink setup", () =>
        {
            socket.SetRawSocketOption(Rtnl.SOL_NETLINK, Rtnl.NETLINK_EXT_ACK, BitConverter.GetBytes(1));
            socket.SetRawSocketOption(Rtnl.SOL_NETLINK, Rtnl.NETLINK_CAP_ACK, BitConverter.GetBytes(1));
            socket.ReceiveBufferSize = 1 << 20;
            socket.ReceiveTimeout = 5000;
        });
        if (!setup.IsSuccess)
        {
            socket.Dispose();
            return setup.Error!;
        }
        // An unbound netlink socket (portid 0) receives no broadcasts: bind to sockaddr_nl {AF_NETLINK, pid 0 = kernel picks}.
        Span<byte> address = stackalloc byte[12];
        address.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(address, Libc.AF_NETLINK);
        fixed (byte* p = address)
        {
            if (Libc.Bind((int)socket.Handle, p, 12) < 0)
            {
                var errno = Libc.LastErrno;
                socket.Dispose();
                return PlatformError.FromErrno("bind(AF_NETLINK)", errno);
            }
        }
        // After bind: bind() rewrites the first 32 group bits with its own (empty) nl_groups.
        var joined = SocketFactory.Try("netlink group membership", () =>
        {
            foreach (var group in groups)
            {
                socket.SetRawSocketOption(Rtnl.SOL_NETLINK, Rtnl.NETLINK_ADD_MEMBERSHIP, BitConverter.GetBytes(group));
            }
        });
        if (!joined.IsSuccess)
        {
            socket.Dispose();
            return joined.Error!;
        }
        return new NetlinkSocket(socket);
    }

    /// <summary>Sends every message in <paramref name="writer"/> (each must ask for NLM_F_ACK) and returns one ack per message.</summary>
    public PlatformResult<NetlinkAck[]> Transact(NetlinkWriter writer, string operation)
    {
        lock (gate)
        {
            var first = sequence;
            sequence += (uint)writer.MessageCount;
            writer.AssignSequences(first);
            var acks = new NetlinkAck?[writer.MessageCount];
            var starts = writer.MessageStarts;
            var index = 0;
            while (index < starts.Count)
            {
                // Pack as many whole messages as fit in one datagram.
                int StopOf(int k) => k < starts.Count ? starts[k] : writer.Length;
                var end = index + 1;
                while (end < starts.Count && StopOf(end + 1) - starts[index] <= MaxDatagram)
                {
                    end++;
                }
                var stop = StopOf(end);
                var sent = SocketFactory.Try(operation, () => socket.Send(writer.Slice(starts[index], stop)));
                if (!sent.IsSuccess)
                {
                    return sent.Error!;
                }
                var expected = end - index;
                var received = ReceiveAcks(first, acks, expected, operation);
                if (!received.IsSuccess)
                {
                    return received.Error!;
                }
                index = end;
            }
            return acks.Select(a => a!.Value).ToArray();
        }
    }

    /// <summary>Sends one dump request (NLM_F_DUMP) and collects every reply message up to NLMSG_DONE.</summary>
    public PlatformResult<List<NetlinkMessage>> Dump(NetlinkWriter request, string operation)
    {
        var replies = new List<NetlinkMessage>();
        var done = Exchange(request, operation, message =>
        {
            if (message.Type == Rtnl.NLMSG_DONE)
            {
                return true;
            }
            // The payload is a slice of the shared receive buffer, which the next datagram of a multi-part dump
            // overwrites: keep a copy (a dump whose IPv4 part came first lost every IPv4 address to the IPv6 part).
            replies.Add(message with { Payload = message.Payload.ToArray() });
            return false;
        });
        return done.IsSuccess ? replies : done.Error!;
    }

    /// <summary>A non-dump GET (e.g. RTM_GETLINK by name): the one reply message, or the kernel's error.</summary>
    public PlatformResult<NetlinkMessage> Query(NetlinkWriter request, string operation)
    {
        NetlinkMessage reply = default;
        var done = Exchange(request, operation, message =>
        {
            reply = message;
            return true;
        });
        return done.IsSuccess ? reply : done.Error!;
    }

    /// <summary>Sends a request and feeds its replies (matched by sequence) to <paramref name="onReply"/> until it returns true.</summary>
    private PlatformResult Exchange(NetlinkWriter request, string operation, Func<NetlinkMessage, bool> onReply)
    {
        lock (gate)
        {
            var seq = sequence++;
            request.AssignSequences(seq);
            var sent = SocketFactory.Try(operation, () => socket.Send(request.Written));
            if (!sent.IsSuccess)
            {
                return sent;
            }
            while (true)
            {
                var read = ReceiveOnce(operation);
                if (!read.IsSuccess)
                {
                    return read.Error!;
                }
                foreach (var message in NetlinkMessage.Split(read.Value))
                {
                    if (message.Sequence != seq)
                    {
                        continue;
                    }
                    if (message.Type == Rtnl.NLMSG_ERROR)
                    {
                        return KernelError(operation, ParseAck(message));
                    }
                    if (onReply(message))
                    {
                        return PlatformResult.Applied;
                    }
                }
            }
        }
    }

    public static PlatformError KernelError(string operation, NetlinkAck ack) =>
        PlatformError.FromErrno(operation, ack.Errno) is var e && ack.KernelMessage is { Length: > 0 } text
            ? e with { Message = $"{e.Message} — kernel says: {text}" }
            : PlatformError.FromErrno(operation, ack.Errno);

    private PlatformResult ReceiveAcks(uint first, NetlinkAck?[] acks, int expected, string operation)
    {
        var got = 0;
        while (got < expected)
        {
            var read = ReceiveOnce(operation);
            if (!read.IsSuccess)
            {
                return read.Error!;
            }
            foreach (var message in NetlinkMessage.Split(read.Value))
            {
                var slot = message.Sequence - first;
                if (message.Type != Rtnl.NLMSG_ERROR || slot >= (uint)acks.Length || acks[slot] is not null)
                {
                    continue;
                }
                acks[slot] = ParseAck(message);
                got++;
            }
        }
        return PlatformResult.Applied;
    }

    private PlatformResult<ReadOnlyMemory<byte>> ReceiveOnce(string operation)
    {
        var count = 0;
        var result = SocketFactory.Try(operation + " (reading the kernel's answer)", () => count = socket.Receive(receiveBuffer));
        if (!result.IsSuccess)
        {
            return result.Error!;
        }
        return new ReadOnlyMemory<byte>(receiveBuffer, 0, count);
    }

    /// <summary>NLMSG_ERROR payload: int -errno, the request's nlmsghdr (capped), then NLMSGERR_ATTR_* TLVs.</summary>
    public static NetlinkAck ParseAck(NetlinkMessage message)
    {
        var span = message.Payload.Span;
        if (span.Length < 4)
        {
            return new NetlinkAck(Errno.EINVAL, "short NLMSG_ERROR");
        }
        var errno = -BinaryPrimitives.ReadInt32LittleEndian(span);
        string? text = null;
        if ((message.Flags & Rtnl.NLM_F_ACK_TLVS) != 0 && span.Length >= 20)
        {
            var echoed = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
            // With NETLINK_CAP_ACK only the 16-byte header is echoed back.
            var tlvStart = 4 + ((message.Flags & 0x100) != 0 ? 16 : NetlinkWriter.Align(Math.Max(16, echoed)));
            if (tlvStart <= span.Length)
            {
                var attrs = NetlinkAttributes.Parse(message.Payload[tlvStart..]);
                text = attrs.String(Rtnl.NLMSGERR_ATTR_MSG);
            }
        }
        return new NetlinkAck(errno, text);
    }

    public void Dispose() => socket.Dispose();
}
