using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HaDaemon.Linux.Native;

namespace HaDaemon.Linux.Adverts;

/// <summary>
/// recvmsg() on an IPv6 raw socket, reading the source from msg_name and the hop limit and destination from the
/// IPV6_HOPLIMIT / IPV6_PKTINFO control messages (the managed ReceiveMessageFrom fails on these sockets).
/// </summary>
internal static unsafe class Ipv6Receiver
{
    public readonly record struct Received(int Length, IPAddress Source, IPAddress Destination, byte HopLimit, int InterfaceIndex);

    /// <summary>Non-blocking read of one datagram; null when none is waiting (EAGAIN) or on error.</summary>
    public static Received? TryReceive(Socket socket, byte[] buffer, out int errno)
    {
        errno = 0;
        Span<byte> name = stackalloc byte[28];
        Span<byte> control = stackalloc byte[128];
        fixed (byte* data = buffer)
        fixed (byte* namePtr = name)
        fixed (byte* controlPtr = control)
        {
            var iov = new Libc.IoVec { Base = data, Length = (nuint)buffer.Length };
            var header = new Libc.MsgHdr
            {
                Name = namePtr,
                NameLength = (uint)name.Length,
                Iov = &iov,
                IovLength = 1,
                Control = controlPtr,
                ControlLength = (nuint)control.Length,
            };
            var n = Libc.RecvMsg((int)socket.Handle, &header, Libc.MSG_DONTWAIT);
            if (n < 0)
            {
                errno = Libc.LastErrno;
                return null;
            }
            var scope = BinaryPrimitives.ReadUInt32LittleEndian(name[24..]);
            var source = new IPAddress(name.Slice(8, 16), scope);
            IPAddress destination = IPAddress.IPv6None;
            byte hopLimit = 0;
            var ifindex = (int)scope;
            // cmsghdr: size_t len; int level; int type; data at +16; next at (len + 7) & ~7.
            var offset = 0;
            var controlLength = (int)header.ControlLength;
            while (offset + 16 <= controlLength)
            {
                var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(control[offset..]);
                var level = BinaryPrimitives.ReadInt32LittleEndian(control[(offset + 8)..]);
                var type = BinaryPrimitives.ReadInt32LittleEndian(control[(offset + 12)..]);
                if (length < 16 || offset + length > controlLength)
                {
                    break;
                }
                var payload = control.Slice(offset + 16, length - 16);
                if (level == SocketOptions.SOL_IPV6 && type == SocketOptions.IPV6_HOPLIMIT && payload.Length >= 4)
                {
                    hopLimit = (byte)BinaryPrimitives.ReadInt32LittleEndian(payload);
                }
                else if (level == SocketOptions.SOL_IPV6 && type == SocketOptions.IPV6_PKTINFO && payload.Length >= 20)
                {
                    ifindex = BinaryPrimitives.ReadInt32LittleEndian(payload[16..]);
                    destination = new IPAddress(payload[..16]);
                }
                offset += (length + 7) & ~7;
            }
            return new Received((int)Math.Min(n, buffer.Length), source, destination, hopLimit, ifindex);
        }
    }
}
