using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HaDaemon.Linux.Announcements;

/// <summary>
/// sockaddr_ll for AF_PACKET sends: only the protocol and interface index matter for a SOCK_RAW frame (the Ethernet
/// header is in the frame). .NET writes the family into bytes 0-1 itself.
/// </summary>
internal sealed class LinkLayerEndPoint(int interfaceIndex, ushort protocol) : EndPoint
{
    public override AddressFamily AddressFamily => AddressFamily.Packet;

    public override SocketAddress Serialize()
    {
        var address = new SocketAddress(AddressFamily.Packet, 20);
        var bytes = address.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], protocol);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], interfaceIndex);
        bytes[11] = 6;
        return address;
    }

    public override EndPoint Create(SocketAddress socketAddress) => this;
}
