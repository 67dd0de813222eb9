using System.Net;
using HaDaemon.Core.Packets;
using HaDaemon.TestSupport;
using Xunit.Abstractions;

namespace HaDaemon.Tests.Interop;

/// <summary>
/// keepalived 2.2.7 and hadaemon in one VRRPv2 group with <c>auth_type AH</c>, both priority orders: election, SIGTERM
/// hand-over, a restart of the stopped node (its AH sequence counter starts again at 0, so it must sync above the
/// current master's numbers before its adverts count), then kill -9 of the master. Every advert on the wire must be
/// inside AH, carry an ICV our codec verifies with the shared key, and have increasing sequence numbers per sender.
/// </summary>
public sealed class AuthenticationHeaderInteropTests(ITestOutputHelper output)
{
    private static InteropConfig Ah => new() { Flavor = VrrpFlavor.V2, AhAuth = true };

    /// <summary>Both priority orders multicast; unicast (whose ICV leaves the TTL out) in one order.</summary>
    public static TheoryData<DaemonKind, DaemonKind, bool> Cells => new()
    {
        { DaemonKind.Hadaemon, DaemonKind.Keepalived, false },
        { DaemonKind.Keepalived, DaemonKind.Hadaemon, false },
        { DaemonKind.Keepalived, DaemonKind.Hadaemon, true },
    };

    [NetnsTheory("keepalived", "tcpdump", "tshark")]
    [MemberData(nameof(Cells))]
    public void AH_group_elects_hands_over_resyncs_after_restart_and_fails_over(DaemonKind high, DaemonKind low, bool unicast)
    {
        using var cell = new InteropCell(output, unicast ? "ahu" : "ahm", Ah with { Unicast = unicast }, high, low);
        var t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Start();
        cell.Daemons[1].Start();
        cell.Converge("initial election", t, master: 0);
        // Had the backup rejected the master's AH adverts, it would take the VIP within MasterDown.
        cell.Hold("the backup accepts the master's AH adverts", 0, (cell.Config.MasterDown * 2) + TimeSpan.FromSeconds(1));

        t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Terminate();
        cell.Converge("SIGTERM on master n0: hand-over", t, master: 1, priorityZeroFrom: 0);
        Assert.True(cell.Daemons[0].WaitForExit(TimeSpan.FromSeconds(10)), "n0 did not exit after SIGTERM\n" + cell.Daemons[0].Log());

        t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Start();
        cell.Converge("n0 restarts with its counter at 0, syncs above n1's numbers and preempts back", t, master: 0);
        cell.Hold("n1 accepts the restarted n0", 0, cell.Config.MasterDown + TimeSpan.FromSeconds(1));

        t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Kill();
        cell.Converge("kill -9 of master n0", t, master: 1, staleVipAllowedOn: 0);
        // Not a Hold: the killed n0 could not remove its VIP. The wire check covers who advertises from here on.
        Thread.Sleep(cell.Config.MasterDown + TimeSpan.FromSeconds(1));
        cell.VerifyWire();

        VerifyAuthenticatedAdverts(cell, unicast);
    }

    private void VerifyAuthenticatedAdverts(InteropCell cell, bool unicast)
    {
        var key = VrrpEncoder.PasswordAuthData(InteropConfig.Password);
        var lastSequence = new Dictionary<uint, uint>();
        var count = 0;
        foreach (var packet in cell.CapturedIpv4Packets())
        {
            if (packet.Length < 20 || packet[9] is not (VrrpWire.ProtocolVrrp or VrrpWire.ProtocolAuthenticationHeader))
            {
                continue;
            }
            Assert.True(packet[9] == VrrpWire.ProtocolAuthenticationHeader, "a plain (protocol 112) advert was sent");
            Assert.Equal(AdvertRejection.None, VrrpDecoder.DecodeIpv4(packet, expectMulticast: !unicast, out var view));
            Assert.Equal(VrrpAuthType.AuthenticationHeader, view.AuthType);
            Assert.Equal(AdvertRejection.None, AuthenticationHeader.Verify(packet, key, zeroTtl: unicast));
            var spi = AuthenticationHeader.SpiOf(packet);
            var sequence = AuthenticationHeader.SequenceOf(packet);
            if (lastSequence.TryGetValue(spi, out var previous))
            {
                Assert.True(sequence > previous, $"{new IPAddress(packet.AsSpan(12, 4))}: sequence {sequence} after {previous}");
            }
            lastSequence[spi] = sequence;
            count++;
        }
        output.WriteLine($"{count} AH adverts verified; last sequence per sender: "
            + string.Join(", ", lastSequence.Select(p => $"{p.Key:x8}={p.Value}")));
        Assert.True(count >= 10, $"only {count} AH adverts captured");
        Assert.Equal(2, lastSequence.Count);
    }
}
