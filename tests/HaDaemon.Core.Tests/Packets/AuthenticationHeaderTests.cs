using System.Net;
using HaDaemon.Core.Packets;

namespace HaDaemon.Core.Tests.Packets;

/// <summary>
/// keepalived's auth_type AH against bytes keepalived 2.2.7 itself sent. Captured with tcpdump inside a throw-away
/// network namespace: instance VI_1, VRID 51, priority 150, advert_int 1, auth_pass "secret12", VIP 10.9.9.100,
/// source 10.9.9.1 on a veth, multicast to 224.0.0.18 (its first two adverts after entering MASTER).
/// </summary>
public class AuthenticationHeaderTests
{
    private static readonly byte[] Key = VrrpEncoder.PasswordAuthData("secret12");
    private static readonly byte[] Source = [10, 9, 9, 1];
    private static readonly byte[] Group = [224, 0, 0, 18];

    /// <summary>IP id 1, AH sequence 1.</summary>
    private static readonly byte[] KeepalivedFirst = Convert.FromHexString(
        "45c000400001" + "0000ff33c7ad" + "0a090901" + "e0000012" +
        "70040000" + "0a090901" + "00000001" + "207bd8b0314aba8b7c9e8793" +
        "21339601" + "0201335d" + "0a090964" + "0000000000000000");

    /// <summary>IP id 2, AH sequence 2.</summary>
    private static readonly byte[] KeepalivedSecond = Convert.FromHexString(
        "45c000400002" + "0000ff33c7ac" + "0a090901" + "e0000012" +
        "70040000" + "0a090901" + "00000002" + "9e7525b63b407071d5280cc3" +
        "21339601" + "0201335d" + "0a090964" + "0000000000000000");

    private static VrrpAdvert Advert(byte priority = 150) => new()
    {
        Version = VrrpVersion.V2,
        VirtualRouterId = 51,
        Priority = priority,
        AdvertInterval = 1,
        Addresses = [IPAddress.Parse("10.9.9.100")],
        AuthType = VrrpAuthType.AuthenticationHeader,
        AuthData = new byte[8],
    };

    private static readonly AdvertExpectation AhInstance = new()
    {
        Version = VrrpVersion.V2,
        VirtualRouterId = 51,
        AuthType = VrrpAuthType.AuthenticationHeader,
        AuthData = Key,
        AdvertInterval = 1,
        VirtualAddresses = [IPAddress.Parse("10.9.9.100")],
    };

    private static ReceivedAdvert Decode(byte[] packet)
    {
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(packet, expectMulticast: true, out VrrpPacketView view));
        Assert.True(view.HasAuthenticationHeader);
        return view.ToReceivedAdvert("eth0");
    }

    [Fact]
    public void Keepalived_adverts_decode_and_their_ICV_verifies()
    {
        foreach (byte[] packet in new[] { KeepalivedFirst, KeepalivedSecond })
        {
            ReceivedAdvert received = Decode(packet);
            Assert.Equal(51, received.Advert.VirtualRouterId);
            Assert.Equal(150, received.Advert.Priority);
            Assert.Equal(VrrpAuthType.AuthenticationHeader, received.Advert.AuthType);
            Assert.Equal(packet, received.AuthenticatedPacket.ToArray());
            Assert.Equal(AdvertRejection.None, AuthenticationHeader.Verify(packet, Key, zeroTtl: false));
            Assert.Equal(0x0A090901u, AuthenticationHeader.SpiOf(packet));
        }

        Assert.Equal(1u, AuthenticationHeader.SequenceOf(KeepalivedFirst));
        Assert.Equal(2u, AuthenticationHeader.SequenceOf(KeepalivedSecond));
    }

    [Fact]
    public void The_encoder_reproduces_keepalived_byte_for_byte_given_the_same_id_and_sequence()
    {
        var buffer = new byte[128];
        int length = VrrpEncoder.EncodeIpv4AuthenticatedPacket(Advert(), buffer, Source, Group, identification: 1,
            sequence: 1, Key, unicast: false);
        Assert.Equal(Convert.ToHexString(KeepalivedFirst), Convert.ToHexString(buffer, 0, length));

        length = VrrpEncoder.EncodeIpv4AuthenticatedPacket(Advert(), buffer, Source, Group, 2, 2, Key, unicast: false);
        Assert.Equal(Convert.ToHexString(KeepalivedSecond), Convert.ToHexString(buffer, 0, length));
    }

    [Fact]
    public void Any_altered_covered_byte_fails_the_ICV_but_the_mutable_fields_do_not()
    {
        int[] mutable = [1, 6, 7, 10, 11]; // TOS, flags/fragment offset, header checksum
        for (int i = 0; i < KeepalivedFirst.Length; i++)
        {
            byte[] tampered = (byte[])KeepalivedFirst.Clone();
            tampered[i] ^= 0x01;
            AdvertRejection expected = mutable.Contains(i) ? AdvertRejection.None : AdvertRejection.AuthHeaderIcvMismatch;
            if (i == 9)
            {
                // Protocol 51 → 50: no longer an AH packet at all.
                Assert.Equal(AdvertRejection.AuthHeaderIcvMismatch, AuthenticationHeader.Verify(tampered, Key, false));
                continue;
            }

            Assert.True(expected == AuthenticationHeader.Verify(tampered, Key, zeroTtl: false), $"byte {i}");
        }
    }

    [Fact]
    public void A_wrong_key_fails_the_ICV()
    {
        Assert.Equal(AdvertRejection.AuthHeaderIcvMismatch,
            AuthenticationHeader.Verify(KeepalivedFirst, VrrpEncoder.PasswordAuthData("secret13"), zeroTtl: false));
        Assert.Equal(AdvertRejection.AuthHeaderIcvMismatch,
            AuthenticationHeader.Verify(KeepalivedFirst, VrrpEncoder.PasswordAuthData("secret1"), zeroTtl: false));
    }

    [Fact]
    public void An_SPI_other_than_the_source_is_rejected_even_with_a_valid_ICV()
    {
        var buffer = new byte[128];
        int length = VrrpEncoder.EncodeIpv4AuthenticatedPacket(Advert(), buffer, Source, Group, 1, 1, Key, unicast: false);
        byte[] packet = buffer[..length];
        AuthenticationHeader.Write(packet.AsSpan(20), [10, 9, 9, 2], 1);
        AuthenticationHeader.Sign(packet, Key, zeroTtl: false);
        Assert.Equal(AdvertRejection.AuthHeaderIcvMismatch, AuthenticationHeader.Verify(packet, Key, zeroTtl: false));
    }

    [Fact]
    public void Unicast_instances_leave_the_TTL_out_of_the_ICV_and_multicast_ones_do_not()
    {
        var buffer = new byte[128];
        byte[] peer = [10, 9, 9, 2];
        int length = VrrpEncoder.EncodeIpv4AuthenticatedPacket(Advert(), buffer, Source, peer, 7, 9, Key, unicast: true, ttl: 64);
        byte[] packet = buffer[..length];
        Assert.Equal(AdvertRejection.None, AuthenticationHeader.Verify(packet, Key, zeroTtl: true));
        packet[8] = 60; // a router on the way
        Assert.Equal(AdvertRejection.None, AuthenticationHeader.Verify(packet, Key, zeroTtl: true));
        Assert.Equal(AdvertRejection.AuthHeaderIcvMismatch, AuthenticationHeader.Verify(packet, Key, zeroTtl: false));

        byte[] multicast = (byte[])KeepalivedFirst.Clone();
        multicast[8] = 254;
        Assert.Equal(AdvertRejection.AuthHeaderIcvMismatch, AuthenticationHeader.Verify(multicast, Key, zeroTtl: false));
    }

    [Fact]
    public void The_encoder_refuses_what_the_wire_cannot_carry()
    {
        var buffer = new byte[128];
        Assert.Throws<ArgumentException>(() =>
            VrrpEncoder.EncodeIpv4AuthenticatedPacket(Advert(), buffer, Source, Group, identification: 0, 1, Key, false));
        Assert.Throws<ArgumentException>(() => VrrpEncoder.EncodeIpv4AuthenticatedPacket(
            Advert() with { Version = VrrpVersion.V3 }, buffer, Source, Group, 1, 1, Key, false));
        Assert.Throws<ArgumentException>(() => AuthenticationHeader.Sign(new byte[64], Key, false));
    }

    [Fact]
    public void The_validator_checks_ICV_then_sequence_and_reports_the_number_to_keep()
    {
        ReceivedAdvert first = Decode(KeepalivedFirst);
        AdvertVerdict verdict = AdvertValidator.Validate(first, AhInstance, authenticationSequence: 0);
        Assert.Equal(AdvertRejection.None, verdict.Rejection);
        Assert.Equal(1u, verdict.AuthenticatedSequence);

        Assert.Equal(AdvertRejection.AuthHeaderReplay, AdvertValidator.Validate(first, AhInstance, 1).Rejection);
        Assert.Null(AdvertValidator.Validate(first, AhInstance, 1).AuthenticatedSequence);
        Assert.Equal(AdvertRejection.None, AdvertValidator.Validate(Decode(KeepalivedSecond), AhInstance, 1).Rejection);

        AdvertExpectation otherKey = AhInstance with { AuthData = VrrpEncoder.PasswordAuthData("other") };
        Assert.Equal(AdvertRejection.AuthHeaderIcvMismatch, AdvertValidator.Validate(first, otherKey).Rejection);

        // The zero-copy path agrees.
        VrrpDecoder.DecodeIpv4(KeepalivedFirst, true, out VrrpPacketView view);
        Assert.Equal(1u, AdvertValidator.Validate(view, AhInstance).AuthenticatedSequence);
    }

    [Fact]
    public void A_later_rejection_still_reports_the_authenticated_sequence_as_keepalived_moves_its_counter_first()
    {
        AdvertVerdict verdict = AdvertValidator.Validate(Decode(KeepalivedFirst), AhInstance with { AdvertInterval = 2 });
        Assert.Equal(AdvertRejection.IntervalMismatch, verdict.Rejection);
        Assert.Equal(1u, verdict.AuthenticatedSequence);
    }

    [Fact]
    public void AH_presence_must_match_the_instance_both_ways()
    {
        // A PASS advert (protocol 112) reaching an AH instance, and an AH advert reaching a PASS one.
        var plain = new ReceivedAdvert(Advert() with { AuthType = VrrpAuthType.Password, AuthData = Key },
            IPAddress.Parse("10.9.9.1"), IPAddress.Parse("224.0.0.18"), 255, "eth0", ChecksumMode.VrrpOnly);
        Assert.Equal(AdvertRejection.AuthHeaderMismatch, AdvertValidator.Validate(plain, AhInstance).Rejection);
        AdvertExpectation passInstance = AhInstance with { AuthType = VrrpAuthType.Password };
        Assert.Equal(AdvertRejection.AuthHeaderMismatch, AdvertValidator.Validate(Decode(KeepalivedFirst), passInstance).Rejection);

        // An AH advert whose VRRP auth type byte is not 2 is an auth type mismatch, checked before the ICV.
        var buffer = new byte[128];
        int length = VrrpEncoder.EncodeIpv4AuthenticatedPacket(Advert() with { AuthType = VrrpAuthType.None }, buffer,
            Source, Group, 1, 1, Key, unicast: false);
        Assert.Equal(AdvertRejection.AuthTypeMismatch,
            AdvertValidator.Validate(Decode(buffer[..length]), AhInstance).Rejection);
    }

    [Fact]
    public void An_AH_advert_without_its_packet_cannot_be_authenticated()
    {
        var bare = new ReceivedAdvert(Advert(), IPAddress.Parse("10.9.9.1"), IPAddress.Parse("224.0.0.18"), 255, "eth0",
            ChecksumMode.VrrpOnly, ViaAuthenticationHeader: true);
        Assert.Equal(AdvertRejection.AuthHeaderIcvMismatch, AdvertValidator.Validate(bare, AhInstance).Rejection);
    }
}
