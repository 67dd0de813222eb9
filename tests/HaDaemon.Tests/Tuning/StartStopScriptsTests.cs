using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;
using HaDaemon.Tests.Scripts;
using HaDaemon.Tuning;

namespace HaDaemon.Tests.Tuning;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StartStopScriptsTests : TempDirTest
{
    private static ScriptInvocation Invocation(params string[] argv) =>
        new(string.Join(' ', argv), argv, null, null, false, new SourceLocation("/x.conf", 1, 1));

    [Fact]
    public async Task The_script_runs_to_completion_with_its_arguments()
    {
        var script = Tmp.Write("up.sh", "#!/bin/sh\necho \"$1\" > " + Tmp.Path("ran") + "\n");
        var logger = new ListLogger();
        await StartStopScripts.RunAsync(Invocation(script, "hello"), TimeSpan.FromSeconds(10), "startup", logger);
        Assert.Equal("hello", File.ReadAllText(Tmp.Path("ran")).Trim());
        Assert.DoesNotContain(logger.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Information);
    }

    [Fact]
    public async Task A_failing_script_is_logged_with_its_status()
    {
        var script = Tmp.Write("down.sh", "#!/bin/sh\nexit 3\n");
        var logger = new ListLogger();
        await StartStopScripts.RunAsync(Invocation(script), TimeSpan.FromSeconds(10), "shutdown", logger);
        Assert.Contains("shutdown script script failed, status 3", logger.Messages);
    }

    [Fact]
    public async Task A_hung_script_is_killed_at_its_timeout()
    {
        var script = Tmp.Write("hang.sh", "#!/bin/sh\necho $$ > " + Tmp.Path("pid") + "\nexec sleep 600\n");
        var logger = new ListLogger();
        await StartStopScripts.RunAsync(Invocation(script), TimeSpan.FromSeconds(1), "shutdown", logger);
        Assert.Contains("shutdown script timed out", logger.Messages);
        var pid = await Tmp.ReadPid("pid");
        Assert.True(await TempScripts.Eventually(() => TempScripts.ProcessIsGone(pid), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task No_script_is_nothing_and_a_missing_one_is_logged()
    {
        var logger = new ListLogger();
        await StartStopScripts.RunAsync(null, TimeSpan.FromSeconds(1), "startup", logger);
        Assert.Empty(logger.Entries);
        await StartStopScripts.RunAsync(Invocation(Tmp.Path("absent.sh")), TimeSpan.FromSeconds(1), "startup", logger);
        Assert.Contains(logger.Messages, m => m.StartsWith("Call of startup script", StringComparison.Ordinal));
    }
}
