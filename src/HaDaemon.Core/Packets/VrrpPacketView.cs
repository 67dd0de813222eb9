using System.Buffers.Binary;
using System.Net;

namespace HaDaemon.Core.Packets;

/// <summary>
/// A received VRRP packet seen in place: fields are read from the receive buffer, nothing is copied.
/// After an accepted decode every member is valid. After a rejection the view still carries whatever was
/// readable (<see cref="HasHeader"/> tells whether the 8-byte VRRP header was), so the caller can count the
/// error against the instance owning <see cref="VirtualRouterId"/>, as keepalived does.
/// </summary>
public readonly ref struct VrrpPacketView
{
    internal VrrpPacketView(ReadOnlySpan<byte> message, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination,
        byte hopLimit, bool authenticationHeader, ChecksumMode checksum, ReadOnlySpan<byte> ipPacket = default)
    {
        Message = message;
        SourceAddress = source;
        DestinationAddress = destination;
        HopLimit = hopLimit;
        HasAuthenticationHeader = authenticationHeader;
        Checksum = checksum;
        IpPacket = ipPacket;
    }

    /// <summary>The VRRP message without IP header, AH or Ethernet padding (shorter if the packet was).</summary>
    public ReadOnlySpan<byte> Message { get; }
    /// <summary>IP source address bytes (4 or 16; empty when the IPv4 header was unreadable).</summary>
    public ReadOnlySpan<byte> SourceAddress { get; }
    public ReadOnlySpan<byte> DestinationAddress { get; }
    /// <summary>IPv4 TTL or IPv6 hop limit as received.</summary>
    public byte HopLimit { get; }
    /// <summary>
    /// IPv4 packet carried in IPsec AH (keepalived auth_type AH). The ICV needs the instance's key, so the codec does not
    /// verify it: <see cref="AdvertValidator"/> does, on <see cref="IpPacket"/>.
    /// </summary>
    public bool HasAuthenticationHeader { get; }
    /// <summary>With <see cref="HasAuthenticationHeader"/>: the whole IPv4 packet (header, AH, message); else empty.</summary>
    public ReadOnlySpan<byte> IpPacket { get; }
    /// <summary>Which checksum form validated (meaningful for accepted packets only).</summary>
    public ChecksumMode Checksum { get; }

    public bool IsIpv6 => SourceAddress.Length == VrrpWire.Ipv6AddressLength;
    public bool HasHeader => Message.Length >= VrrpWire.HeaderLength;
    public bool IsMulticastDestination => VrrpWire.IsMulticast(DestinationAddress);

    /// <summary>Raw version nibble as a <see cref="VrrpVersion"/> (may be an undefined value on rejected packets).</summary>
    public VrrpVersion Version => HasHeader ? (VrrpVersion)(Message[0] >> 4) : 0;
    public byte Type => HasHeader ? (byte)(Message[0] & 0x0F) : (byte)0;
    public byte VirtualRouterId => HasHeader ? Message[1] : (byte)0;
    public byte Priority => HasHeader ? Message[2] : (byte)0;
    public byte AddressCount => HasHeader ? Message[3] : (byte)0;

    /// <summary>v2 auth type byte as received (not range-checked: the instance validator does that).</summary>
    public VrrpAuthType AuthType => HasHeader && Version == VrrpVersion.V2 ? (VrrpAuthType)Message[4] : VrrpAuthType.None;

    /// <summary>v2: seconds; v3: the 12-bit centisecond field (reserved bits masked off).</summary>
    public ushort AdvertInterval => !HasHeader ? (ushort)0
        : Version == VrrpVersion.V2 ? Message[5]
        : (ushort)(BinaryPrimitives.ReadUInt16BigEndian(Message[4..]) & VrrpWire.V3MaxInterval);

    public ushort WireChecksum => HasHeader ? BinaryPrimitives.ReadUInt16BigEndian(Message[6..]) : (ushort)0;

    public int AddressLength => IsIpv6 ? VrrpWire.Ipv6AddressLength : VrrpWire.Ipv4AddressLength;

    /// <summary>All advertised addresses, packed (empty if the message is shorter than the count says).</summary>
    public ReadOnlySpan<byte> AddressBytes
    {
        get
        {
            int length = AddressCount * AddressLength;
            return Message.Length >= VrrpWire.HeaderLength + length
                ? Message.Slice(VrrpWire.HeaderLength, length)
                : ReadOnlySpan<byte>.Empty;
        }
    }

    /// <summary>The advertised address at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetAddress(int index) => AddressBytes.Slice(index * AddressLength, AddressLength);

    /// <summary>v2: the 8 authentication bytes; v3 or short message: empty.</summary>
    public ReadOnlySpan<byte> AuthData
    {
        get
        {
            int offset = VrrpWire.HeaderLength + (AddressCount * AddressLength);
            return Version == VrrpVersion.V2 && Message.Length >= offset + VrrpWire.V2AuthDataLength
                ? Message.Slice(offset, VrrpWire.V2AuthDataLength)
                : ReadOnlySpan<byte>.Empty;
        }
    }

    /// <summary>Copies the accepted packet into a <see cref="VrrpAdvert"/> (allocates).</summary>
    public VrrpAdvert ToAdvert()
    {
        if (!HasHeader || AddressBytes.Length != AddressCount * AddressLength)
        {
            throw new InvalidOperationException("Only an accepted packet can be materialised.");
        }

        var addresses = new IPAddress[AddressCount];
        for (int i = 0; i < addresses.Length; i++)
        {
            addresses[i] = new IPAddress(GetAddress(i));
        }

        return new VrrpAdvert
        {
            Version = Version,
            VirtualRouterId = VirtualRouterId,
            Priority = Priority,
            AdvertInterval = AdvertInterval,
            Addresses = addresses,
            AuthType = AuthType,
            AuthData = Version == VrrpVersion.V2 ? AuthData.ToArray() : ReadOnlyMemory<byte>.Empty,
        };
    }

    /// <summary>Copies the accepted packet and its IP context into a <see cref="ReceivedAdvert"/> (allocates).</summary>
    public ReceivedAdvert ToReceivedAdvert(string interfaceName) => new(
        ToAdvert(),
        new IPAddress(SourceAddress),
        new IPAddress(DestinationAddress),
        HopLimit,
        interfaceName,
        Checksum,
        HasAuthenticationHeader)
    {
        AuthenticatedPacket = HasAuthenticationHeader ? IpPacket.ToArray() : ReadOnlyMemory<byte>.Empty,
    };
}
