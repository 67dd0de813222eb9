using HaDaemon.Core.Packets;
using static HaDaemon.Core.Tests.Packets.PacketBytes;

namespace HaDaemon.Core.Tests.Packets;

/// <summary>
/// Bounded seeded fuzzing: a million random and mutated inputs through every decoder and parser. The only
/// acceptable outcomes are a defined rejection or a decode that materialises and validates without throwing.
/// </summary>
public class DecoderFuzzTests
{
    private const int Iterations = 1_000_000;
    private static readonly byte[] Ipv6Source = Ip("fe80::1");
    private static readonly byte[] Ipv6Group = Ip("ff02::12");

    private static readonly byte[][] Seeds =
    [
        Ipv4(Encode(V2(1, 100, 1, VrrpAuthType.Password, "pw", "10.0.0.1", "10.0.0.2")), "10.0.0.9", "224.0.0.18"),
        Ipv4(Encode(V3(2, 100, 100, "10.0.0.1"), ChecksumMode.PseudoHeader, "10.0.0.9", "10.0.0.8"), "10.0.0.9", "10.0.0.8"),
        Ipv4(Encode(V3(3, 255, 50, "10.0.0.1", "10.0.0.3")), "10.0.0.9", "224.0.0.18"),
        [.. Ipv4(Encode(V3(4, 1, 50, "10.0.0.1")), "10.0.0.9", "224.0.0.18"), .. new byte[14]],
        Ipv4([.. AhFor(VrrpWire.ProtocolVrrp), .. Encode(V2(5, 100, 1, VrrpAuthType.AuthenticationHeader, null, "10.0.0.1"))],
            "10.0.0.9", "224.0.0.18", protocol: VrrpWire.ProtocolAuthenticationHeader),
        Encode(V3(6, 100, 25, "fe80::6", "2001:db8::6"), ChecksumMode.PseudoHeader, "fe80::1", "ff02::12"),
    ];

    private static readonly AdvertExpectation Expectation = new()
    {
        Version = VrrpVersion.V3,
        VirtualRouterId = 3,
        AdvertInterval = 50,
        VirtualAddresses = [System.Net.IPAddress.Parse("10.0.0.1")],
    };

    private static byte[] AhFor(byte nextHeader)
    {
        var ah = new byte[VrrpWire.AuthenticationHeaderLength];
        ah[0] = nextHeader;
        return ah;
    }

    [Fact]
    public void A_million_random_and_mutated_inputs_never_throw()
    {
        var random = new Random(20261121);
        var buffer = new byte[600];
        int accepted = 0;
        var seen = new bool[256];
        for (int i = 0; i < Iterations; i++)
        {
            int length = Mutate(random, buffer);
            ReadOnlySpan<byte> input = buffer.AsSpan(0, length);
            bool multicast = (i & 1) == 0;

            AdvertRejection v4 = VrrpDecoder.DecodeIpv4(input, multicast, out VrrpPacketView view4);
            accepted += Consume(v4, view4, seen);
            AdvertRejection v6 = VrrpDecoder.DecodeIpv6(input, Ipv6Source, Ipv6Group, (byte)(i & 0xFF), multicast, (i & 2) == 0, out VrrpPacketView view6);
            accepted += Consume(v6, view6, seen);

            // The link-layer parsers see the same inputs; what they accept is read back in full.
            if (GratuitousArp.TryParse(input, out ArpFrame arp))
            {
                Assert.Equal(4, arp.TargetProtocol.Length);
            }

            if (NeighborAdvertisement.TryParseFrame(input, out NeighborAdvertFrame frame))
            {
                Assert.Equal(16, frame.Advert.Target.Length);
            }

            if (NeighborAdvertisement.TryParseMessage(input, out NeighborAdvertFields na, Ipv6Source, Ipv6Group))
            {
                Assert.Equal(6, na.TargetLinkLayerAddress.Length);
            }
        }

        // The mutations must reach both the accepting path and the deep checks, or the test proves little.
        Assert.True(accepted > Iterations / 100, $"only {accepted} accepted");
        AdvertRejection[] reached = Enum.GetValues<AdvertRejection>().Where(r => seen[(int)r]).ToArray();
        Assert.Contains(AdvertRejection.BadChecksum, reached);
        Assert.Contains(AdvertRejection.LengthMismatch, reached);
        Assert.Contains(AdvertRejection.BadType, reached);
        Assert.Contains(AdvertRejection.TtlNot255, reached);
    }

    private static int Consume(AdvertRejection rejection, in VrrpPacketView view, bool[] seen)
    {
        if (!Enum.IsDefined(rejection))
        {
            Assert.Fail($"undefined rejection {rejection}");
        }

        seen[(int)rejection] = true;
        _ = view.VirtualRouterId + view.AddressBytes.Length + view.AuthData.Length + view.AdvertInterval;
        if (rejection != AdvertRejection.None)
        {
            return 0;
        }

        VrrpAdvert advert = view.ToAdvert();
        Assert.Equal(view.AddressCount, advert.Addresses.Count);
        AdvertValidator.Validate(view, Expectation);
        return 1;
    }

    /// <summary>Fills <paramref name="buffer"/> with one fuzz input and returns its length.</summary>
    private static int Mutate(Random random, byte[] buffer)
    {
        int strategy = random.Next(8);
        if (strategy == 0)
        {
            int randomLength = random.Next(0, 120);
            random.NextBytes(buffer.AsSpan(0, randomLength));
            return randomLength;
        }

        byte[] seed = Seeds[random.Next(Seeds.Length)];
        seed.CopyTo(buffer, 0);
        int length = seed.Length;
        switch (strategy)
        {
            case 1: // a few bit flips
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }

                break;
            case 2: // truncation
                length = random.Next(0, length);
                break;
            case 3: // extension with random bytes
                int extra = random.Next(1, 40);
                random.NextBytes(buffer.AsSpan(length, extra));
                length += extra;
                break;
            case 4: // length-ish fields: IPv4 total length, IHL, VRRP count (both offsets, v4 and v6 layouts)
                int field = random.Next(4);
                byte value = (byte)random.Next(256);
                int offset = field switch { 0 => 3, 1 => 0, 2 => 23, _ => 3 };
                buffer[Math.Min(offset, length - 1)] = value;
                break;
            case 5: // random byte value anywhere
                buffer[random.Next(length)] = (byte)random.Next(256);
                break;
            case 6: // unchanged (keeps the accepting path exercised)
                break;
            default: // truncation plus bit flip
                length = random.Next(1, length + 1);
                buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                break;
        }

        return length;
    }
}
