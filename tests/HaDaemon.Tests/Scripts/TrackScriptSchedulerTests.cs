using System.Threading.Channels;
using HaDaemon.Scripts;

namespace HaDaemon.Tests.Scripts;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TrackScriptSchedulerTests : TempDirTest
{

    [Fact]
    public async Task Runs_immediately_and_then_every_interval_reporting_each_run()
    {
        var ok = Tmp.Write("ok.sh", "#!/bin/sh\nexit 0\n");
        var bad = Tmp.Write("bad.sh", "#!/bin/sh\necho nope >&2\nexit 2\n");
        var channel = Channel.CreateUnbounded<TrackScriptResult>();
        var logger = new ListLogger();
        var scheduler = new TrackScriptScheduler(
            [
                new TrackScriptDefinition("chk_ok", new ScriptCommand(ok), TimeSpan.FromMilliseconds(150)),
                new TrackScriptDefinition("chk_bad", new ScriptCommand(bad), TimeSpan.FromMilliseconds(150)),
            ],
            channel.Writer, logger);
        scheduler.Start();
        var seen = new List<TrackScriptResult>();
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (seen.Count(r => r.Name == "chk_ok") < 3 || seen.Count(r => r.Name == "chk_bad") < 3)
            {
                seen.Add(await channel.Reader.ReadAsync(limit.Token));
            }
        }

        await scheduler.DisposeAsync();
        Assert.All(seen.Where(r => r.Name == "chk_ok"), r => Assert.True(r.Succeeded));
        Assert.All(seen.Where(r => r.Name == "chk_bad"), r =>
        {
            Assert.Equal(ScriptOutcome.Failure, r.Outcome);
            Assert.Equal(2, r.ExitCode);
            Assert.Equal("nope\n", r.StderrTail);
        });
    }

    [Fact]
    public async Task A_tick_while_the_previous_run_is_going_is_skipped_with_keepalived_log_text()
    {
        var slow = Tmp.Write("slow.sh", "#!/bin/sh\nsleep 0.7\n");
        var channel = Channel.CreateUnbounded<TrackScriptResult>();
        var logger = new ListLogger();
        var scheduler = new TrackScriptScheduler(
            [new TrackScriptDefinition("chk_slow", new ScriptCommand(slow), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5))],
            channel.Writer, logger);
        scheduler.Start();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = await channel.Reader.ReadAsync(limit.Token);
        await scheduler.DisposeAsync();

        Assert.True(first.Succeeded);
        Assert.Contains("Track script chk_slow is already running, expect idle - skipping run", logger.Messages);
        Assert.True(scheduler.SkippedRuns >= 2, scheduler.SkippedRuns.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Timeout_defaults_to_the_interval_and_is_reported_as_timeout()
    {
        var hang = Tmp.Write("hang.sh", "#!/bin/sh\nsleep 1000\n");
        var channel = Channel.CreateUnbounded<TrackScriptResult>();
        var definition = new TrackScriptDefinition("chk_hang", new ScriptCommand(hang), TimeSpan.FromMilliseconds(300));
        Assert.Equal(TimeSpan.FromMilliseconds(300), definition.EffectiveTimeout);
        var scheduler = new TrackScriptScheduler([definition], channel.Writer, new ListLogger());
        scheduler.Start();
        Assert.True(await TempScripts.Eventually(() => scheduler.StateOf("chk_hang") == TrackScriptState.Running, TimeSpan.FromSeconds(5)));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await channel.Reader.ReadAsync(limit.Token);
        await scheduler.DisposeAsync();
        Assert.Equal(ScriptOutcome.Timeout, result.Outcome);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task A_missing_script_reports_a_failed_run_instead_of_throwing()
    {
        var channel = Channel.CreateUnbounded<TrackScriptResult>();
        var scheduler = new TrackScriptScheduler(
            [new TrackScriptDefinition("chk_missing", new ScriptCommand(Tmp.Path("missing")), TimeSpan.FromSeconds(1))],
            channel.Writer, new ListLogger());
        scheduler.Start();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await channel.Reader.ReadAsync(limit.Token);
        await scheduler.DisposeAsync();
        Assert.Equal(ScriptOutcome.NotStarted, result.Outcome);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }
}
