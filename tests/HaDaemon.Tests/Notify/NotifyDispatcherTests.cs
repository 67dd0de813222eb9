using System.Threading.Channels;
using HaDaemon.Notify;
using HaDaemon.Scripts;
using HaDaemon.Tests.Scripts;

namespace HaDaemon.Tests.Notify;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NotifyDispatcherTests : TempDirTest
{
    private readonly ListLogger _logger = new();

    private static NotifyEvent Instance(string name, NotifyState state, int prio, long id, NotifyScripts scripts) =>
        new(NotifyTargetKind.Instance, name, state, prio, id, scripts);

    private static async Task<List<NotifyScriptReport>> Collect(ChannelReader<NotifyScriptReport> reader, int count)
    {
        var list = new List<NotifyScriptReport>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (list.Count < count)
        {
            list.Add(await reader.ReadAsync(limit.Token));
        }

        return list;
    }

    /// <summary>A script that appends "LABEL $* id=$HADAEMON_TRANSITION_ID" to a log after sleeping.</summary>
    private ScriptCommand Logging(string label, string log, double sleep = 0) =>
        new(Tmp.Write(label + ".sh", $"#!/bin/sh\nsleep {sleep.ToString(System.Globalization.CultureInfo.InvariantCulture)}\necho {label} \"$@\" \"id=$HADAEMON_TRANSITION_ID\" >> {log}\n"));

    [Fact]
    public async Task One_instance_runs_specific_then_generic_in_transition_order_despite_a_slow_script()
    {
        var log = Tmp.Path("order.log");
        var scripts = new NotifyScripts(
            Master: Logging("master", log, sleep: 0.4),
            Backup: Logging("backup", log),
            Generic: Logging("notify", log));
        var reports = Channel.CreateUnbounded<NotifyScriptReport>();
        await using var dispatcher = new NotifyDispatcher(new NotifyDispatcherOptions(), _logger, reports: reports.Writer);
        dispatcher.Start();
        dispatcher.Notify(Instance("VI_1", NotifyState.Master, 100, 1, scripts));
        dispatcher.Notify(Instance("VI_1", NotifyState.Backup, 90, 2, scripts));
        dispatcher.Notify(Instance("VI_1", NotifyState.Master, 100, 3, scripts));
        await Collect(reports.Reader, 6);

        Assert.Equal(
            [
                "master id=1", "notify INSTANCE VI_1 MASTER 100 id=1",
                "backup id=2", "notify INSTANCE VI_1 BACKUP 90 id=2",
                "master id=3", "notify INSTANCE VI_1 MASTER 100 id=3",
            ],
            File.ReadAllLines(log));
    }

    [Fact]
    public async Task Different_instances_run_concurrently()
    {
        var log = Tmp.Path("both.log");
        var slow = new NotifyScripts(Master: Logging("slow", log, sleep: 1.0));
        var fast = new NotifyScripts(Master: Logging("fast", log));
        var reports = Channel.CreateUnbounded<NotifyScriptReport>();
        await using var dispatcher = new NotifyDispatcher(new NotifyDispatcherOptions(), _logger, reports: reports.Writer);
        dispatcher.Start();
        dispatcher.Notify(Instance("VI_A", NotifyState.Master, 100, 1, slow));
        dispatcher.Notify(Instance("VI_B", NotifyState.Master, 100, 2, fast));
        var done = await Collect(reports.Reader, 2);

        Assert.Equal(["VI_B", "VI_A"], done.Select(r => r.Event.Name));
        Assert.Equal(["fast id=2", "slow id=1"], File.ReadAllLines(log));
    }

    [Fact]
    public async Task Generic_script_gets_the_four_arguments_and_groups_report_priority_zero()
    {
        var log = Tmp.Path("generic.log");
        var scripts = new NotifyScripts(Generic: Logging("notify", log));
        var reports = Channel.CreateUnbounded<NotifyScriptReport>();
        await using var dispatcher = new NotifyDispatcher(new NotifyDispatcherOptions(), _logger, reports: reports.Writer);
        dispatcher.Start();
        dispatcher.Notify(Instance("VI_1", NotifyState.Fault, 77, 5, scripts));
        await Collect(reports.Reader, 1);
        dispatcher.Notify(new NotifyEvent(NotifyTargetKind.Group, "G1", NotifyState.Backup, 150, 6, scripts));
        await Collect(reports.Reader, 1);
        dispatcher.Notify(Instance("VI_1", NotifyState.Deleted, 77, 7, scripts));
        await Collect(reports.Reader, 1);
        dispatcher.Notify(Instance("VI_1", NotifyState.Deleted, 77, 8, scripts with { NotifyDeleted = true }));
        await Collect(reports.Reader, 1);

        Assert.Equal(
            [
                "notify INSTANCE VI_1 FAULT 77 id=5",
                "notify GROUP G1 BACKUP 0 id=6",
                "notify INSTANCE VI_1 FAULT 77 id=7",
                "notify INSTANCE VI_1 DELETED 77 id=8",
            ],
            File.ReadAllLines(log));
    }

    [Fact]
    public async Task A_failing_script_is_logged_with_exit_code_and_stderr_and_the_queue_goes_on()
    {
        var log = Tmp.Path("after.log");
        var failing = new ScriptCommand(Tmp.Write("fail.sh", "#!/bin/sh\necho 'vip api down' >&2\nexit 7\n"));
        var reports = Channel.CreateUnbounded<NotifyScriptReport>();
        await using var dispatcher = new NotifyDispatcher(new NotifyDispatcherOptions(), _logger, reports: reports.Writer);
        dispatcher.Start();
        dispatcher.Notify(Instance("VI_1", NotifyState.Master, 100, 1, new NotifyScripts(Master: failing, Generic: Logging("notify", log))));
        var done = await Collect(reports.Reader, 2);

        Assert.Equal(7, done[0].Result.ExitCode);
        Assert.True(done[1].Result.Succeeded);
        Assert.Contains(_logger.Messages, m => m.Contains("exit 7", StringComparison.Ordinal) && m.Contains("vip api down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_scripts_are_killed_after_the_stop_timeout()
    {
        var hang = new ScriptCommand(Tmp.Write("stop.sh", "#!/bin/sh\ntrap '' TERM\nsleep 1000\n"));
        var reports = Channel.CreateUnbounded<NotifyScriptReport>();
        var options = new NotifyDispatcherOptions { StopScriptTimeout = TimeSpan.FromMilliseconds(300) };
        await using var dispatcher = new NotifyDispatcher(options, _logger, reports: reports.Writer);
        dispatcher.Start();
        dispatcher.Notify(Instance("VI_1", NotifyState.Stop, 100, 1, new NotifyScripts(Stop: hang)));
        var done = await Collect(reports.Reader, 1);

        Assert.Equal(ScriptOutcome.Timeout, done[0].Result.Outcome);
        Assert.Equal(9, done[0].Result.Signal); // SIGKILL at once, no SIGTERM grace
    }

    [Fact]
    public async Task Notify_does_not_block_the_caller_on_a_slow_script()
    {
        var slow = new NotifyScripts(Master: new ScriptCommand(Tmp.Write("slow.sh", "#!/bin/sh\nsleep 1000\n")));
        var dispatcher = new NotifyDispatcher(new NotifyDispatcherOptions { ShutdownDrainLimit = TimeSpan.FromMilliseconds(200) }, _logger);
        dispatcher.Start();
        var call = Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                dispatcher.Notify(Instance("VI_1", NotifyState.Master, 100, i, slow));
            }
        });
        await call.WaitAsync(TimeSpan.FromSeconds(5));
        await dispatcher.StopAsync().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Contains(_logger.Messages, m => m.Contains("terminating them", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shutdown_drain_fits_in_the_daemon_stop_budget_with_room_to_kill_what_is_left()
    {
        // A hung notify script at SIGTERM: the drain runs out, the scripts are killed, the FIFOs closed — all before
        // the host gives up on the stop (which would exit 1 and leave the scripts running).
        var drain = new NotifyDispatcherOptions().ShutdownDrainLimit;
        Assert.True(drain + TimeSpan.FromSeconds(1) <= HaDaemon.Hosting.DaemonService.StopBudget, $"drain {drain} vs budget {HaDaemon.Hosting.DaemonService.StopBudget}");
    }
}
