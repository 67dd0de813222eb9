using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using static HaDaemon.Core.Tests.Engine.EngineKit;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>Instance-level receive checks as the engine applies them: counted per reason, never resetting timers.</summary>
public class ReceiveChecksTests
{
    private static (VrrpRouter Router, Instant Deadline) Backup(HaDaemon.Core.Engine.Settings.InstanceSettings s)
    {
        var r = Router(s);
        r.Start(T0);
        return (r, r.NextDeadline);
    }

    private static void AssertRejected(VrrpRouter r, Instant deadline, ReceivedAdvert advert, AdvertRejection reason)
    {
        var result = r.HandleAdvert(T0 + Duration.FromSeconds(1L), advert);
        Assert.Equal((AdvertOutcome.Rejected, reason), (result.Outcome, result.Rejection));
        Assert.Equal(1, r.GetStatistics("VI_1")!.Rejected(reason));
        Assert.Equal(deadline, r.NextDeadline); // an invalid advert never resets the down timer
    }

    [Fact]
    public void Version_mismatch()
    {
        var (r, d) = Backup(Instance());
        AssertRejected(r, d, From("192.168.200.9", 200, VrrpVersion.V3, 100), AdvertRejection.VersionMismatch);
    }

    [Fact]
    public void Auth_type_and_password()
    {
        var s = Instance() with { AuthType = VrrpAuthType.Password, AuthPassword = "secret12" };
        var (r, d) = Backup(s);
        AssertRejected(r, d, From("192.168.200.9", 200), AdvertRejection.AuthTypeMismatch);
        var wrong = From("192.168.200.9", 200, auth: VrrpAuthType.Password, authData: VrrpEncoder.PasswordAuthData("secret13"));
        AssertRejected(r, d, wrong, AdvertRejection.AuthPasswordMismatch);
        var right = From("192.168.200.9", 200, auth: VrrpAuthType.Password, authData: VrrpEncoder.PasswordAuthData("secret12"));
        Assert.Equal(AdvertOutcome.Processed, r.HandleAdvert(T0 + Duration.FromSeconds(2L), right).Outcome);
        Assert.Equal(1, r.GetStatistics("VI_1")!.AdvertsReceived);
    }

    [Fact]
    public void Multicast_advert_on_a_unicast_instance()
    {
        var s = Instance() with { UnicastPeers = [new UnicastPeer(IPAddress.Parse("192.168.200.9"))] };
        var (r, d) = Backup(s);
        AssertRejected(r, d, From("192.168.200.9", 200), AdvertRejection.WrongDestination);
        Assert.Equal(AdvertOutcome.Processed,
            r.HandleAdvert(T0 + Duration.FromSeconds(2L), From("192.168.200.9", 200, destination: "192.168.200.1")).Outcome);
    }

    [Fact]
    public void Unicast_source_must_be_a_peer_when_checked()
    {
        var s = Instance() with
        {
            UnicastPeers = [new UnicastPeer(IPAddress.Parse("192.168.200.9"))],
            CheckUnicastSource = true,
        };
        var (r, d) = Backup(s);
        AssertRejected(r, d, From("192.168.200.66", 200, destination: "192.168.200.1"), AdvertRejection.UnicastSourceNotPeer);
    }

    [Fact]
    public void Vip_list_mismatch_is_counted_but_accepted_by_default_and_rejected_on_request()
    {
        var other = new[] { IPAddress.Parse("10.9.9.9") };
        var (r, _) = Backup(Instance());
        var t = T0 + Duration.FromSeconds(1L);
        Assert.Equal(AdvertOutcome.Processed, r.HandleAdvert(t, From("192.168.200.9", 200, addresses: other)).Outcome);
        Assert.Equal(1, r.GetStatistics("VI_1")!.AddressListErrors);

        var (strict, d) = Backup(Instance() with { RejectAddressListMismatch = true });
        AssertRejected(strict, d, From("192.168.200.9", 200, addresses: other), AdvertRejection.AddressListMismatch);
        Assert.Equal(1, strict.GetStatistics("VI_1")!.AddressListErrors);
    }

    [Fact]
    public void Skip_check_adv_addr_skips_the_list_for_the_same_master_only()
    {
        var swapped = new[] { IPAddress.Parse("10.9.9.9") };
        var (r, _) = Backup(Instance() with { SkipCheckAdvertAddresses = true });
        r.HandleAdvert(T0 + Duration.FromSeconds(1L), From("192.168.200.9", 200));
        r.HandleAdvert(T0 + Duration.FromSeconds(2L), From("192.168.200.9", 200, addresses: swapped));
        Assert.Equal(0, r.GetStatistics("VI_1")!.AddressListErrors);
        r.HandleAdvert(T0 + Duration.FromSeconds(3L), From("192.168.200.10", 200, addresses: swapped));
        Assert.Equal(1, r.GetStatistics("VI_1")!.AddressListErrors);
    }

    [Fact]
    public void Adverts_in_fault_are_ignored_and_codec_rejections_are_counted_per_instance()
    {
        var r = Router(Instance());
        r.Start(T0);
        r.InterfaceState(T0, Eth, false);
        Assert.Equal(AdvertOutcome.Ignored, r.HandleAdvert(T0, From("192.168.200.9", 200)).Outcome);
        r.RecordRejectedAdvert(Eth, 51, System.Net.Sockets.AddressFamily.InterNetwork, null, AdvertRejection.BadChecksum);
        Assert.Equal(1, r.GetStatistics("VI_1")!.Rejected(AdvertRejection.BadChecksum));
        Assert.Equal(0, r.GetStatistics("VI_1")!.AdvertsReceived); // neither reached the state machine
    }

    [Fact]
    public void Multicast_and_unicast_instances_sharing_a_vrid_are_told_apart_by_destination_and_peer()
    {
        var multicast = Instance("MC");
        var unicast = Instance("UC") with { UnicastPeers = [new UnicastPeer(IPAddress.Parse("192.168.200.9"))] };
        var r = Router(multicast, unicast);
        r.Start(T0);
        Assert.Equal("MC", r.HandleAdvert(T0, From("192.168.200.9", 200)).Instance);
        Assert.Equal("UC", r.HandleAdvert(T0, From("192.168.200.9", 200, destination: "192.168.200.1")).Instance);
    }
}
