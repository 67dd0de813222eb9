using HaDaemon.Hosting;

namespace HaDaemon.Tests.Hosting;

public class PidFileTests
{
    [Fact]
    public void Written_then_removed_while_it_holds_our_pid()
    {
        var path = Path.Combine(Path.GetTempPath(), "hadaemon-" + Guid.NewGuid().ToString("N"), "x.pid");
        using (var pid = new PidFile(path, 12345))
        {
            pid.Write();
            Assert.Equal("12345\n", File.ReadAllText(path));
        }
        Assert.False(File.Exists(path));
        Directory.Delete(Path.GetDirectoryName(path)!);
    }

    [Fact]
    public void A_file_taken_over_by_another_instance_is_left_alone()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var pid = new PidFile(path, 12345))
            {
                pid.Write();
                File.WriteAllText(path, "999\n");
            }
            Assert.True(File.Exists(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_live_other_process_is_detected_and_a_stale_one_is_not()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Environment.ProcessId + "\n");
            Assert.Equal(Environment.ProcessId, new PidFile(path, Environment.ProcessId + 1).RunningOther());
            Assert.Null(new PidFile(path, Environment.ProcessId).RunningOther());
            File.WriteAllText(path, "999999999\n");
            Assert.Null(new PidFile(path, 1).RunningOther());
            File.WriteAllText(path, "garbage");
            Assert.Null(new PidFile(path, 1).RunningOther());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
