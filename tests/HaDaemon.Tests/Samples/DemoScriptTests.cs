using HaDaemon.Tests.Interop;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Samples;

/// <summary>
/// ./demo.sh (the README's first command) with samples/demo/keepalived.conf, run as a user would, against this
/// build's hadaemon: it must finish with exit code 0, report each failover, and remove its hd-demo-* namespaces.
/// demo.sh uses fixed namespace names (hd-demo-lan/node1/node2) and deletes leftovers of an earlier run itself.
/// </summary>
public sealed class DemoScriptTests
{
    [NetnsFact("bash")]
    public void Demo_script_runs_the_failovers_and_leaves_no_namespace_behind()
    {
        NetnsRequirement.Ensure();
        var binary = HadaemonProcess.Executable
                     ?? throw new InvalidOperationException("no hadaemon apphost beside the tests and HADAEMON_BIN is unset");
        var info = new System.Diagnostics.ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Root, "demo.sh"));
        info.Environment["HADAEMON_BIN"] = binary;
        using var demo = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("cannot start demo.sh");
        var output = demo.StandardOutput.ReadToEndAsync();
        var error = demo.StandardError.ReadToEndAsync();
        if (!demo.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            // Only the script we started (its own cleanup trap kills its daemons and deletes its namespaces).
            demo.Kill(entireProcessTree: true);
            demo.WaitForExit();
        }
        var text = output.Result + error.Result;

        Assert.True(demo.ExitCode == 0, $"demo.sh exited {demo.ExitCode}:\n{text}");
        Assert.Contains("node1 is MASTER and holds 192.168.42.100; node2 is BACKUP", text, StringComparison.Ordinal);
        Assert.Matches(@"node2 took 192\.168\.42\.100 in \d+ ms \(RFC", text);
        Assert.Matches(@"node1 took 192\.168\.42\.100 back \d+ ms after it started as BACKUP", text);
        Assert.Matches(@"node2 took 192\.168\.42\.100 in \d+ ms after the kill", text);
        Assert.Matches(@"node1: INSTANCE DEMO MASTER priority 200", text);
        var left = ProcessRunner.Check("ip", "netns", "list");
        Assert.DoesNotContain("hd-demo-", left, StringComparison.Ordinal);
    }
}
