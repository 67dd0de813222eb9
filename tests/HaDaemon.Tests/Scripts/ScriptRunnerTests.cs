using HaDaemon.Scripts;

namespace HaDaemon.Tests.Scripts;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ScriptRunnerTests : TempDirTest
{
    private readonly ScriptRunner _runner = ScriptRunner.Instance;

    [Fact]
    public async Task Exit_zero_is_success_and_stdout_is_captured()
    {
        var script = Tmp.Write("ok.sh", "#!/bin/sh\necho hello\nexit 0\n");
        var result = await _runner.RunAsync(new ScriptCommand(script));
        Assert.Equal(ScriptOutcome.Success, result.Outcome);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello\n", result.StdoutTail);
    }

    [Fact]
    public async Task Non_zero_exit_is_failure_with_code_and_stderr_tail()
    {
        var script = Tmp.Write("fail.sh", "#!/bin/sh\necho 'disk on fire' >&2\nexit 3\n");
        var result = await _runner.RunAsync(new ScriptCommand(script));
        Assert.Equal(ScriptOutcome.Failure, result.Outcome);
        Assert.Equal(3, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.Equal("disk on fire\n", result.StderrTail);
        Assert.Equal("exit 3", result.Describe());
    }

    [Fact]
    public async Task Stderr_tail_is_bounded()
    {
        var script = Tmp.Write("chatty.sh", "#!/bin/sh\ni=0\nwhile [ $i -lt 2000 ]; do echo line$i >&2; i=$((i+1)); done\necho END >&2\n");
        var result = await _runner.RunAsync(new ScriptCommand(script), new ScriptRunOptions { OutputTailBytes = 64 });
        Assert.Equal(ScriptOutcome.Success, result.Outcome);
        Assert.Equal(64, result.StderrTail.Length);
        Assert.EndsWith("line1999\nEND\n", result.StderrTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killed_by_signal_is_failure_with_the_signal()
    {
        var script = Tmp.Write("sig.sh", "#!/bin/sh\nkill -KILL $$\n");
        var result = await _runner.RunAsync(new ScriptCommand(script));
        Assert.Equal(ScriptOutcome.Failure, result.Outcome);
        Assert.Equal(9, result.Signal);
        Assert.Null(result.ExitCode);
    }

    [Fact]
    public async Task Timeout_terminates_the_whole_process_group_including_a_grandchild()
    {
        var script = Tmp.Write("hang.sh", $"#!/bin/sh\nsleep 1000 &\necho $! > {Tmp.Path("gc.pid")}\nwait\n");
        var (result, grandchild) = await RunUntilGrandchildStarted(script, "gc.pid", timeout => new ScriptRunOptions { Timeout = timeout });
        Assert.Equal(ScriptOutcome.Timeout, result.Outcome);
        Assert.Equal(15, result.Signal);
        Assert.True(await TempScripts.Eventually(() => TempScripts.ProcessIsGone(grandchild), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Timeout_escalates_to_SIGKILL_when_SIGTERM_is_ignored()
    {
        // trap '' TERM sets SIG_IGN, which the backgrounded grandchild inherits: only SIGKILL ends either of them.
        var script = Tmp.Write("stubborn.sh", $"#!/bin/sh\ntrap '' TERM\nsleep 1000 &\necho $! > {Tmp.Path("gc.pid")}\nwait\nwait\n");
        var (result, grandchild) = await RunUntilGrandchildStarted(
            script, "gc.pid", timeout => new ScriptRunOptions { Timeout = timeout, TermGrace = TimeSpan.FromMilliseconds(400) });
        Assert.Equal(ScriptOutcome.Timeout, result.Outcome);
        Assert.Equal(9, result.Signal);
        Assert.True(result.Duration >= TimeSpan.FromMilliseconds(700), result.Duration.ToString());
        Assert.True(await TempScripts.Eventually(() => TempScripts.ProcessIsGone(grandchild), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_backgrounded_grandchild_holding_the_pipes_does_not_hold_back_the_result()
    {
        var script = Tmp.Write("daemonize.sh", $"#!/bin/sh\nsleep 60 &\necho $! > {Tmp.Path("bg.pid")}\necho started\nexit 0\n");
        var result = await _runner.RunAsync(new ScriptCommand(script)).WaitAsync(TimeSpan.FromSeconds(30));
        var grandchild = await Tmp.ReadPid("bg.pid");
        try
        {
            Assert.Equal(ScriptOutcome.Success, result.Outcome);
            Assert.Equal("started\n", result.StdoutTail);
            Assert.False(TempScripts.ProcessIsGone(grandchild)); // a normal exit does not kill what the script left running
        }
        finally
        {
            System.Diagnostics.Process.GetProcessById(grandchild).Kill(); // by pid: the sleep this test started
        }
    }

    [Fact]
    public async Task Cancellation_terminates_the_group()
    {
        var script = Tmp.Write("long.sh", $"#!/bin/sh\necho $$ > {Tmp.Path("me.pid")}\nsleep 1000\n");
        using var cts = new CancellationTokenSource();
        var run = _runner.RunAsync(new ScriptCommand(script), cancellation: cts.Token);
        var pid = await Tmp.ReadPid("me.pid");
        await cts.CancelAsync();
        var result = await run;
        Assert.Equal(ScriptOutcome.Cancelled, result.Outcome);
        Assert.True(TempScripts.ProcessIsGone(pid));
    }

    [Fact]
    public async Task Non_executable_script_is_a_clear_not_started_result()
    {
        var script = Tmp.Write("noexec.sh", "#!/bin/sh\nexit 0\n", (UnixFileMode)0b110_100_100);
        var result = await _runner.RunAsync(new ScriptCommand(script));
        Assert.Equal(ScriptOutcome.NotStarted, result.Outcome);
        Assert.Contains("not executable", result.Error, StringComparison.Ordinal);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Missing_script_is_a_clear_not_started_result()
    {
        var result = await _runner.RunAsync(new ScriptCommand(Tmp.Path("nope.sh")));
        Assert.Equal(ScriptOutcome.NotStarted, result.Outcome);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);

        var bare = await _runner.RunAsync(new ScriptCommand("hadaemon-no-such-command-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(ScriptOutcome.NotStarted, bare.Outcome);
        Assert.Contains("Cannot find script", bare.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_without_shebang_runs_through_the_shell_like_keepalived()
    {
        var script = Tmp.Write("plain.sh", "echo from-shell \"$1\"\nexit 4\n");
        var plan = ScriptLaunchPlan.Resolve(new ScriptCommand(script, "x"), [], null, out _);
        Assert.NotNull(plan);
        Assert.True(plan.ViaShell);
        Assert.Equal(["/bin/sh", "-c", $"'{script}' 'x'"], plan.Argv);

        var result = await _runner.RunAsync(new ScriptCommand(script, "x"));
        Assert.Equal(4, result.ExitCode);
        Assert.Equal("from-shell x\n", result.StdoutTail);
    }

    [Fact]
    public async Task Arguments_arrive_literally_without_shell_interpretation()
    {
        var script = Tmp.Write("args.sh", "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n");
        var plan = ScriptLaunchPlan.Resolve(new ScriptCommand(script), [], null, out _);
        Assert.False(plan!.ViaShell);

        var result = await _runner.RunAsync(new ScriptCommand(script, "two words", "$HOME", "it's", "*"));
        Assert.Equal("[two words]\n[$HOME]\n[it's]\n[*]\n", result.StdoutTail);
    }

    [Fact]
    public async Task Bare_command_names_are_searched_in_PATH()
    {
        Assert.Equal(ScriptOutcome.Success, (await _runner.RunAsync(new ScriptCommand("true"))).Outcome);
        var failed = await _runner.RunAsync(new ScriptCommand("false"));
        Assert.Equal(ScriptOutcome.Failure, failed.Outcome);
        Assert.Equal(1, failed.ExitCode);
    }

    [Fact]
    public async Task File_readability_test_runs_through_the_shell()
    {
        var readable = Tmp.Write("data", "x");
        Assert.True(ScriptLaunchPlan.Resolve(new ScriptCommand("<" + readable), [], null, out _)!.ViaShell);
        Assert.Equal(ScriptOutcome.Success, (await _runner.RunAsync(new ScriptCommand("<" + readable))).Outcome);
        Assert.Equal(ScriptOutcome.Failure, (await _runner.RunAsync(new ScriptCommand("< " + Tmp.Path("absent")))).Outcome);
    }

    [Fact]
    public async Task Extra_arguments_and_environment_are_passed()
    {
        var script = Tmp.Write("env.sh", "#!/bin/sh\necho \"$1 $2 $HADAEMON_TRANSITION_ID\"\n");
        var options = new ScriptRunOptions
        {
            ExtraArgs = ["INSTANCE", "VI_1"],
            ExtraEnvironment = new Dictionary<string, string> { ["HADAEMON_TRANSITION_ID"] = "42" },
        };
        var result = await _runner.RunAsync(new ScriptCommand(script), options);
        Assert.Equal("INSTANCE VI_1 42\n", result.StdoutTail);
    }

    [Fact]
    public void Environment_drops_IFS_and_loader_overrides()
    {
        var env = ScriptEnvironment.Build(new Dictionary<string, string> { ["HADAEMON_X"] = "1" });
        Assert.Contains("HADAEMON_X=1", env);
        Assert.DoesNotContain(env, e => e.StartsWith("IFS=", StringComparison.Ordinal)
            || e.StartsWith("LD_PRELOAD=", StringComparison.Ordinal) || e.StartsWith("LD_LIBRARY_PATH=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Script_runs_in_its_own_process_group()
    {
        var result = await _runner.RunAsync(new ScriptCommand("/bin/sh", "-c", "ps -o pgid= -p $$"));
        Assert.Equal(result.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), result.StdoutTail.Trim());
    }

    [Fact]
    public async Task Runs_as_the_configured_user()
    {
        var result = await _runner.RunAsync(new ScriptCommand(["/usr/bin/id", "-u"], "nobody"));
        if (Environment.UserName != "root")
        {
            Assert.Equal(ScriptOutcome.Failure, result.Outcome); // setpriv needs root
            return;
        }

        Assert.Equal(ScriptOutcome.Success, result.Outcome);
        Assert.Equal("65534\n", result.StdoutTail);
        var unknown = await _runner.RunAsync(new ScriptCommand(["/usr/bin/id"], "hadaemon-no-such-user"));
        Assert.Equal(ScriptOutcome.NotStarted, unknown.Outcome);
    }

    [Fact]
    public async Task Coexists_with_dotnet_Process_children()
    {
        // .NET reaps only the pids of its own Process objects; our waitpid(pid) must still see every exit status.
        var ours = Enumerable.Range(0, 10).Select(i => _runner.RunAsync(new ScriptCommand("/bin/sh", "-c", "exit " + i))).ToArray();
        var theirs = Enumerable.Range(0, 10).Select(_ =>
        {
            using var p = System.Diagnostics.Process.Start("/bin/true")!;
            p.WaitForExit();
            return p.ExitCode;
        }).ToArray();
        var results = await Task.WhenAll(ours);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (int?)i), results.Select(r => r.ExitCode));
        Assert.All(theirs, code => Assert.Equal(0, code));
    }

    /// <summary>
    /// Runs a script that starts a grandchild and writes its pid, then hangs until its timeout. On a starved machine
    /// the timeout can fire before the script even forked; that run proves nothing about grandchildren, so it is
    /// repeated with a longer timeout (the first one, 300 ms, is what passes on a normal machine).
    /// </summary>
    private async Task<(ScriptRunResult Result, int Grandchild)> RunUntilGrandchildStarted(
        string script, string pidFile, Func<TimeSpan, ScriptRunOptions> options)
    {
        foreach (var timeout in new[] { 300, 2_000, 10_000 })
        {
            File.Delete(Tmp.Path(pidFile));
            var run = _runner.RunAsync(new ScriptCommand(script), options(TimeSpan.FromMilliseconds(timeout)));
            var grandchild = await Tmp.ReadPidUnless(pidFile, run);
            var result = await run;
            if (grandchild is { } pid)
            {
                return (result, pid);
            }
        }

        throw new TimeoutException("the script never started its grandchild before its timeout, even with 10 s");
    }
}
