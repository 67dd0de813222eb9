using System.Net;
using HaDaemon.Linux.Addresses;
using HaDaemon.Linux.Results;
using HaDaemon.TestSupport;

namespace HaDaemon.Linux.Tests;

public sealed class AddressManagerTests
{
    private static AddressSpec Vip(string address, string dev = NetworkLab.Interface) =>
        new() { Address = IPAddress.Parse(address), Interface = dev };

    [NetnsFact]
    public void Adds_ipv4_addresses_with_every_option_as_ip_addr_shows_them()
    {
        using var lab = LinuxLab.Create("a4");
        var addresses = lab.Net(0).Addresses;
        var withOptions = Vip("192.0.2.10") with
        {
            PrefixLength = 24,
            Broadcast = IPAddress.Parse("192.0.2.255"),
            Scope = Scopes.Link,
            Label = "eth0:vip",
            NoPrefixRoute = true,
            ValidLifetime = 600,
            PreferredLifetime = 300,
        };
        var peer = Vip("198.51.100.1") with { Peer = IPAddress.Parse("198.51.100.2"), PrefixLength = 32 };

        Assert.Equal(ChangeOutcome.Applied, addresses.Add(withOptions).Outcome);
        Assert.Equal(ChangeOutcome.Applied, addresses.Add(peer).Outcome);

        var shown = lab.Ns(0).Ip("-4", "addr", "show", "dev", NetworkLab.Interface);
        Assert.Matches(@"inet 192\.0\.2\.10/24 brd 192\.0\.2\.255 scope link dynamic noprefixroute eth0:vip", shown);
        Assert.Matches(@"valid_lft (59\d|600)sec preferred_lft (29\d|300)sec", shown);
        Assert.Contains("inet 198.51.100.1 peer 198.51.100.2/32", shown);
        Assert.DoesNotContain("192.0.2.0/24", lab.Ns(0).Ip("-4", "route", "show")); // noprefixroute honoured

        Assert.Equal(ChangeOutcome.Applied, addresses.Delete(withOptions).Outcome);
        Assert.Equal(ChangeOutcome.Applied, addresses.Delete(peer).Outcome);
        Assert.DoesNotContain("192.0.2.10", lab.Ns(0).Ip("addr"));
        Assert.DoesNotContain("198.51.100.1", lab.Ns(0).Ip("addr"));
    }

    [NetnsFact]
    public void Adds_ipv6_addresses_with_nodad_and_lifetimes()
    {
        using var lab = LinuxLab.Create("a6");
        lab.Ns(0).Exec("sysctl", "-qw", $"net.ipv6.conf.{NetworkLab.Interface}.accept_dad=1");
        var addresses = lab.Net(0).Addresses;
        var nodad = Vip("2001:db8::10") with { PrefixLength = 64, NoDad = true, NoPrefixRoute = true };
        var expiring = Vip("2001:db8::11") with { ValidLifetime = 120, PreferredLifetime = 0 };

        Assert.True(addresses.Add(nodad).IsSuccess);
        Assert.True(addresses.Add(expiring).IsSuccess);

        var shown = lab.Ns(0).Ip("-6", "addr", "show", "dev", NetworkLab.Interface);
        Assert.Matches(@"inet6 2001:db8::10/64 scope global nodad noprefixroute", shown);
        Assert.Matches(@"inet6 2001:db8::11/128 scope global (dynamic )?deprecated[^\n]*\n\s+valid_lft (11\d|120)sec preferred_lft 0sec", shown);
        Assert.True(addresses.Delete(nodad).IsSuccess);
        Assert.True(addresses.Delete(expiring).IsSuccess);
        Assert.DoesNotContain("2001:db8::1", lab.Ns(0).Ip("-6", "addr"));
    }

    [NetnsFact]
    public void Duplicate_add_and_missing_delete_are_not_failures()
    {
        using var lab = LinuxLab.Create("dup");
        var addresses = lab.Net(0).Addresses;
        var vip = Vip("192.0.2.20");

        Assert.Equal(ChangeOutcome.Applied, addresses.Add(vip).Outcome);
        Assert.Equal(ChangeOutcome.AlreadyInState, addresses.Add(vip).Outcome);
        Assert.Equal(ChangeOutcome.Applied, addresses.Delete(vip).Outcome);
        Assert.Equal(ChangeOutcome.AlreadyInState, addresses.Delete(vip).Outcome);
        Assert.Equal(ChangeOutcome.AlreadyInState, addresses.Delete(Vip("2001:db8::99")).Outcome);
    }

    [NetnsFact]
    public void Failures_are_typed_results_and_leave_nothing_behind()
    {
        using var lab = LinuxLab.Create("fail");
        var addresses = lab.Net(0).Addresses;
        var before = lab.Ns(0).Ip("addr");

        var missing = addresses.Add(Vip("192.0.2.30", dev: "nosuch0"));
        Assert.Equal(PlatformErrorKind.InterfaceNotFound, missing.Error?.Kind);
        Assert.Contains("nosuch0", missing.Error!.Message);

        var v6Broadcast = addresses.Add(Vip("2001:db8::30") with { Broadcast = IPAddress.Parse("2001:db8::ff") });
        Assert.Equal(PlatformErrorKind.InvalidRequest, v6Broadcast.Error?.Kind);

        // A request the kernel itself refuses (valid_lft 0): a Kernel error with errno and the kernel's own words.
        var kernelRefusal = addresses.Add(Vip("192.0.2.31") with { ValidLifetime = 0 });
        Assert.Equal(PlatformErrorKind.Kernel, kernelRefusal.Error?.Kind);
        Assert.Equal(Native.Errno.EINVAL, kernelRefusal.Error!.Errno);
        Assert.Contains("EINVAL", kernelRefusal.Error.Message);

        var batch = addresses.AddMany([Vip("192.0.2.40"), Vip("192.0.2.41", dev: "nosuch0"), Vip("192.0.2.42")]);
        Assert.True(batch[0].IsSuccess);
        Assert.Equal(PlatformErrorKind.InterfaceNotFound, batch[1].Error?.Kind);
        Assert.True(batch[2].IsSuccess);
        Assert.All(addresses.DeleteMany([Vip("192.0.2.40"), Vip("192.0.2.42")]), r => Assert.True(r.IsSuccess));

        Assert.Equal(before, lab.Ns(0).Ip("addr"));
    }

    [NetnsFact]
    public void Adds_and_removes_a_thousand_addresses_in_one_batch()
    {
        using var lab = LinuxLab.Create("bulk");
        var addresses = lab.Net(0).Addresses;
        var vips = Enumerable.Range(0, 1000).Select(i => Vip($"10.250.{i / 250}.{i % 250 + 1}")).ToList();

        Assert.All(addresses.AddMany(vips), r => Assert.Equal(ChangeOutcome.Applied, r.Outcome));
        Assert.Equal(1000, lab.Ns(0).Ip("-4", "-o", "addr", "show", "dev", NetworkLab.Interface).Split('\n').Count(l => l.Contains("10.250.", StringComparison.Ordinal)));
        Assert.All(addresses.DeleteMany(vips), r => Assert.Equal(ChangeOutcome.Applied, r.Outcome));
        Assert.DoesNotContain("10.250.", lab.Ns(0).Ip("addr"));
    }
}
