using System.Net;
using FsCheck;
using FsCheck.Fluent;
using HaDaemon.Core.Packets;

namespace HaDaemon.Core.Tests.Packets;

/// <summary>FsCheck: encode → decode gives the advert back, and re-encoding in the reported mode gives the same bytes.</summary>
public class CodecRoundTripProperties
{
    public enum Kind
    {
        V2,
        V3Ipv4VrrpOnly,
        V3Ipv4PseudoHeader,
        V3Ipv4OldUnicast,
        V3Ipv6,
    }

    public sealed record Case(Kind Kind, byte Vrid, byte Priority, ushort Interval, byte[] Addresses, byte AuthType,
        byte[] AuthData, byte[] Source, byte[] Destination)
    {
        public bool Ipv6 => Kind == Kind.V3Ipv6;
        public int Count => Addresses.Length / (Ipv6 ? 16 : 4);

        public ChecksumMode Mode => Kind switch
        {
            Kind.V3Ipv4PseudoHeader or Kind.V3Ipv6 => ChecksumMode.PseudoHeader,
            Kind.V3Ipv4OldUnicast => ChecksumMode.OldUnicastPseudoHeader,
            _ => ChecksumMode.VrrpOnly,
        };

        public VrrpAdvert ToAdvert()
        {
            int length = Ipv6 ? 16 : 4;
            var addresses = new IPAddress[Count];
            for (int i = 0; i < addresses.Length; i++)
            {
                addresses[i] = new IPAddress(Addresses.AsSpan(i * length, length));
            }

            return new VrrpAdvert
            {
                Version = Kind == Kind.V2 ? VrrpVersion.V2 : VrrpVersion.V3,
                VirtualRouterId = Vrid,
                Priority = Priority,
                AdvertInterval = Interval,
                Addresses = addresses,
                AuthType = Kind == Kind.V2 ? (VrrpAuthType)AuthType : VrrpAuthType.None,
                AuthData = Kind == Kind.V2 ? AuthData : ReadOnlyMemory<byte>.Empty,
            };
        }

        public override string ToString() =>
            $"{Kind} vrid={Vrid} prio={Priority} int={Interval} n={Count} auth={AuthType} src={Convert.ToHexString(Source)} dst={Convert.ToHexString(Destination)} addrs={Convert.ToHexString(Addresses)}";
    }

    private static Gen<byte[]> Bytes(int length) => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length);

    private static readonly Gen<Case> Cases =
        from kind in Gen.Elements(Enum.GetValues<Kind>())
        from vrid in Gen.Choose(0, 255)
        from priority in Gen.Choose(0, 255)
        from interval in Gen.Choose(0, kind == Kind.V2 ? 255 : 4095)
        from count in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 4)), (1, Gen.Choose(5, 255)))
        from addresses in Bytes(count * (kind == Kind.V3Ipv6 ? 16 : 4))
        from authType in Gen.Choose(0, 255)
        from authData in Bytes(8)
        from source in Bytes(kind == Kind.V3Ipv6 ? 16 : 4)
        from destination in Bytes(kind == Kind.V3Ipv6 ? 16 : 4)
        select new Case(kind, (byte)vrid, (byte)priority, (ushort)interval, addresses, (byte)authType, authData, source, destination);

    [Fact]
    public void Encode_then_decode_round_trips()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Cases.ToArbitrary(), RoundTrips));
    }

    private static bool RoundTrips(Case c)
    {
        VrrpAdvert advert = c.ToAdvert();
        var buffer = new byte[VrrpWire.MessageLength(advert.Version, c.Ipv6, c.Count)];
        int length = VrrpEncoder.EncodeMessage(advert, buffer, c.Mode, c.Source, c.Destination);
        Assert.Equal(buffer.Length, length);

        AdvertRejection rejection;
        VrrpPacketView view;
        if (c.Ipv6)
        {
            rejection = VrrpDecoder.DecodeIpv6(buffer, c.Source, c.Destination, 255, true, false, out view);
        }
        else
        {
            var packet = new byte[Ipv4Header.Length + length];
            Ipv4Header.Write(packet, c.Source, c.Destination, (ushort)packet.Length, 7);
            buffer.CopyTo(packet, Ipv4Header.Length);
            rejection = VrrpDecoder.DecodeIpv4(packet, true, out view);
        }

        Assert.Equal(AdvertRejection.None, rejection);
        VrrpAdvert decoded = view.ToAdvert();
        Assert.Equal(advert.Version, decoded.Version);
        Assert.Equal(advert.VirtualRouterId, decoded.VirtualRouterId);
        Assert.Equal(advert.Priority, decoded.Priority);
        Assert.Equal(advert.AdvertInterval, decoded.AdvertInterval);
        Assert.Equal(advert.Addresses, decoded.Addresses);
        Assert.Equal(advert.AuthType, decoded.AuthType);
        Assert.Equal(advert.AuthData.ToArray(), decoded.AuthData.ToArray());

        // A 16-bit checksum can validate under more than one IPv4 v3 form; the decoder reports the first in its
        // preference order, and that form must reproduce the packet exactly.
        var again = new byte[length];
        VrrpEncoder.EncodeMessage(decoded, again, view.Checksum, c.Source, c.Destination);
        Assert.Equal(buffer, again);
        return true;
    }

    [Fact]
    public void Each_ipv4_v3_checksum_form_is_detected()
    {
        byte[] source = [192, 168, 1, 1];
        byte[] peer = [192, 168, 1, 2];
        VrrpAdvert advert = PacketBytes.V3(7, 100, 100, "192.168.1.100");
        foreach (ChecksumMode mode in new[] { ChecksumMode.VrrpOnly, ChecksumMode.PseudoHeader, ChecksumMode.OldUnicastPseudoHeader })
        {
            var packet = new byte[32];
            VrrpEncoder.EncodeIpv4Packet(advert, packet, mode, source, peer, 1);
            Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(packet, false, out VrrpPacketView view));
            Assert.Equal(mode, view.Checksum);
        }
    }
}
