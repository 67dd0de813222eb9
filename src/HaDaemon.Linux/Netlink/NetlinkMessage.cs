using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace HaDaemon.Linux.Netlink;

/// <summary>One received netlink message: header fields and the payload after the 16-byte nlmsghdr.</summary>
internal readonly record struct NetlinkMessage(ushort Type, ushort Flags, uint Sequence, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Splits a datagram into messages; stops quietly at a malformed length (bad input never throws).</summary>
    public static List<NetlinkMessage> Split(ReadOnlyMemory<byte> datagram)
    {
        var list = new List<NetlinkMessage>();
        var offset = 0;
        var span = datagram.Span;
        while (offset + 16 <= span.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);
            if (length < 16 || offset + length > span.Length)
            {
                break;
            }
            list.Add(new NetlinkMessage(
                BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 4)..]),
                BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 6)..]),
                BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 8)..]),
                datagram.Slice(offset + 16, length - 16)));
            offset += NetlinkWriter.Align(length);
        }
        return list;
    }
}

/// <summary>Reads the rtattr list after a fixed header.</summary>
internal static class NetlinkAttributes
{
    public static Dictionary<ushort, ReadOnlyMemory<byte>> Parse(ReadOnlyMemory<byte> data)
    {
        var result = new Dictionary<ushort, ReadOnlyMemory<byte>>();
        var offset = 0;
        while (offset + 4 <= data.Length)
        {
            var span = data.Span;
            var length = BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);
            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 2)..]) & 0x3FFF);
            if (length < 4 || offset + length > data.Length)
            {
                break;
            }
            result[type] = data.Slice(offset + 4, length - 4);
            offset += NetlinkWriter.Align(length);
        }
        return result;
    }

    public static uint? U32(this Dictionary<ushort, ReadOnlyMemory<byte>> attrs, ushort type) =>
        attrs.TryGetValue(type, out var v) && v.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(v.Span) : null;

    public static byte? U8(this Dictionary<ushort, ReadOnlyMemory<byte>> attrs, ushort type) =>
        attrs.TryGetValue(type, out var v) && v.Length >= 1 ? v.Span[0] : null;

    public static string? String(this Dictionary<ushort, ReadOnlyMemory<byte>> attrs, ushort type) =>
        attrs.TryGetValue(type, out var v) ? Encoding.ASCII.GetString(v.Span).TrimEnd('\0') : null;

    public static IPAddress? Address(this Dictionary<ushort, ReadOnlyMemory<byte>> attrs, ushort type) =>
        attrs.TryGetValue(type, out var v) && v.Length is 4 or 16 ? new IPAddress(v.Span) : null;

    public static byte[]? Bytes(this Dictionary<ushort, ReadOnlyMemory<byte>> attrs, ushort type) =>
        attrs.TryGetValue(type, out var v) ? v.ToArray() : null;
}
