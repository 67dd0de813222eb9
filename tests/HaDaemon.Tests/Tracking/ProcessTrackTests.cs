using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using HaDaemon.Tests.Scripts;
using HaDaemon.Tracking;

namespace HaDaemon.Tests.Tracking;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProcessTrackTests : TempDirTest
{

    private static byte[] Args(params string[] args) => Encoding.ASCII.GetBytes(string.Concat(args.Select(a => a + "\0")));

    [Fact]
    public void Parameter_matching_follows_keepalived_check_params()
    {
        Assert.True(ProcessTable.CheckParams(ProcessParamMatch.Exact, Args("-f", "x"), Args("-f", "x")));
        Assert.False(ProcessTable.CheckParams(ProcessParamMatch.Exact, Args("-f", "x"), Args("-f", "x", "y")));
        Assert.True(ProcessTable.CheckParams(ProcessParamMatch.Exact, [], []));
        Assert.False(ProcessTable.CheckParams(ProcessParamMatch.Exact, [], Args("a")));
        Assert.True(ProcessTable.CheckParams(ProcessParamMatch.Partial, Args("-f"), Args("-f", "x")));
        Assert.False(ProcessTable.CheckParams(ProcessParamMatch.Partial, Args("-f", "x"), Args("-f", "xy")));
        Assert.True(ProcessTable.CheckParams(ProcessParamMatch.Initial, Args("-f", "x"), Args("-f", "xy", "z")));
        Assert.False(ProcessTable.CheckParams(ProcessParamMatch.Initial, Args("-g"), Args("-f")));
        Assert.True(ProcessTable.CheckParams(ProcessParamMatch.Partial, [], Args("anything")));
    }

    [Fact]
    public void Counts_by_comm_or_command_line_in_a_proc_tree()
    {
        var proc = Directory.CreateDirectory(Tmp.Path("proc")).FullName;
        void Fake(int pid, string comm, char state, params string[] argv)
        {
            var dir = Directory.CreateDirectory(Path.Combine(proc, pid.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            File.WriteAllText(Path.Combine(dir, "stat"), $"{pid} ({comm}) {state} 1 1 1 0 -1\n");
            File.WriteAllText(Path.Combine(dir, "comm"), comm + "\n");
            File.WriteAllBytes(Path.Combine(dir, "cmdline"), Args(argv));
        }

        Fake(10, "haproxy", 'S', "/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg");
        Fake(11, "haproxy", 'S', "/usr/sbin/haproxy", "-f", "/etc/other.cfg");
        Fake(12, "haproxy", 'Z');
        Fake(13, "my (odd) name", 'R', "x");
        Directory.CreateDirectory(Path.Combine(proc, "self"));

        var counts = ProcessTable.Count(
            [
                new TrackProcessDefinition("by_comm", "haproxy"),
                new TrackProcessDefinition("exact", "/usr/sbin/haproxy", ["-f", "/etc/haproxy.cfg"]),
                new TrackProcessDefinition("initial", "/usr/sbin/haproxy", ["-f", "/etc/"], ProcessParamMatch.Initial),
                new TrackProcessDefinition("full", "/usr/sbin/haproxy", FullCommand: true),
                new TrackProcessDefinition("odd", "my (odd) name"),
            ],
            proc);
        Assert.Equal(2, counts["by_comm"]); // the zombie does not count
        Assert.Equal(1, counts["exact"]);
        Assert.Equal(2, counts["initial"]);
        Assert.Equal(2, counts["full"]);
        Assert.Equal(1, counts["odd"]);
    }

    [Fact]
    public async Task Counts_a_real_process_and_notices_it_is_gone()
    {
        var unique = "1000." + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var channel = Channel.CreateUnbounded<TrackProcessCount>();
        var monitor = new ProcessTrackMonitor(
            [new TrackProcessDefinition("my_sleep", "sleep", [unique])],
            channel.Writer, new ListLogger(), TimeSpan.FromMilliseconds(100));
        monitor.Start();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(new TrackProcessCount("my_sleep", 0), await channel.Reader.ReadAsync(limit.Token));

        using var sleep = Process.Start("sleep", unique);
        try
        {
            Assert.Equal(new TrackProcessCount("my_sleep", 1), await channel.Reader.ReadAsync(limit.Token));
        }
        finally
        {
            sleep.Kill(); // by pid: only the process this test started
            await sleep.WaitForExitAsync(limit.Token);
        }

        Assert.Equal(new TrackProcessCount("my_sleep", 0), await channel.Reader.ReadAsync(limit.Token));
        await monitor.DisposeAsync();
    }
}
