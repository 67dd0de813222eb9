using System.Buffers.Binary;

namespace HaDaemon.Tests.Interop;

/// <summary>
/// Reads the Ethernet frames of a classic pcap file (what tcpdump -w writes), so captured adverts can be checked
/// with the project's own codec rather than with tshark's idea of the checksum.
/// </summary>
public static class PcapFrames
{
    private const uint MagicMicroseconds = 0xa1b2c3d4;
    private const uint MagicNanoseconds = 0xa1b23c4d;
    private const int EthernetHeader = 14;

    /// <summary>The IPv4 packets (Ethernet payload with type 0x0800) of the file, in order.</summary>
    public static IReadOnlyList<byte[]> Ipv4Packets(string path)
    {
        var data = File.ReadAllBytes(path);
        var packets = new List<byte[]>();
        if (data.Length < 24)
        {
            return packets;
        }
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var bigEndian = magic is not (MagicMicroseconds or MagicNanoseconds);
        uint Read32(int offset) => bigEndian
            ? BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset))
            : BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset));
        for (var offset = 24; offset + 16 <= data.Length;)
        {
            var captured = (int)Read32(offset + 8);
            var start = offset + 16;
            offset = start + captured;
            if (offset > data.Length || captured < EthernetHeader)
            {
                break;
            }
            var frame = data.AsSpan(start, captured);
            if (BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == 0x0800)
            {
                packets.Add(frame[EthernetHeader..].ToArray());
            }
        }
        return packets;
    }
}
