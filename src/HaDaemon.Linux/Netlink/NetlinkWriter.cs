using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace HaDaemon.Linux.Netlink;

/// <summary>
/// Builds one or more netlink messages in a growing buffer: nlmsghdr, a fixed header struct, then rtattrs (nested ones
/// get their length patched on close). Several messages in one buffer are one sendmsg — how a batch of VIPs is added.
/// </summary>
internal sealed class NetlinkWriter
{
    private const ushort NlaNested = 0x8000;
    private byte[] buffer = new byte[512];
    private readonly List<int> starts = [];
    private int messageStart = -1;

    public int Length { get; private set; }

    public int MessageCount => starts.Count;

    /// <summary>Offsets where each message starts, so a large batch can be sent in several datagrams.</summary>
    public IReadOnlyList<int> MessageStarts => starts;

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Length);

    public void BeginMessage(ushort type, ushort flags, uint sequence = 0)
    {
        messageStart = Length;
        var header = Reserve(16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], sequence);
        starts.Add(messageStart);
    }

    public void EndMessage()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(messageStart), (uint)(Length - messageStart));
        messageStart = -1;
    }

    /// <summary>Overwrites the sequence numbers with first, first+1… so acks can be matched to messages.</summary>
    public void AssignSequences(uint first)
    {
        for (var i = 0; i < starts.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(starts[i] + 8), first + (uint)i);
        }
    }

    public ReadOnlySpan<byte> Slice(int start, int end) => buffer.AsSpan(start, end - start);

    /// <summary>Raw fixed-size struct bytes (ifaddrmsg, rtmsg…), padded to 4.</summary>
    public Span<byte> Struct(int size) => Reserve(Align(size))[..size];

    public void Attr(ushort type, ReadOnlySpan<byte> value)
    {
        var span = Reserve(Align(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        value.CopyTo(span[4..]);
    }

    public void AttrU8(ushort type, byte value) => Attr(type, [value]);

    public void AttrU16(ushort type, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        Attr(type, b);
    }

    public void AttrU32(ushort type, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        Attr(type, b);
    }

    /// <summary>NUL-terminated string (IFLA_IFNAME, IFA_LABEL, FRA_IIFNAME…).</summary>
    public void AttrString(ushort type, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value + "\0");
        Attr(type, bytes);
    }

    public void AttrAddress(ushort type, IPAddress address) => Attr(type, address.GetAddressBytes());

    public int BeginNested(ushort type, bool markNested = true)
    {
        var start = Length;
        var span = Reserve(4);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], markNested ? (ushort)(type | NlaNested) : type);
        return start;
    }

    public void EndNested(int start) =>
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(start), (ushort)(Length - start));

    /// <summary>Bytes written since <paramref name="start"/>, for structs that carry their own length (rtnexthop).</summary>
    public Span<byte> Since(int start) => buffer.AsSpan(start, Length - start);

    public static int Align(int n) => (n + 3) & ~3;

    private Span<byte> Reserve(int size)
    {
        if (Length + size > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Length + size));
        }
        var span = buffer.AsSpan(Length, size);
        span.Clear();
        Length += size;
        return span;
    }
}
