using System.Net.Sockets;
using System.Text;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>What systemd and scripts see of the process: sd_notify messages and exit codes.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class ProcessContractTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [NetnsFact]
    public void Sd_notify_reports_ready_watchdog_reload_and_stopping()
    {
        using var lab = VrrpLab.Create("hsd");
        lab.WriteConfig(0, lab.Instance(150));
        // A path socket, not an abstract one: abstract names belong to a network namespace, and the daemon runs in another.
        var socketPath = Path.Combine(lab.WorkDir, "notify.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.ReceiveTimeout = (int)Patience.TotalMilliseconds;

        var daemon = lab.Start(0, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "400000" });
        var ready = Next(listener, m => m.StartsWith("READY=1", StringComparison.Ordinal));
        Assert.Contains("STATUS=1 instance(s): VI_1", ready, StringComparison.Ordinal);
        Next(listener, m => m == "WATCHDOG=1");
        daemon.WaitForState("VI_1", "MASTER", Patience);

        daemon.Signal("HUP");
        var reloading = Next(listener, m => m.StartsWith("RELOADING=1", StringComparison.Ordinal));
        Assert.Matches(@"^RELOADING=1\nMONOTONIC_USEC=\d+$", reloading);
        Assert.Contains("VI_1 MASTER", Next(listener, m => m.StartsWith("READY=1", StringComparison.Ordinal)), StringComparison.Ordinal);

        daemon.Signal("TERM");
        Next(listener, m => m == "STOPPING=1");
        Assert.Equal(0, daemon.WaitForExit(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Receives until a message matches (watchdog pings interleave with the others), for at most
    /// <see cref="Patience"/> in all: the pings alone would otherwise keep a wait for a message that never comes alive.</summary>
    private static string Next(Socket listener, Func<string, bool> wanted)
    {
        var buffer = new byte[4096];
        var deadline = DateTime.UtcNow + Patience;
        var seen = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            var message = Encoding.UTF8.GetString(buffer, 0, listener.Receive(buffer));
            if (wanted(message))
            {
                return message;
            }
            seen.Add(message);
        }
        throw new TimeoutException($"no matching sd_notify message in {Patience}; got: {string.Join(" | ", seen.Distinct())}");
    }

    [NetnsFact]
    public void A_missing_config_exits_6_and_an_unrunnable_one_exits_2()
    {
        using var lab = VrrpLab.Create("hex");
        var missing = DaemonProcess.Start(lab.Network[0], Path.Combine(lab.WorkDir, "absent.conf"), lab.WorkDir);
        using (missing)
        {
            Assert.Equal(6, missing.WaitForExit(Patience));
        }
        lab.WriteConfig(0, "vrrp_instance VI_1 {\n interface eth0\n priority 150\n virtual_ipaddress {\n 10.0.0.1\n }\n}\n");
        using var broken = DaemonProcess.Start(lab.Network[0], lab.ConfigPath(0), lab.WorkDir);
        Assert.Equal(2, broken.WaitForExit(Patience));
    }

    [NetnsFact]
    public void A_config_without_instances_keeps_running_says_so_and_a_reload_brings_them()
    {
        using var lab = VrrpLab.Create("hni");
        lab.WriteConfig(0, "global_defs {\n    router_id lb1\n}\n");
        var daemon = lab.Start(0);
        // keepalived's phrase, which config alerts match ("has no configuration to run").
        daemon.WaitFor("Warning - hadaemon has no configuration to run", Patience);
        lab.WriteConfig(0, lab.Instance(150));
        daemon.Signal("HUP");
        daemon.WaitForState("VI_1", "MASTER", Patience);
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
    }
}

/// <summary>USR1 / USR2 / SIGRTMIN+2 / SIGRTMAX-1 dumps of a running daemon.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class DumpSignalTests
{
    [NetnsFact]
    public void Data_stats_and_json_dumps_are_written_on_their_signals()
    {
        using var lab = VrrpLab.Create("hdu");
        var data = Path.Combine(lab.WorkDir, "k.data");
        var stats = Path.Combine(lab.WorkDir, "k.stats");
        var json = Path.Combine(lab.WorkDir, "k.json");
        lab.WriteConfig(0, $$"""
            global_defs {
                state_dump_file {{data}}
                stats_dump_file {{stats}}
                json_dump_file {{json}}
            }
            {{lab.Instance(150)}}
            """);
        var daemon = lab.Start(0);
        daemon.WaitForState("VI_1", "MASTER", TimeSpan.FromSeconds(30));

        daemon.Signal("USR1");
        daemon.Signal("USR2");
        daemon.Signal("36");
        daemon.WaitFor("dump written", TimeSpan.FromSeconds(10), occurrences: 3);
        Assert.Contains("VI_1", File.ReadAllText(data), StringComparison.Ordinal);
        Assert.Contains("VI_1", File.ReadAllText(stats), StringComparison.Ordinal);
        using var parsed = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(System.Text.Json.JsonValueKind.Array, parsed.RootElement.ValueKind);

        daemon.Signal("63");
        daemon.WaitFor("StatsClear dump written", TimeSpan.FromSeconds(10));
        Assert.False(daemon.HasExited);
    }
}
