using System.Globalization;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Interop;

/// <summary>What a captured frame was, as far as the interop assertions care.</summary>
public enum WireKind
{
    Advert,
    GratuitousArp,
    NeighborAdvert,
}

/// <summary>One captured frame: wall-clock time (as the test's DateTimeOffset), sender MAC and VRRP fields.</summary>
public sealed record WireFrame(DateTimeOffset Time, string SourceMac, WireKind Kind, int Priority, int Version, string AuthString)
{
    public override string ToString() =>
        $"{Time:HH:mm:ss.ffffff} {SourceMac} {Kind}" + (Kind == WireKind.Advert ? $" v{Version} prio {Priority} {AuthString}" : "");
}

/// <summary>The adverts, GARPs and unsolicited NAs for one VIP in a capture, decoded by tshark.</summary>
public sealed class WireLog
{
    private WireLog(IReadOnlyList<WireFrame> frames)
    {
        Frames = frames;
    }

    public IReadOnlyList<WireFrame> Frames { get; }

    public static WireLog Read(PacketCapture capture, string vip)
    {
        var ipv6 = vip.Contains(':', StringComparison.Ordinal);
        var announce = ipv6
            ? $"(icmpv6.type == 136 && icmpv6.nd.na.target_address == {vip})"
            : $"(arp.src.proto_ipv4 == {vip} && arp.dst.proto_ipv4 == {vip})";
        // ICMP errors (protocol unreachable from a node without a daemon) quote adverts: not adverts themselves.
        var rows = capture.Fields($"(vrrp && !icmp && !icmpv6) || {announce}",
            "frame.time_epoch", "eth.src", "vrrp.prio", "vrrp.version", "vrrp.auth_string", "arp.opcode", "icmpv6.type");
        var frames = new List<WireFrame>();
        foreach (var row in rows)
        {
            if (row.Length < 7)
            {
                continue;
            }
            var seconds = decimal.Parse(row[0], NumberStyles.Float, CultureInfo.InvariantCulture);
            var time = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            WireKind kind = row[2].Length > 0 ? WireKind.Advert : row[5].Length > 0 ? WireKind.GratuitousArp : WireKind.NeighborAdvert;
            frames.Add(new WireFrame(time, row[1], kind,
                row[2].Length > 0 ? int.Parse(row[2], CultureInfo.InvariantCulture) : -1,
                row[3].Length > 0 ? int.Parse(row[3], CultureInfo.InvariantCulture) : 0,
                row[4]));
        }
        return new WireLog(frames);
    }

    public IEnumerable<WireFrame> Between(DateTimeOffset from, DateTimeOffset to) =>
        Frames.Where(f => f.Time >= from && f.Time <= to);

    public string Describe(DateTimeOffset from, DateTimeOffset to, int max = 60)
    {
        var frames = Between(from, to).ToList();
        var shown = frames.Count <= max ? frames : [.. frames.Take(max / 2), .. frames.TakeLast(max / 2)];
        return string.Join('\n', shown) + (frames.Count > max ? $"\n({frames.Count - max} frames elided)" : "");
    }
}
