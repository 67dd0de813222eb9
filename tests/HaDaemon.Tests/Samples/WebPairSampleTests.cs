using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Samples;

/// <summary>
/// samples/web-pair: two hadaemon nodes over multicast, web1 MASTER 200 / web2 BACKUP 100, a weight-0 nginx check.
/// Election, nginx dying on web1 (FAULT, web2 takes the VIP), nginx back (web1 preempts).
/// </summary>
public sealed class WebPairSampleTests
{
    private const string Sample = "web-pair";
    private const string Vip = "192.168.50.100";

    [NetnsFact("pidof")]
    public void Web1_holds_the_vip_loses_it_to_web2_while_nginx_is_down_and_preempts_when_it_is_back()
    {
        // Both nodes share this machine's process table, so "pidof nginx" would see the same processes on both:
        // each node's copy checks its own stand-in name instead (the only change; the rest of the file is as shipped).
        using var nginx1 = new StandInProcess("nginx-w1");
        using var nginx2 = new StandInProcess("nginx-w2");
        var text = SampleConfig.Read(Sample);
        using var pair = new SamplePair("wp", ["192.168.50.1/24"], ["192.168.50.2/24"]);
        var web1 = pair.Add(text.Replace(Sample, "/usr/bin/pidof nginx\"", $"/usr/bin/pidof {nginx1.Name}\""), "web1");
        var web2 = pair.Add(text.Replace(Sample, "/usr/bin/pidof nginx\"", $"/usr/bin/pidof {nginx2.Name}\""), "web2");
        nginx1.Start();
        nginx2.Start();
        web1.Start();
        web2.Start();
        pair.WaitForHolder("election", 0, Vip);
        pair.WaitFor("web2 enters BACKUP", () => web2.Log().Contains("(WEB) Entering BACKUP STATE", StringComparison.Ordinal));
        Assert.Contains("eth0:vip", pair[0].Ip("-o", "addr", "show", "dev", "eth0"), StringComparison.Ordinal);

        nginx1.Stop();
        pair.WaitFor("web1 enters FAULT after nginx died", () => web1.Log().Contains("(WEB) Entering FAULT STATE", StringComparison.Ordinal));
        pair.WaitForHolder("web2 takes over from the faulty web1", 1, Vip);

        nginx1.Start();
        pair.WaitForHolder("web1 preempts once nginx is back", 0, Vip);
        Assert.True(web1.IsRunning && web2.IsRunning, pair.Logs());
        pair.AssertNoScriptDisabled();
    }
}
