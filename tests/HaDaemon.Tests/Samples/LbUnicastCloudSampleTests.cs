using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Samples;

/// <summary>
/// samples/lb-unicast-cloud: a unicast pair (PASS auth, haproxy check) whose notify_master runs the shipped
/// move-floating-ip.sh against a stand-in of the provider's API: the first master gets the floating IP despite the
/// API failing twice, a kill -9 moves it to the peer, and a repeated notify on the owner sends no second POST.
/// </summary>
public sealed class LbUnicastCloudSampleTests
{
    private const string Sample = "lb-unicast-cloud";
    private const string Vip = "10.60.0.100";
    private const string FloatingIp = "203.0.113.10";

    [NetnsFact("pidof", "curl")]
    public void Notify_master_moves_the_floating_ip_with_retries_on_failover_and_only_once()
    {
        using var haproxy1 = new StandInProcess("haproxy-1");
        using var haproxy2 = new StandInProcess("haproxy-2");
        using var api = new FloatingIpApi(FloatingIp, failures: 2);
        using var pair = new SamplePair("lbc", ["10.60.0.1/24"], ["10.60.0.2/24"]);
        // The script must pass enable_script_security: a root-owned copy in a root-owned 0700 directory.
        var scripts = Directory.CreateTempSubdirectory("hd-lbc-");
        try
        {
            var script = Path.Combine(scripts.FullName, "move-floating-ip.sh");
            File.Copy(SampleConfig.Path(Sample, "move-floating-ip.sh"), script);
            ProcessRunner.Check("chmod", "0755", script);
            var text = SampleConfig.Read(Sample);
            // Test-only changes: the script's location, the API's URL (a listener on each namespace's loopback) and,
            // as both nodes share one process table, a per-node haproxy stand-in name.
            string NodeText(int node, StandInProcess haproxy) => text
                .Replace(Sample, "/etc/hadaemon/move-floating-ip.sh http://169.254.169.254/v1", $"{script} {api.ListenIn(pair[node])}")
                .Replace(Sample, "/usr/bin/pidof haproxy\"", $"/usr/bin/pidof {haproxy.Name}\"");
            var lb1 = pair.Add(NodeText(0, haproxy1), "lb1");
            var lb2 = pair.Add(NodeText(1, haproxy2), "lb2");
            haproxy1.Start();
            haproxy2.Start();
            // Both are "state BACKUP": started together, whichever finishes starting first (a JIT-compiled daemon
            // takes 2-7 s here) would be master for a moment. lb1 alone first makes "the first master" deterministic.
            lb1.Start();

            pair.WaitFor("lb1 becomes master and moves the floating IP to itself", () => api.AssignedTo == "lb1");
            pair.WaitForHolder("lb1 holds the VIP", 0, Vip);
            var first = api.Requests;
            Assert.True(first.Count == 4, Describe("two refused attempts, then one GET and one POST", first));
            Assert.All(first.Take(2), r => Assert.Equal(503, r.Status));
            Assert.All(first, r => Assert.Equal(pair[0].Name, r.Via));
            Assert.Equal(("GET", 200), (first[2].Method, first[2].Status));
            Assert.Equal(("POST", $"/v1/floating-ips/{FloatingIp}/assign", "{\"node\":\"lb1\"}", 200),
                (first[3].Method, first[3].Path, first[3].Body, first[3].Status));

            lb2.Start();
            pair.WaitFor("lb2 joins as BACKUP", () => lb2.Log().Contains("(LB) Entering BACKUP STATE", StringComparison.Ordinal));
            Thread.Sleep(3000); // a few of lb1's adverts: lb2 must stay backup, so its notify_master must not run
            Assert.True(api.Requests.Count == 4 && pair.HoldsVip(0, Vip) && !pair.HoldsVip(1, Vip),
                Describe("lb2 stays backup and sends nothing", api.Requests) + "\n" + pair.Logs());

            lb1.Kill();
            pair.WaitFor("lb2 takes over after kill -9 of lb1 and moves the floating IP", () => api.AssignedTo == "lb2");
            // A killed daemon cannot remove its VIP (keepalived leaves it too): only lb2's side is checked.
            pair.WaitFor("lb2 holds the VIP", () => pair.HoldsVip(1, Vip));
            var posts = api.Requests.Count(r => r.Method == "POST");
            Assert.Equal(2, posts);

            // A second notify_master on the owner (lb2 restarted after a crash, alone): the script asks and stops.
            var before = api.Requests.Count;
            lb2.Kill();
            lb2.WaitForExit(TimeSpan.FromSeconds(5));
            lb2.Start();
            pair.WaitFor("the restarted lb2 becomes master and its notify asks the API again",
                () => api.Requests.Skip(before).Any(r => r.Via == pair[1].Name && r.Method == "GET"));
            // The script would POST right after its GET; give it ample time to (wrongly) do so.
            Thread.Sleep(1500);
            var after = api.Requests;
            Assert.True(after.Count(r => r.Method == "POST") == posts, Describe("no POST when the IP is already here", after));
            Assert.Equal("lb2", api.AssignedTo);
            pair.AssertNoScriptDisabled();
        }
        finally
        {
            pair.Dispose();
            scripts.Delete(recursive: true);
        }
    }

    private static string Describe(string what, IReadOnlyList<FloatingIpApi.Request> requests) =>
        what + "; requests: " + string.Join("; ", requests.Select(r => $"{r.Via} {r.Method} {r.Path} {r.Body} -> {r.Status}"));
}
