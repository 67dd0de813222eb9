using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>SIGHUP on running daemons: no flaps for an unchanged config, just the diff for a changed one, nothing for a broken one.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class ReloadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);


    private static void Reload(DaemonProcess daemon, string expect = "Reloaded ")
    {
        var before = daemon.Count(expect);
        daemon.Signal("HUP");
        daemon.WaitFor(expect, Patience, before + 1);
    }

    [NetnsFact]
    public void Same_config_reload_makes_no_transition_and_removes_no_vip()
    {
        using var lab = VrrpLab.Elect("hr0");
        using var monitor = new AddressMonitor(lab.Network[0]);
        var transitions = (lab[0].Count("Entering"), lab[1].Count("Entering"));
        Reload(lab[0]);
        Reload(lab[1]);
        Thread.Sleep(1000);
        Assert.Equal(transitions, (lab[0].Count("Entering"), lab[1].Count("Entering")));
        Assert.Empty(monitor.Deleted);
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
    }

    [NetnsFact]
    public void Adding_a_vip_adds_just_that_vip()
    {
        using var lab = VrrpLab.Elect("hr1");
        using var monitor = new AddressMonitor(lab.Network[0]);
        var transitions = lab[0].Count("Entering");
        lab.WriteConfig(0, lab.Instance(150, vips: $"{lab.Vip(100)}/24\n{lab.Vip(101)}/24"));
        Reload(lab[0]);
        Thread.Sleep(500);
        Assert.True(lab.HasAddress(0, lab.Vip(101)));
        Assert.Empty(monitor.Deleted);
        var added = Assert.Single(monitor.Added);
        Assert.Contains(lab.Vip(101) + "/24", added, StringComparison.Ordinal);
        Assert.Equal(transitions, lab[0].Count("Entering"));
    }

    [NetnsFact]
    public void A_broken_config_is_rejected_and_the_old_one_keeps_running()
    {
        using var lab = VrrpLab.Elect("hr2");
        // No virtual_router_id: keepalived's VRRP process refuses such a configuration.
        lab.WriteConfig(0, "vrrp_instance VI_1 {\n interface eth0\n priority 150\n virtual_ipaddress {\n 10.0.0.1\n }\n}\n");
        Reload(lab[0], "keeping the running configuration");
        Thread.Sleep(1000);
        Assert.Equal(1, lab[0].Count("Entering MASTER STATE"));
        Assert.Equal(0, lab[1].Count("Entering MASTER STATE"));
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
        Assert.False(lab[0].HasExited);
    }

    [NetnsFact]
    public void A_daemon_started_under_nohup_still_reloads_on_sighup_and_stops_on_sigterm()
    {
        // nohup (or a supervisor's `trap '' HUP`) hands the daemon SIGHUP ignored; keepalived reloads regardless, and
        // .NET would silently never deliver it. The shell also leaves USR1 ignored here and SIGINT, which stays ignored.
        using var lab = VrrpLab.Create("hrn", nodes: 1);
        var dump = $"global_defs {{\n    state_dump_file {Path.Combine(lab.WorkDir, "k.data")}\n}}\n";
        lab.WriteConfig(0, dump + lab.Instance(150));
        var daemon = lab.StartUnder(0, "sh", "-c", "trap '' HUP USR1 INT; exec \"$0\" \"$@\"", "nohup");
        daemon.WaitForState("VI_1", "MASTER", Patience);
        Assert.Equal(1, daemon.Count("Signal 1 was inherited as ignored"));

        lab.ReloadAddingSecondVip(daemon, Patience, prefix: dump);
        daemon.Signal("USR1");
        daemon.WaitFor("Data dump written", Patience);
        Assert.Contains("VI_1", File.ReadAllText(Path.Combine(lab.WorkDir, "k.data")), StringComparison.Ordinal);
        daemon.Signal("INT");
        Thread.Sleep(500);
        Assert.False(daemon.HasExited, "an inherited-ignored SIGINT must not kill the daemon (its VIPs would stay)");

        lab.StopCleanly(daemon, Patience);
    }

    [NetnsFact("python3")]
    public void A_daemon_started_with_signals_blocked_unblocks_them_and_stops_cleanly_on_sigterm()
    {
        // A supervisor that execs with signals blocked: .NET would never see SIGTERM, and the stop that follows would be
        // a SIGKILL leaving the VIP behind. keepalived (signalfd) handles them whatever the inherited mask.
        using var lab = VrrpLab.Create("hrb", nodes: 1);
        lab.WriteConfig(0, lab.Instance(150));
        const string BlockAndExec = "import os, signal, sys; "
            + "signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGHUP, signal.SIGTERM, signal.SIGINT, signal.SIGUSR1]); "
            + "os.execvp(sys.argv[1], sys.argv[1:])";
        var daemon = lab.StartUnder(0, "python3", "-c", BlockAndExec);
        daemon.WaitForState("VI_1", "MASTER", Patience);
        Assert.Equal(1, daemon.Count("Signal 15 was inherited blocked; unblocked"));

        lab.ReloadAddingSecondVip(daemon, Patience);
        lab.StopCleanly(daemon, Patience);
    }
}
