using System.Text;
using HaDaemon.Notify;
using HaDaemon.Scripts;
using HaDaemon.Tests.Scripts;

namespace HaDaemon.Tests.Notify;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NotifyFifoTests : TempDirTest
{
    private readonly ListLogger _logger = new();

    private static NotifyEvent Ev(NotifyTargetKind kind, string name, NotifyState state, int prio, bool notifyDeleted = false) =>
        new(kind, name, state, prio, 1, NotifyScripts.None with { NotifyDeleted = notifyDeleted });

    [Fact]
    public async Task Fifo_lines_are_exactly_keepalived_lines()
    {
        var path = Tmp.Path("notify.fifo");
        var dispatcher = new NotifyDispatcher(new NotifyDispatcherOptions { Fifos = [new NotifyFifoDefinition(path)] }, _logger);
        dispatcher.Start();
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(path) & (UnixFileMode)0b111_111_111);

        dispatcher.Notify(Ev(NotifyTargetKind.Instance, "VI_1", NotifyState.Master, 100));
        dispatcher.Notify(Ev(NotifyTargetKind.Group, "G1", NotifyState.Backup, 100));
        dispatcher.Notify(Ev(NotifyTargetKind.Instance, "VI_1", NotifyState.MasterRxLowerPri, 100));
        dispatcher.Notify(Ev(NotifyTargetKind.Instance, "VI_1", NotifyState.MasterPriority, 90));
        dispatcher.Notify(Ev(NotifyTargetKind.Instance, "VI_2", NotifyState.BackupPriority, 80));
        dispatcher.Notify(Ev(NotifyTargetKind.Instance, "VI_2", NotifyState.Fault, 80));
        dispatcher.Notify(Ev(NotifyTargetKind.Instance, "VI_2", NotifyState.Stop, 80));
        dispatcher.Notify(Ev(NotifyTargetKind.Instance, "VI_3", NotifyState.Deleted, 10));
        dispatcher.Notify(Ev(NotifyTargetKind.Instance, "VI_3", NotifyState.Deleted, 10, notifyDeleted: true));

        // The lines were buffered in the FIFO (opened O_RDWR, as keepalived does); a late reader gets them all.
        const string Expected =
            "INSTANCE \"VI_1\" MASTER 100\n" +
            "GROUP \"G1\" BACKUP 0\n" +
            "INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 100\n" +
            "INSTANCE \"VI_1\" MASTER_PRIORITY 90\n" +
            "INSTANCE \"VI_2\" BACKUP_PRIORITY 80\n" +
            "INSTANCE \"VI_2\" FAULT 80\n" +
            "INSTANCE \"VI_2\" STOP 80\n" +
            "INSTANCE \"VI_3\" FAULT 10\n" +
            "INSTANCE \"VI_3\" DELETED 10\n";
        await using (var reader = new FileStream(path, FileMode.Open, FileAccess.Read))
        {
            var buffer = new byte[4096];
            var got = new StringBuilder();
            while (got.Length < Expected.Length)
            {
                var n = await reader.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
                got.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }

            Assert.Equal(Expected, got.ToString());
        }

        await dispatcher.StopAsync();
        Assert.False(File.Exists(path)); // we created it, so we remove it, like keepalived
    }

    [Fact]
    public async Task A_fifo_nobody_reads_never_blocks_lines_are_dropped_and_counted()
    {
        var path = Tmp.Path("unread.fifo");
        var dispatcher = new NotifyDispatcher(new NotifyDispatcherOptions { Fifos = [new NotifyFifoDefinition(path)] }, _logger);
        dispatcher.Start();
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 5000; i++)
            {
                dispatcher.Notify(Ev(NotifyTargetKind.Instance, "VI_" + i, NotifyState.Backup, 100));
            }
        });
        await writer.WaitAsync(TimeSpan.FromSeconds(10));

        var fifo = Assert.Single(dispatcher.Fifos);
        Assert.Equal(5000, fifo.LinesWritten + fifo.LinesDropped);
        Assert.True(fifo.LinesDropped > 0);
        Assert.Contains(_logger.Messages, m => m.Contains("dropped", StringComparison.Ordinal));
        await dispatcher.StopAsync();
    }

    [Fact]
    public async Task An_existing_fifo_is_used_and_kept()
    {
        var path = Tmp.Path("existing.fifo");
        var first = NotifyFifo.Open(new NotifyFifoDefinition(path), _logger); // creates it
        var dispatcher = new NotifyDispatcher(new NotifyDispatcherOptions { Fifos = [new NotifyFifoDefinition(path)] }, _logger);
        dispatcher.Start();
        Assert.True(dispatcher.Fifos[0].IsOpen);
        await dispatcher.StopAsync();
        Assert.True(File.Exists(path));
        first.Dispose();
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Fifo_script_gets_the_fifo_path_as_last_argument_reads_lines_and_is_terminated_at_stop()
    {
        var path = Tmp.Path("scripted.fifo");
        var output = Tmp.Path("fifo-script.out");
        var script = Tmp.Write("reader.sh", $"#!/bin/sh\necho \"$$\" > {Tmp.Path("reader.pid")}\necho \"args: $*\" > {output}\nexec cat \"$2\" >> {output}\n");
        var dispatcher = new NotifyDispatcher(
            new NotifyDispatcherOptions { Fifos = [new NotifyFifoDefinition(path, new ScriptCommand(script, "first-arg"))] }, _logger);
        dispatcher.Start();
        var pid = await Tmp.ReadPid("reader.pid");
        dispatcher.Notify(Ev(NotifyTargetKind.Instance, "VI_9", NotifyState.Master, 200));
        Assert.True(await TempScripts.Eventually(
            () => File.Exists(output) && File.ReadAllText(output).Contains("INSTANCE \"VI_9\" MASTER 200\n", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10)));
        Assert.StartsWith($"args: first-arg {path}\n", File.ReadAllText(output), StringComparison.Ordinal);

        await dispatcher.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(TempScripts.ProcessIsGone(pid));
    }
}
