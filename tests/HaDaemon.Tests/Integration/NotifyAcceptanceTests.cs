using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>Issue 5 acceptance: notify scripts, the notify FIFO and bad scripts/FIFOs in the real daemon.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class NotifyAcceptanceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string Global(string body) => $"global_defs {{\n    {body}\n}}\n\n";

    /// <summary>Polls <paramref name="path"/> until its lines satisfy <paramref name="done"/>; returns them.</summary>
    private static IReadOnlyList<string> WaitForLines(string path, Func<IReadOnlyList<string>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            IReadOnlyList<string> lines = File.Exists(path) ? File.ReadAllLines(path) : [];
            if (done(lines))
            {
                return lines;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} not seen in {path}:\n{string.Join("\n", lines)}");
            }
            Thread.Sleep(100);
        }
    }

    /// <summary>True when <paramref name="patterns"/> match lines of <paramref name="lines"/> in this order (others may lie between).</summary>
    private static bool InOrder(IReadOnlyList<string> lines, params string[] patterns)
    {
        var next = 0;
        foreach (var line in lines)
        {
            if (next < patterns.Length && Regex.IsMatch(line, patterns[next]))
            {
                next++;
            }
        }
        return next == patterns.Length;
    }

    [NetnsFact]
    public void Notify_scripts_and_the_fifo_report_every_transition_in_order()
    {
        using var lab = VrrpLab.Create("hns");
        lab.AddTrackedLink(0, "trk0");
        var log = Path.Combine(lab.WorkDir, "notify.log");
        var fifo = Path.Combine(lab.WorkDir, "notify.fifo");
        ProcessRunner.Check("mkfifo", fifo);
        var fifoLines = new ConcurrentQueue<string>();
        // Opening a FIFO for reading waits for a writer: the daemon opens it O_RDWR at start-up.
        var reader = new Thread(() =>
        {
            try
            {
                using var stream = new StreamReader(fifo);
                while (stream.ReadLine() is { } line)
                {
                    fifoLines.Enqueue(line);
                }
            }
            catch (IOException)
            {
            }
        }) { IsBackground = true };
        reader.Start();

        var scripts = $$"""
            notify_master "{{lab.Script("master.sh", $"echo \"master $*\" >> {log}")}}"
                notify_backup "{{lab.Script("backup.sh", $"echo \"backup $*\" >> {log}")}}"
                notify_fault "{{lab.Script("fault.sh", $"echo \"fault $*\" >> {log}")}}"
                notify "{{lab.Script("notify.sh", $"echo \"notify $*\" >> {log}")}}"
                track_interface {
                    trk0
                }
            """;
        lab.WriteConfig(0, Global($"vrrp_notify_fifo {fifo}") + lab.Instance(150, extra: scripts));
        lab.WriteConfig(1, lab.Instance(100));
        lab.StartMasterThenBackup(Patience);
        lab.FaultAndPreemptBack("trk0", Patience);

        // notify_STATE runs with no arguments, then the generic script with INSTANCE NAME STATE PRIORITY.
        string[] expected =
        [
            "^master $", "^notify INSTANCE VI_1 MASTER 150$",
            "^fault $", @"^notify INSTANCE VI_1 FAULT \d+$",
            "^backup $", "^notify INSTANCE VI_1 BACKUP 150$",
            "^master $", "^notify INSTANCE VI_1 MASTER 150$",
        ];
        WaitForLines(log, lines => InOrder(lines, expected), "master, fault, backup, master notifications");
        var deadline = DateTime.UtcNow + Patience;
        string[] fifoExpected =
        [
            "^INSTANCE \"VI_1\" MASTER 150$", "^INSTANCE \"VI_1\" FAULT \\d+$",
            "^INSTANCE \"VI_1\" BACKUP 150$", "^INSTANCE \"VI_1\" MASTER 150$",
        ];
        while (!InOrder([.. fifoLines], fifoExpected) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }
        Assert.True(InOrder([.. fifoLines], fifoExpected), "FIFO lines:\n" + string.Join("\n", fifoLines));
    }

    [NetnsFact]
    public void A_hanging_notify_script_does_not_stop_failover_and_back()
    {
        using var lab = VrrpLab.Create("hnh", nodes: 3);
        var pids = Path.Combine(lab.WorkDir, "hang.pids");
        var hang = lab.Script("hang.sh", $"echo $$ >> {pids}\nexec sleep 1000");
        lab.WriteConfig(0, lab.Instance(150, extra: $"notify_master \"{hang}\""));
        lab.WriteConfig(1, lab.Instance(100));
        lab.StartMasterThenBackup(Patience);

        // The master keeps advertising while its notify_master script hangs: the backup stays backup.
        Thread.Sleep(2000);
        Assert.Equal(0, lab[1].Count("Entering MASTER STATE"));

        try
        {
            lab.FaultAndPreemptBack(NetworkLab.Interface, Patience);
            Assert.True(lab.HasAddress(0, lab.Vip(100)));
            Assert.False(lab.HasAddress(1, lab.Vip(100)));

            // The 60 s notify timeout is too long to wait for here; a clean stop must not leave the hung script behind
            // (its process group is killed once the shutdown drain limit has passed).
            lab[0].Signal("TERM");
            var exitCode = lab[0].WaitForExit(Patience);
            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{lab[0].Log}");
            foreach (var pid in File.ReadAllLines(pids))
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
                while (Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(100);
                }
                Assert.False(Directory.Exists($"/proc/{pid}"), $"hung notify script {pid} outlived the daemon:\n{lab[0].Log}");
            }
        }
        finally
        {
            // Whatever happened above, do not leave our own script's sleep running for 1000 s.
            foreach (var pid in File.Exists(pids) ? File.ReadAllLines(pids) : [])
            {
                ProcessRunner.Run("kill", ["-KILL", pid]);
            }
        }
    }

    [NetnsFact]
    public void A_check_script_that_is_not_executable_is_reported_and_the_daemon_runs_on()
    {
        using var lab = VrrpLab.Create("hnx");
        var script = Path.Combine(lab.WorkDir, "check.sh");
        File.WriteAllText(script, "#!/bin/sh\nexit 0\n");
        ProcessRunner.Check("chmod", "0644", script);
        var checkDef = $$"""
            vrrp_script chk {
                script "{{script}}"
                interval 1
            }

            """;
        lab.WriteConfig(0, checkDef + lab.Instance(150, extra: "track_script {\n        chk\n    }"));
        lab.WriteConfig(1, lab.Instance(100));
        var daemon = lab.Start(0);
        lab.Start(1);
        daemon.WaitFor("not executable", Patience);
        lab[1].WaitForState("VI_1", "MASTER|BACKUP", Patience);
        Thread.Sleep(1000);
        Assert.False(daemon.HasExited, daemon.Log);
        Assert.True(lab.HasAddress(0, lab.Vip(100)) ^ lab.HasAddress(1, lab.Vip(100)));
    }

    [NetnsFact]
    public void A_fifo_nobody_reads_does_not_block_transitions()
    {
        using var lab = VrrpLab.Create("hnf", nodes: 3);
        var fifo = Path.Combine(lab.WorkDir, "unread.fifo");
        lab.WriteConfig(0, Global($"vrrp_notify_fifo {fifo}") + lab.Instance(150));
        lab.WriteConfig(1, Global($"vrrp_notify_fifo {fifo}-1") + lab.Instance(100));
        lab.StartMasterThenBackup(Patience);
        for (var round = 1; round <= 3; round++)
        {
            lab.FaultAndPreemptBack(NetworkLab.Interface, Patience, round);
        }
        Assert.True(lab.HasAddress(0, lab.Vip(100)));
    }
}
