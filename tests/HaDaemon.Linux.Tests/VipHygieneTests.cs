using System.Collections.Concurrent;
using System.Net;
using HaDaemon.Linux.Addresses;
using HaDaemon.Linux.Hygiene;
using HaDaemon.Linux.Monitoring;
using HaDaemon.Linux.Results;
using HaDaemon.TestSupport;

namespace HaDaemon.Linux.Tests;

public sealed class VipHygieneTests
{
    private static AddressSpec Vip(string address) => new() { Address = IPAddress.Parse(address), Interface = NetworkLab.Interface, NoDad = true };

    [NetnsFact]
    public void Removes_configured_vips_left_from_a_previous_run_whatever_their_prefix()
    {
        using var lab = LinuxLab.Create("hy0");
        lab.Ns(0).Ip("addr", "add", "192.0.2.1/24", "dev", NetworkLab.Interface);
        lab.Ns(0).Ip("addr", "add", "2001:db8::1/64", "dev", NetworkLab.Interface, "nodad");
        var hygiene = new VipHygiene(lab.Net(0).Addresses, lab.Net(0).Interfaces);

        var results = hygiene.RemovePreexisting([Vip("192.0.2.1"), Vip("2001:db8::1"), Vip("192.0.2.2")]);

        Assert.Equal([ChangeOutcome.Applied, ChangeOutcome.Applied, ChangeOutcome.AlreadyInState], results.Select(r => r.Outcome));
        var left = lab.Ns(0).Ip("addr");
        Assert.DoesNotContain("192.0.2.1", left);
        Assert.DoesNotContain("2001:db8::1", left);
    }

    [NetnsFact]
    public void Removes_at_stop_exactly_what_it_added()
    {
        using var lab = LinuxLab.Create("hy1");
        lab.Ns(0).Ip("addr", "add", "192.0.2.99/32", "dev", NetworkLab.Interface);
        var hygiene = new VipHygiene(lab.Net(0).Addresses, lab.Net(0).Interfaces);

        Assert.All(hygiene.Add([Vip("192.0.2.10"), Vip("192.0.2.11"), Vip("2001:db8::10")]), r => Assert.True(r.IsSuccess));
        hygiene.Remove([Vip("192.0.2.11")]);
        Assert.Equal(2, hygiene.Added.Count);
        Assert.All(hygiene.RemoveAllAdded(), r => Assert.Equal(ChangeOutcome.Applied, r.Outcome));

        var left = lab.Ns(0).Ip("addr");
        Assert.DoesNotContain("192.0.2.10", left);
        Assert.DoesNotContain("2001:db8::10", left);
        Assert.Contains("192.0.2.99", left); // not ours
        Assert.Empty(hygiene.Added);
    }

    [NetnsFact]
    public void Leased_vips_live_while_renewed_and_vanish_by_themselves_when_renewals_stop()
    {
        using var lab = LinuxLab.Create("hy2");
        using var events = new BlockingCollection<NetEvent>();
        using var monitor = lab.Net(0).CreateLinkMonitor();
        Assert.True(monitor.Start(events.Add).IsSuccess);
        var hygiene = new VipHygiene(lab.Net(0).Addresses, lab.Net(0).Interfaces, leaseLifetime: TimeSpan.FromSeconds(2));

        Assert.All(hygiene.Add([Vip("192.0.2.20"), Vip("2001:db8::20")]), r => Assert.True(r.IsSuccess));
        Assert.Matches(@"192\.0\.2\.20/32 scope global dynamic eth0\s+valid_lft [12]sec", lab.Ns(0).Ip("-4", "addr", "show", "dev", NetworkLab.Interface));
        for (var i = 0; i < 6; i++)
        {
            Thread.Sleep(500);
            Assert.All(hygiene.RenewLeases(), r => Assert.True(r.IsSuccess));
        }
        // 3 s in, past the 2 s lifetime: still there because it was renewed.
        Assert.Contains("192.0.2.20", lab.Ns(0).Ip("addr"));
        Assert.Contains("2001:db8::20", lab.Ns(0).Ip("addr"));

        // Renewals stop (the daemon was killed): the kernel deletes both on its own.
        var gone = new HashSet<IPAddress>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (gone.Count < 2 && events.TryTake(out var ev, Math.Max(0, (int)(deadline - DateTime.UtcNow).TotalMilliseconds)))
        {
            if (ev is AddressRemoved removed)
            {
                gone.Add(removed.Address.Address);
            }
        }
        Assert.Equal(new HashSet<IPAddress> { IPAddress.Parse("192.0.2.20"), IPAddress.Parse("2001:db8::20") }, gone);
    }
}
