using System.Diagnostics;
using System.Net;
using HaDaemon.Core.Packets;
using HaDaemon.TestSupport;
using Xunit.Abstractions;

namespace HaDaemon.Tests.Interop;

/// <summary>
/// VRRPv3/IPv4 checksum forms. keepalived 2.2.7 has no <c>v3_checksum_as_v2</c>, so our RFC 9568 form is checked
/// with the project's codec on captured packets and with adverts injected through a raw socket; auto-detection is
/// checked against a real keepalived sending its default (pseudo-header) form. keepalived rows are the harness's
/// own control: they must behave as keepalived.md §2.5/§4.3 describes.
/// </summary>
public sealed class ChecksumInteropTests(ITestOutputHelper output)
{
    private static InteropConfig V3 => new() { Flavor = VrrpFlavor.V3Ipv4 };

    public static TheoryData<DaemonKind, bool, ChecksumMode> SentForms => new()
    {
        { DaemonKind.Hadaemon, true, ChecksumMode.VrrpOnly },
        { DaemonKind.Hadaemon, false, ChecksumMode.PseudoHeader },
        { DaemonKind.Keepalived, false, ChecksumMode.PseudoHeader },
    };

    /// <summary>Every advert a lone master sends decodes with the expected checksum form (and only that one).</summary>
    [NetnsTheory("keepalived", "tcpdump", "tshark")]
    [MemberData(nameof(SentForms))]
    public void Master_sends_the_configured_checksum_form(DaemonKind kind, bool checksumAsV2, ChecksumMode expected)
    {
        var config = V3 with { ExtraInstanceLines = node => node == 0 && checksumAsV2 ? ["v3_checksum_as_v2"] : [] };
        using var cell = new InteropCell(output, "cks", config, kind, DaemonKind.Keepalived);
        var t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Start();
        cell.Converge("lone master", t, master: 0);
        cell.Hold("adverts", 0, TimeSpan.FromSeconds(1));
        var source = IPAddress.Parse(cell.Network.Address(0, ipv6: false)).GetAddressBytes();
        var forms = new List<ChecksumMode>();
        foreach (var packet in cell.CapturedIpv4Packets())
        {
            if (packet.Length > 20 && packet[9] == VrrpWire.ProtocolVrrp && packet.AsSpan(12, 4).SequenceEqual(source))
            {
                var rejection = VrrpDecoder.DecodeIpv4(packet, expectMulticast: true, out var view);
                Assert.True(rejection == AdvertRejection.None, $"{kind} advert rejected by the codec: {rejection}");
                forms.Add(view.Checksum);
            }
        }
        output.WriteLine($"{kind}: {forms.Count} adverts, forms {string.Join(", ", forms.Distinct())}");
        Assert.True(forms.Count >= 5, $"only {forms.Count} adverts captured\n{cell.Daemons[0].Log()}");
        Assert.All(forms, f => Assert.Equal(expected, f));
        cell.VerifyWire();
    }

    /// <summary>
    /// Auto-detection: a hadaemon backup that itself sends RFC 9568 checksums accepts keepalived's default
    /// pseudo-header adverts (keepalived stays the only master), and takes over on keepalived's priority 0.
    /// </summary>
    [NetnsFact("keepalived", "tcpdump", "tshark")]
    public void Backup_with_checksum_as_v2_accepts_keepalived_default_adverts()
    {
        var config = V3 with { ExtraInstanceLines = node => node == 1 ? ["v3_checksum_as_v2"] : [] };
        using var cell = new InteropCell(output, "cka", config, DaemonKind.Keepalived, DaemonKind.Hadaemon);
        var t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Start();
        cell.Converge("keepalived alone", t, master: 0);
        cell.Daemons[1].Start();
        cell.Hold("hadaemon (v3_checksum_as_v2) joins as backup", 0, (cell.Config.MasterDown * 3) + TimeSpan.FromSeconds(1.5));
        t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Terminate();
        cell.Converge("keepalived SIGTERM: hadaemon takes over", t, master: 1, priorityZeroFrom: 0);
        cell.Hold("steady", 1, cell.Config.MasterDown);
        cell.VerifyWire();
    }

    public static TheoryData<DaemonKind, InjectedChecksum, bool> Injections => new()
    {
        { DaemonKind.Hadaemon, InjectedChecksum.VrrpOnly, true },
        { DaemonKind.Hadaemon, InjectedChecksum.PseudoHeader, true },
        { DaemonKind.Hadaemon, InjectedChecksum.Corrupt, false },
        // keepalived 2.2.7 knows only the pseudo-header form: the control rows for the injector itself.
        { DaemonKind.Keepalived, InjectedChecksum.PseudoHeader, true },
        { DaemonKind.Keepalived, InjectedChecksum.VrrpOnly, false },
        { DaemonKind.Keepalived, InjectedChecksum.Corrupt, false },
    };

    /// <summary>
    /// A lone master (priority 150) receives crafted priority-200 adverts every 0.1 s from the other node's address:
    /// with a checksum form it accepts it must yield the VIP and stay backup; with one it rejects it must stay master.
    /// When the injection stops it takes the VIP back.
    /// </summary>
    [NetnsTheory("keepalived", "tcpdump", "tshark")]
    [MemberData(nameof(Injections))]
    public void Injected_higher_priority_adverts_are_accepted_by_checksum_form(DaemonKind kind, InjectedChecksum checksum, bool accepted)
    {
        using var cell = new InteropCell(output, "cki", V3, kind, DaemonKind.Keepalived);
        var t = DateTimeOffset.UtcNow;
        cell.Daemons[0].Start();
        cell.Converge("lone master", t, master: 0);
        using var injector = new AdvertInjector(cell.Lab[1], cell.Network.Address(1, ipv6: false));
        var vip = IPAddress.Parse(cell.Vip);
        var watch = Stopwatch.StartNew();
        var lostVipAt = TimeSpan.Zero;
        var window = (cell.Config.MasterDown * 4) + TimeSpan.FromSeconds(1);
        while (watch.Elapsed < window)
        {
            injector.SendV3(InteropConfig.VirtualRouterId, 200, 10, vip, checksum);
            if (lostVipAt == TimeSpan.Zero && !cell.HoldsVip(0))
            {
                lostVipAt = watch.Elapsed;
            }
            Thread.Sleep(100);
        }
        var holdsAtEnd = cell.HoldsVip(0);
        output.WriteLine($"{kind} with {checksum} adverts: lost the VIP at {lostVipAt.TotalMilliseconds:0} ms, holds it at the end: {holdsAtEnd}");
        if (accepted)
        {
            Assert.True(lostVipAt > TimeSpan.Zero && !holdsAtEnd,
                $"{kind} should have accepted {checksum} adverts from a higher priority and stayed backup\n{cell.Daemons[0].Log()}");
            t = DateTimeOffset.UtcNow;
            cell.Converge("injection stops: master again", t, master: 0);
        }
        else
        {
            Assert.True(lostVipAt == TimeSpan.Zero && holdsAtEnd,
                $"{kind} should have rejected {checksum} adverts and stayed master\n{cell.Daemons[0].Log()}");
        }
    }
}
