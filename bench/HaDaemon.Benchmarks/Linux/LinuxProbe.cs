using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HaDaemon.Core.Packets;
using HaDaemon.Linux;
using HaDaemon.Linux.Addresses;
using HaDaemon.Linux.Adverts;
using HaDaemon.Linux.Monitoring;
using HaDaemon.TestSupport;

namespace HaDaemon.Benchmarks.Linux;

/// <summary>
/// Measurements that are not per-call costs, printed as Markdown (run as root: -- linux-probe):
/// sustained adverts per second through one socket (sent and received), link-down event latency, and the kernel's
/// expiry granularity for addresses with a valid lifetime (the lease prototype). All inside throw-away namespaces.
/// </summary>
public static class LinuxProbe
{
    public static void Run()
    {
        using var lab = NetworkLab.Create("prb");
        using var a = LinuxNetwork.Open(lab[0].Context).Unwrap();
        using var b = LinuxNetwork.Open(lab[1].Context).Unwrap();
        AddressCalls(a);
        Sustained(a, b);
        LinkDownLatency(lab, a);
        LeaseExpiry(a);
    }

    /// <summary>Per-call and batch costs as percentiles: on a shared, loaded machine the low percentiles show the code's cost.</summary>
    private static void AddressCalls(LinuxNetwork a)
    {
        foreach (var (label, spec) in new[]
        {
            ("IPv4", new AddressSpec { Address = IPAddress.Parse("192.0.2.1"), Interface = NetworkLab.Interface }),
            ("IPv6 nodad", new AddressSpec { Address = IPAddress.Parse("2001:db8::1"), Interface = NetworkLab.Interface, NoDad = true }),
        })
        {
            var samples = new List<double>();
            for (var i = 0; i < 3000; i++)
            {
                var start = Stopwatch.GetTimestamp();
                a.Addresses.Add(spec);
                a.Addresses.Delete(spec);
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
            Console.WriteLine($"| {label} address add+delete, one call each (3000 pairs) | {Percentiles(samples, "µs")} |");
        }
        var thousand = Enumerable.Range(0, 1000)
            .Select(i => new AddressSpec { Address = IPAddress.Parse($"10.250.{i / 250}.{i % 250 + 1}"), Interface = NetworkLab.Interface })
            .ToList();
        var adds = new List<double>();
        var deletes = new List<double>();
        for (var round = 0; round < 7; round++)
        {
            var start = Stopwatch.GetTimestamp();
            var added = a.Addresses.AddMany(thousand).Count(r => r.IsSuccess);
            adds.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            var deleted = a.Addresses.DeleteMany(thousand).Count(r => r.IsSuccess);
            deletes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (added != 1000 || deleted != 1000)
            {
                Console.WriteLine($"| batch round {round} | only {added} added / {deleted} deleted |");
            }
        }
        Console.WriteLine($"| 1000 IPv4 VIPs in one AddMany (7 rounds) | {Percentiles(adds, "ms")} |");
        Console.WriteLine($"| the same 1000 in one DeleteMany | {Percentiles(deletes, "ms")} |");
    }

    private static string Percentiles(List<double> samples, string unit)
    {
        samples.Sort();
        double At(double q) => samples[(int)Math.Min(samples.Count - 1, q * samples.Count)];
        return string.Create(CultureInfo.InvariantCulture, $"min {samples[0]:F1} {unit}, p10 {At(0.1):F1}, median {At(0.5):F1}, p90 {At(0.9):F1}");
    }

    private static void Sustained(LinuxNetwork a, LinuxNetwork b)
    {
        using var sendTransport = a.CreateAdvertTransport();
        using var receiveTransport = b.CreateAdvertTransport();
        var binding = new AdvertBinding(NetworkLab.Interface, AddressFamily.InterNetwork);
        long received = 0;
        using var link = sendTransport.Attach(binding, 51, _ => { }).Unwrap();
        using var listener = receiveTransport.Attach(binding, 51, _ => Interlocked.Increment(ref received)).Unwrap();
        var advert = new VrrpAdvert
        {
            Version = VrrpVersion.V3, VirtualRouterId = 51, Priority = 100, AdvertInterval = 100,
            Addresses = [IPAddress.Parse("192.0.2.51")],
        };
        var message = new byte[VrrpEncoder.MessageLength(advert)];
        VrrpEncoder.EncodeMessage(advert, message, ChecksumMode.PseudoHeader, link.Source, AdvertBinding.Ipv4Group);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        long failed = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            if (link.Send(message, AdvertBinding.Ipv4Group).IsSuccess)
            {
                sent++;
            }
            else
            {
                failed++;
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        Thread.Sleep(500);
        Console.WriteLine($"| sustained VRRPv3 IPv4 sends, one socket, 3 s | {sent / seconds:N0} adverts/s sent, {Interlocked.Read(ref received) / seconds:N0}/s received and demultiplexed in the peer namespace ({failed} send failures) |");
    }

    private static void LinkDownLatency(NetworkLab lab, LinuxNetwork a)
    {
        using var events = new BlockingCollection<(NetEvent Event, long At)>();
        using var monitor = a.CreateLinkMonitor();
        monitor.Start(ev => events.Add((ev, Stopwatch.GetTimestamp())));
        while (events.TryTake(out _, 200))
        {
        }
        foreach (var pause in new[] { 1100, 0 })
        {
            var samples = Flips(lab, events, pause);
            Console.WriteLine($"| peer link down/up → LinkChanged, {(pause > 0 ? "flips 1.1 s apart" : "flips back to back")}, from starting `ip link set` (includes the ~1-2 ms process spawn), 10 flips | median {samples[samples.Count / 2]:F2} ms, max {samples[^1]:F2} ms |");
        }
    }

    private static List<double> Flips(NetworkLab lab, BlockingCollection<(NetEvent Event, long At)> events, int pauseMs)
    {
        var samples = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            Thread.Sleep(pauseMs);
            var start = Stopwatch.GetTimestamp();
            lab[1].Ip("link", "set", NetworkLab.Interface, i % 2 == 0 ? "down" : "up");
            while (events.TryTake(out var item, 5000))
            {
                if (item.Event is LinkChanged { Link.Name: NetworkLab.Interface } changed && changed.Link.OperUp == (i % 2 == 1))
                {
                    samples.Add(Stopwatch.GetElapsedTime(start, item.At).TotalMilliseconds);
                    break;
                }
            }
        }
        samples.Sort();
        return samples;
    }

    private static void LeaseExpiry(LinuxNetwork a)
    {
        using var events = new BlockingCollection<(NetEvent Event, long At)>();
        using var monitor = a.CreateLinkMonitor();
        monitor.Start(ev => events.Add((ev, Stopwatch.GetTimestamp())));
        var lines = new List<string>();
        foreach (var lifetime in new uint[] { 1, 2, 3, 1, 2, 3 })
        {
            var v4 = new AddressSpec { Address = IPAddress.Parse("192.0.2.200"), Interface = NetworkLab.Interface, ValidLifetime = lifetime };
            var v6 = new AddressSpec { Address = IPAddress.Parse("2001:db8::200"), Interface = NetworkLab.Interface, ValidLifetime = lifetime, NoDad = true };
            var start = Stopwatch.GetTimestamp();
            a.Addresses.AddMany([v4, v6]);
            double? gone4 = null;
            double? gone6 = null;
            while ((gone4 is null || gone6 is null) && events.TryTake(out var item, 10000))
            {
                if (item.Event is AddressRemoved removed)
                {
                    var after = Stopwatch.GetElapsedTime(start, item.At).TotalSeconds;
                    if (removed.Address.Address.Equals(v4.Address))
                    {
                        gone4 = after;
                    }
                    else if (removed.Address.Address.Equals(v6.Address))
                    {
                        gone6 = after;
                    }
                }
            }
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{lifetime} s → IPv4 gone after {gone4:F3} s, IPv6 after {gone6:F3} s"));
        }
        Console.WriteLine($"| valid_lft expiry (add → RTM_DELADDR) | {string.Join("; ", lines)} |");
    }
}
