using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Samples;

/// <summary>
/// samples/weighted-check: a failing check lowers node1's priority 102 → 97 (weight -5, after fall=2 failures), node2
/// (100) preempts; the check passing again (rise=2) restores 102 and node1 preempts back. Verified on the wire: the
/// priority the master advertises, and that adverts leave from the configured mcast_src_ip — each node's primary
/// address is a different one, so a daemon ignoring mcast_src_ip would be caught.
/// </summary>
public sealed class WeightedCheckSampleTests
{
    private const string Sample = "weighted-check";
    private const string Vip = "192.168.70.100";
    private const string Src1 = "192.168.70.1";
    private const string Src2 = "192.168.70.2";

    [NetnsFact("tcpdump", "tshark")]
    public void Failing_check_lowers_the_priority_by_its_weight_so_the_peer_preempts_and_back()
    {
        var files = Directory.CreateTempSubdirectory("hd-wchk-");
        using var pair = new SamplePair("wchk", ["192.168.70.11/24", Src1 + "/24"], ["192.168.70.12/24", Src2 + "/24"]);
        try
        {
            var text = SampleConfig.Read(Sample);
            // Test-only change: each node's check tests its own file instead of the machine's /run/backend.ok.
            var ok1 = Path.Combine(files.FullName, "backend1.ok");
            var ok2 = Path.Combine(files.FullName, "backend2.ok");
            File.WriteAllText(ok1, "");
            File.WriteAllText(ok2, "");
            var node1 = pair.Add(text.Replace(Sample, "/run/backend.ok", ok1), "node1");
            var node2 = pair.Add(text.Replace(Sample, "/run/backend.ok", ok2), "node2");
            using var capture = PacketCapture.Start(pair[1], NetworkLab.Interface, "ip proto 112");
            node1.Start();
            node2.Start();
            pair.WaitForHolder("node1 (102) wins the election", 0, Vip);
            pair.WaitFor("node2 enters BACKUP", () => node2.Log().Contains("(APP) Entering BACKUP STATE", StringComparison.Ordinal));

            File.Delete(ok1);
            pair.WaitForHolder("node2 (100) preempts node1 at 102 - 5 = 97", 1, Vip);

            File.WriteAllText(ok1, "");
            pair.WaitForHolder("node1 back at 102 preempts node2", 0, Vip);

            var adverts = capture.Fields("vrrp", "ip.src", "vrrp.prio").Select(f => (Source: f[0], Priority: f[1])).ToList();
            var wire = string.Join(" ", adverts.Select(a => $"{a.Source}/{a.Priority}"));
            Assert.All(adverts, a => Assert.Contains(a.Source, new[] { Src1, Src2 }));
            var expected = new[] { (Src1, "102"), (Src1, "97"), (Src2, "100"), (Src1, "102") };
            var next = 0;
            foreach (var advert in adverts)
            {
                if (next < expected.Length && advert == expected[next])
                {
                    next++;
                }
            }
            Assert.True(next == expected.Length,
                $"expected adverts {string.Join(", ", expected)} in this order on the wire; saw: {wire}\n{pair.Logs()}");
            Assert.Equal((Src1, "102"), adverts.Last(a => a.Source == Src1));
            pair.AssertNoScriptDisabled();
        }
        finally
        {
            pair.Dispose();
            files.Delete(recursive: true);
        }
    }
}
