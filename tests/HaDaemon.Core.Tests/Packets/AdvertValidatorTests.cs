using System.Net;
using HaDaemon.Core.Packets;
using static HaDaemon.Core.Tests.Packets.PacketBytes;

namespace HaDaemon.Core.Tests.Packets;

/// <summary>Each instance-level rejection, the non-rejecting VIP/interval flags, and keepalived's check order.</summary>
public class AdvertValidatorTests
{
    private static readonly IPAddress Peer = IPAddress.Parse("10.0.0.2");

    private static readonly AdvertExpectation V2Multicast = new()
    {
        Version = VrrpVersion.V2,
        VirtualRouterId = 10,
        AuthType = VrrpAuthType.Password,
        AuthData = VrrpEncoder.PasswordAuthData("secret"),
        AdvertInterval = 1,
        VirtualAddresses = [IPAddress.Parse("10.0.0.100"), IPAddress.Parse("10.0.0.101")],
    };

    private static readonly AdvertExpectation V3Unicast = new()
    {
        Version = VrrpVersion.V3,
        VirtualRouterId = 20,
        AdvertInterval = 100,
        Unicast = true,
        CheckUnicastSource = true,
        UnicastPeers = [new UnicastPeer(Peer)],
        VirtualAddresses = [IPAddress.Parse("10.0.0.200")],
    };

    private static ReceivedAdvert Received(VrrpAdvert advert, string source = "10.0.0.2", string destination = "224.0.0.18",
        byte hopLimit = 255, bool ah = false) =>
        new(advert, IPAddress.Parse(source), IPAddress.Parse(destination), hopLimit, "eth0", ChecksumMode.VrrpOnly, ah);

    private static VrrpAdvert GoodV2(VrrpAuthType auth = VrrpAuthType.Password, string password = "secret", byte interval = 1,
        byte vrid = 10) => V2(vrid, 100, interval, auth, password, "10.0.0.100", "10.0.0.101");

    private static VrrpAdvert GoodV3(ushort interval = 100, byte vrid = 20, params string[] addresses) =>
        V3(vrid, 100, interval, addresses.Length == 0 ? ["10.0.0.200"] : addresses);

    private static AdvertRejection Check(ReceivedAdvert received, AdvertExpectation expected) =>
        AdvertValidator.Validate(received, expected).Rejection;

    [Fact]
    public void Matching_adverts_are_accepted_without_flags()
    {
        Assert.Equal(new AdvertVerdict(AdvertRejection.None, false, false), AdvertValidator.Validate(Received(GoodV2()), V2Multicast));
        Assert.Equal(new AdvertVerdict(AdvertRejection.None, false, false),
            AdvertValidator.Validate(Received(GoodV3(), destination: "10.0.0.1"), V3Unicast));
    }

    [Fact]
    public void Other_vrid_is_UnknownVirtualRouterId() =>
        Assert.Equal(AdvertRejection.UnknownVirtualRouterId, Check(Received(GoodV2(vrid: 11)), V2Multicast));

    [Fact]
    public void Ah_presence_must_match_auth_type_AH()
    {
        Assert.Equal(AdvertRejection.AuthHeaderMismatch, Check(Received(GoodV2(), ah: true), V2Multicast));
        AdvertExpectation ahInstance = V2Multicast with { AuthType = VrrpAuthType.AuthenticationHeader, AuthData = default };
        Assert.Equal(AdvertRejection.AuthHeaderMismatch, Check(Received(GoodV2(VrrpAuthType.AuthenticationHeader, "")), ahInstance));
        // Accepting one also needs its ICV: AuthenticationHeaderTests.
    }

    [Fact]
    public void Other_version_is_VersionMismatch() =>
        Assert.Equal(AdvertRejection.VersionMismatch, Check(Received(GoodV3(vrid: 10)), V2Multicast));

    [Fact]
    public void Auth_type_outside_0_to_2_is_InvalidAuthType() =>
        Assert.Equal(AdvertRejection.InvalidAuthType, Check(Received(GoodV2((VrrpAuthType)3)), V2Multicast));

    [Fact]
    public void Other_auth_type_is_AuthTypeMismatch() =>
        Assert.Equal(AdvertRejection.AuthTypeMismatch, Check(Received(GoodV2(VrrpAuthType.None, "")), V2Multicast));

    [Fact]
    public void Other_password_is_AuthPasswordMismatch()
    {
        Assert.Equal(AdvertRejection.AuthPasswordMismatch, Check(Received(GoodV2(password: "secreT")), V2Multicast));
        // Only the first 8 bytes exist on the wire: "secret12" and "secret123" are the same password.
        AdvertExpectation longPassword = V2Multicast with { AuthData = VrrpEncoder.PasswordAuthData("secret123") };
        Assert.Equal(AdvertRejection.None, Check(Received(GoodV2(password: "secret12")), longPassword));
    }

    [Fact]
    public void V2_interval_mismatch_is_IntervalMismatch() =>
        Assert.Equal(AdvertRejection.IntervalMismatch, Check(Received(GoodV2(interval: 2)), V2Multicast));

    [Fact]
    public void V3_interval_mismatch_is_accepted_and_flagged()
    {
        AdvertVerdict verdict = AdvertValidator.Validate(Received(GoodV3(interval: 50), destination: "10.0.0.1"), V3Unicast);
        Assert.Equal(AdvertRejection.None, verdict.Rejection);
        Assert.True(verdict.IntervalDiffers);
    }

    [Fact]
    public void Unicast_advert_on_multicast_instance_and_the_reverse_are_WrongDestination()
    {
        Assert.Equal(AdvertRejection.WrongDestination, Check(Received(GoodV2(), destination: "10.0.0.1"), V2Multicast));
        Assert.Equal(AdvertRejection.WrongDestination, Check(Received(GoodV3(), destination: "224.0.0.18"), V3Unicast));
    }

    [Fact]
    public void Owner_with_owner_ignore_adverts_is_OwnerIgnoresAdverts_only_at_priority_255()
    {
        AdvertExpectation owner = V2Multicast with { OwnerIgnoresAdverts = true, EffectivePriority = 255 };
        Assert.Equal(AdvertRejection.OwnerIgnoresAdverts, Check(Received(GoodV2()), owner));
        Assert.Equal(AdvertRejection.None, Check(Received(GoodV2()), owner with { EffectivePriority = 254 }));
    }

    [Fact]
    public void Vip_list_mismatch_is_flagged_but_accepted()
    {
        VrrpAdvert otherVips = V2(10, 100, 1, VrrpAuthType.Password, "secret", "10.0.0.100", "10.0.0.102");
        AdvertVerdict differentList = AdvertValidator.Validate(Received(otherVips), V2Multicast);
        Assert.Equal(new AdvertVerdict(AdvertRejection.None, true, false), differentList);

        VrrpAdvert fewerVips = V2(10, 100, 1, VrrpAuthType.Password, "secret", "10.0.0.100");
        Assert.True(AdvertValidator.Validate(Received(fewerVips), V2Multicast).VipListMismatch);

        // skip_check_adv_addr: the list is not compared, the count still is.
        AdvertExpectation skip = V2Multicast with { CheckAddressList = false };
        Assert.False(AdvertValidator.Validate(Received(otherVips), skip).VipListMismatch);
        Assert.True(AdvertValidator.Validate(Received(fewerVips), skip).VipListMismatch);
    }

    [Fact]
    public void Vip_list_order_does_not_matter()
    {
        VrrpAdvert reordered = V2(10, 100, 1, VrrpAuthType.Password, "secret", "10.0.0.101", "10.0.0.100");
        Assert.False(AdvertValidator.Validate(Received(reordered), V2Multicast).VipListMismatch);
    }

    [Fact]
    public void Unicast_source_not_a_peer_is_UnicastSourceNotPeer()
    {
        Assert.Equal(AdvertRejection.UnicastSourceNotPeer, Check(Received(GoodV3(), "10.0.0.9", "10.0.0.1"), V3Unicast));
        Assert.Equal(AdvertRejection.None, Check(Received(GoodV3(), "10.0.0.9", "10.0.0.1"), V3Unicast with { CheckUnicastSource = false }));
    }

    [Fact]
    public void Peer_ttl_outside_its_window_is_PeerTtlOutOfRange_and_a_window_implies_source_checking()
    {
        AdvertExpectation windowed = V3Unicast with
        {
            CheckUnicastSource = false,
            UnicastPeers = [new UnicastPeer(Peer, MinTtl: 250, MaxTtl: 254)],
        };
        Assert.Equal(AdvertRejection.PeerTtlOutOfRange, Check(Received(GoodV3(), destination: "10.0.0.1", hopLimit: 255), windowed));
        Assert.Equal(AdvertRejection.PeerTtlOutOfRange, Check(Received(GoodV3(), destination: "10.0.0.1", hopLimit: 249), windowed));
        Assert.Equal(AdvertRejection.None, Check(Received(GoodV3(), destination: "10.0.0.1", hopLimit: 250), windowed));
        Assert.Equal(AdvertRejection.UnicastSourceNotPeer, Check(Received(GoodV3(), "10.0.0.9", "10.0.0.1"), windowed));
    }

    [Fact]
    public void Checks_run_in_keepalived_order()
    {
        // wrong version and wrong destination: version first
        Assert.Equal(AdvertRejection.VersionMismatch, Check(Received(GoodV3(vrid: 10), destination: "10.0.0.1"), V2Multicast));
        // wrong password and wrong interval: password first
        Assert.Equal(AdvertRejection.AuthPasswordMismatch, Check(Received(GoodV2(password: "x", interval: 9)), V2Multicast));
        // wrong interval and wrong destination: interval first (v2)
        Assert.Equal(AdvertRejection.IntervalMismatch, Check(Received(GoodV2(interval: 9), destination: "10.0.0.1"), V2Multicast));
        // owner-ignore before source check
        AdvertExpectation owner = V3Unicast with { OwnerIgnoresAdverts = true, EffectivePriority = 255 };
        Assert.Equal(AdvertRejection.OwnerIgnoresAdverts, Check(Received(GoodV3(), "10.0.0.9", "10.0.0.1"), owner));
        // VIP mismatch is reported alongside a later source rejection
        AdvertVerdict both = AdvertValidator.Validate(Received(GoodV3(100, 20, "10.9.9.9"), "10.0.0.9", "10.0.0.1"), V3Unicast);
        Assert.Equal(new AdvertVerdict(AdvertRejection.UnicastSourceNotPeer, true, false), both);
    }

    [Fact]
    public void The_packet_view_and_the_materialised_advert_give_the_same_verdict()
    {
        byte[] packet = Ipv4(Encode(GoodV3(100, 20, "10.0.0.201")), "10.0.0.2", "10.0.0.1");
        Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(packet, false, out VrrpPacketView view));
        AdvertVerdict fromView = AdvertValidator.Validate(view, V3Unicast);
        AdvertVerdict fromAdvert = AdvertValidator.Validate(view.ToReceivedAdvert("eth0"), V3Unicast);
        Assert.Equal(fromAdvert, fromView);
        Assert.True(fromView.VipListMismatch);
    }

    [Fact]
    public void Ipv6_adverts_are_validated_on_16_byte_addresses()
    {
        AdvertExpectation v6 = new()
        {
            Version = VrrpVersion.V3,
            VirtualRouterId = 30,
            AdvertInterval = 25,
            VirtualAddresses = [IPAddress.Parse("fe80::30"), IPAddress.Parse("2001:db8::30")],
        };
        VrrpAdvert advert = V3(30, 100, 25, "fe80::30", "2001:db8::30");
        Assert.Equal(new AdvertVerdict(AdvertRejection.None, false, false),
            AdvertValidator.Validate(Received(advert, "fe80::2", "ff02::12"), v6));
        Assert.Equal(AdvertRejection.WrongDestination, Check(Received(advert, "fe80::2", "fe80::1"), v6));
    }

    [Fact]
    public void Every_rejection_reason_has_a_producing_test()
    {
        // Guards this file and DecoderRejectionTests: adding a reason without a test fails here.
        string[] tested =
        [
            nameof(AdvertRejection.TooShort), nameof(AdvertRejection.IpHeaderInvalid), nameof(AdvertRejection.NotVrrpProtocol),
            nameof(AdvertRejection.AuthHeaderMismatch), nameof(AdvertRejection.TtlNot255), nameof(AdvertRejection.BadVersion),
            nameof(AdvertRejection.BadType), nameof(AdvertRejection.LengthMismatch), nameof(AdvertRejection.BadChecksum),
            nameof(AdvertRejection.UnknownVirtualRouterId), nameof(AdvertRejection.VersionMismatch),
            nameof(AdvertRejection.AuthTypeMismatch), nameof(AdvertRejection.AuthPasswordMismatch),
            nameof(AdvertRejection.IntervalMismatch), nameof(AdvertRejection.WrongDestination),
            nameof(AdvertRejection.PeerTtlOutOfRange), nameof(AdvertRejection.UnicastSourceNotPeer),
            nameof(AdvertRejection.OwnerIgnoresAdverts), nameof(AdvertRejection.InvalidAuthType),
            nameof(AdvertRejection.AddressListMismatch), // engine policy: Engine/ReceiveChecksTests
            nameof(AdvertRejection.AuthHeaderIcvMismatch), nameof(AdvertRejection.AuthHeaderReplay), // AuthenticationHeaderTests
        ];
        string[] all = Enum.GetNames<AdvertRejection>().Where(n => n != nameof(AdvertRejection.None)).ToArray();
        Assert.Equal(all.Order(), tested.Order());
    }
}
