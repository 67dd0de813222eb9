using System.Net;
using System.Text.RegularExpressions;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using HaDaemon.Logging;
using HaDaemon.Scripts;
using HaDaemon.Tests.Scripts;

namespace HaDaemon.Tests.Logging;

/// <summary>
/// The lines keepalived operators alert on, in keepalived 2.2.7's words (texts from vrrp.c, vrrp_track.c and
/// vrrp_scheduler.c). The patterns at the end are the kind of matchers published log-alert packs use on keepalived's
/// log; each must find its line in what HaDaemon writes.
/// </summary>
public sealed class KeepalivedLinesTests
{
    private static readonly IPAddress Peer = IPAddress.Parse("10.0.0.2");

    private static string Heard(HeardAdvert verdict, byte peer = 100, byte ours = 150)
    {
        var log = new ListLogger();
        KeepalivedLines.Heard(log, new MasterHeardAdvert("VI_1", Peer, peer, ours, verdict));
        return log.Messages.Single();
    }

    [Fact]
    public void Election_lines_use_keepalived_wording()
    {
        Assert.Equal("(VI_1) Received advert from 10.0.0.2 with lower priority 100, ours 150, forcing new election", Heard(HeardAdvert.LowerPriority));
        Assert.Equal("(VI_1) Received advert from 10.0.0.2 with lower priority 100, ours 150", Heard(HeardAdvert.LowerPriorityQuiet));
        Assert.Equal("(VI_1) Master received advert from 10.0.0.2 with higher priority 200, ours 150", Heard(HeardAdvert.HigherPriority, 200));
        Assert.Equal("(VI_1) Master received advert from 10.0.0.2 with same priority 150 but higher IP address than ours",
            Heard(HeardAdvert.SamePriorityHigherAddress, 150));
        Assert.Equal("(VI_1) WARNING - equal priority advert received from remote host with our IP address.", Heard(HeardAdvert.OwnAddress, 150));
        Assert.Equal("(VI_1) CONFIGURATION ERROR: local instance and 10.0.0.2 are both configured as address owner, please resolve",
            Heard(HeardAdvert.OwnerConflict, 255, 255));
        Assert.Equal("(VI_1) 10.0.0.2 is still advertising as address owner, please resolve - reducing our priority",
            Heard(HeardAdvert.OwnerStillAdvertising, 255, 255));
    }

    [Fact]
    public void Priority_change_line()
    {
        var log = new ListLogger();
        KeepalivedLines.PriorityChanged(log, new PriorityChanged("VI_1", 100, 80));
        Assert.Equal("(VI_1) Changing effective priority from 100 to 80", log.Messages.Single());
    }

    [Theory]
    [InlineData(true, ScriptOutcome.Success, 0, null, "VRRP_Script(chk_nginx) succeeded")]
    [InlineData(false, ScriptOutcome.Failure, 1, null, "VRRP_Script(chk_nginx) failed (exited with status 1)")]
    [InlineData(false, ScriptOutcome.Failure, null, 9, "VRRP_Script(chk_nginx) failed (due to signal 9)")]
    [InlineData(false, ScriptOutcome.Timeout, null, 15, "VRRP_Script(chk_nginx) timed_out")]
    [InlineData(false, ScriptOutcome.NotStarted, null, null, "VRRP_Script(chk_nginx) failed")]
    public void Script_verdict_lines(bool good, ScriptOutcome outcome, int? exit, int? signal, string expected)
    {
        var log = new ListLogger();
        var run = new TrackScriptResult("chk_nginx", outcome, exit, signal, TimeSpan.FromMilliseconds(3), "", null);
        KeepalivedLines.ScriptStatus(log, "chk_nginx", good, run);
        Assert.Equal(expected, log.Messages.Single());
    }

    public static TheoryData<AdvertRejection, string> RejectionLines => new()
    {
        { AdvertRejection.TtlNot255, "(VI_1) invalid TTL/HL. Received 254 and expect 255 (from 10.0.0.2)" },
        { AdvertRejection.PeerTtlOutOfRange, "(VI_1) TTL/HL 254 not in range 200 - 250 (from 10.0.0.2)" },
        { AdvertRejection.VersionMismatch, "(VI_1) wrong version. Received 2 and expect 3 (from 10.0.0.2)" },
        { AdvertRejection.InvalidAuthType, "(VI_1) Invalid auth type: 1 (from 10.0.0.2)" },
        { AdvertRejection.AuthTypeMismatch, "(VI_1) received a 1 auth, expecting 0! (from 10.0.0.2)" },
        { AdvertRejection.AuthPasswordMismatch, "(VI_1) received an invalid passwd! (from 10.0.0.2)" },
        { AdvertRejection.IntervalMismatch, "(VI_1) advertisement interval mismatch mine=1 sec rcv'd=3 sec (from 10.0.0.2)" },
        { AdvertRejection.WrongDestination, "(VI_1) Expected unicast packet but received multicast packet (from 10.0.0.2)" },
        { AdvertRejection.UnicastSourceNotPeer, "(VI_1) unicast source address 10.0.0.2 not a unicast peer" },
        { AdvertRejection.AddressListMismatch, "(VI_1) ip address associated with VRID 51 not present in MASTER advert from 10.0.0.2" },
        { AdvertRejection.BadChecksum, "(VI_1) Invalid VRRP checksum (from 10.0.0.2)" },
    };

    [Theory]
    [MemberData(nameof(RejectionLines))]
    public void Rejection_lines_carry_received_and_expected_values(AdvertRejection reason, string expected)
    {
        var log = new ListLogger();
        var settings = new InstanceSettings
        {
            Name = "VI_1",
            VirtualRouterId = 51,
            Version = VrrpVersion.V3,
            Interface = "eth0",
            UnicastPeers = [new UnicastPeer(IPAddress.Parse("10.0.0.3")), new UnicastPeer(Peer, MinTtl: 200, MaxTtl: 250)],
        };
        var advert = new ReceivedAdvert(
            new VrrpAdvert
            {
                Version = VrrpVersion.V2, VirtualRouterId = 51, Priority = 100, AdvertInterval = 3, Addresses = [], AuthType = VrrpAuthType.Password,
            },
            Peer, IPAddress.Parse("224.0.0.18"), 254, "eth0", ChecksumMode.PseudoHeader);
        KeepalivedLines.Rejected(log, "VI_1", reason, Peer, 254, advert, settings, repeats: 0);
        Assert.Equal(expected, log.Messages.Single());
    }

    [Fact]
    public void A_held_back_count_is_appended()
    {
        var log = new ListLogger();
        KeepalivedLines.Rejected(log, "VI_1", AdvertRejection.AuthPasswordMismatch, Peer, 255, null, null, repeats: 59);
        Assert.Equal("(VI_1) received an invalid passwd! (from 10.0.0.2) (59 more like it not logged)", log.Messages.Single());
    }

    [Fact]
    public void Repeats_are_held_back_for_a_window_and_counted()
    {
        var limiter = new RepeatLimiter<string>(Duration.FromSeconds(60L));
        var t = Instant.Zero;
        Assert.True(limiter.ShouldLog("a", t, out var skipped));
        Assert.Equal(0, skipped);
        for (var i = 1; i <= 59; i++)
        {
            Assert.False(limiter.ShouldLog("a", t + Duration.FromSeconds((long)i), out _));
        }
        Assert.True(limiter.ShouldLog("b", t + Duration.FromSeconds(30L), out _)); // keys are independent
        Assert.True(limiter.ShouldLog("a", t + Duration.FromSeconds(60L), out skipped));
        Assert.Equal(59, skipped);
        Assert.False(limiter.ShouldLog("a", t + Duration.FromSeconds(61L), out _));
    }

    /// <summary>Phrases of the kind keepalived log-alert rules match (duplicate master, script failed, fault, config).</summary>
    [Fact]
    public void Alert_phrases_written_for_keepalived_find_our_lines()
    {
        var lines = new List<string>
        {
            Heard(HeardAdvert.LowerPriority),
            Heard(HeardAdvert.OwnerConflict, 255, 255),
            Heard(HeardAdvert.OwnAddress, 150),
        };
        var log = new ListLogger();
        KeepalivedLines.ScriptStatus(log, "chk", false, new TrackScriptResult("chk", ScriptOutcome.Timeout, null, 15, TimeSpan.Zero, "", null));
        KeepalivedLines.ScriptStatus(log, "chk", true, null);
        foreach (var reason in new[] { AdvertRejection.AuthPasswordMismatch, AdvertRejection.TtlNot255, AdvertRejection.UnicastSourceNotPeer, AdvertRejection.WrongDestination })
        {
            KeepalivedLines.Rejected(log, "VI_1", reason, Peer, 254, null, null, 0);
        }
        lines.AddRange(log.Messages);
        string[] patterns =
        [
            @"with lower priority [0-9]+, ours",
            @"please resolve",
            @"equal priority advert received from remote host with our IP address",
            @"VRRP_Script\((?<script>[^)]+)\) (?<status>failed|timed_out|succeeded)\b",
            @"invalid passwd",
            @"TTL/HL",
            @"not a unicast peer",
            @"icast packet but received",
        ];
        foreach (var pattern in patterns)
        {
            Assert.True(lines.Any(l => Regex.IsMatch(l, pattern)), $"no line matches /{pattern}/ in:\n{string.Join('\n', lines)}");
        }
    }
}
