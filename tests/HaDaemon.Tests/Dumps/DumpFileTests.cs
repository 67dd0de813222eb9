using HaDaemon.Dumps;
using HaDaemon.Tests.Scripts;

namespace HaDaemon.Tests.Dumps;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DumpFileTests : IDisposable
{
    private readonly TempScripts _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void Dumps_are_written_with_mode_0600_replacing_the_old_file_without_leftovers()
    {
        var paths = new DumpPaths { Data = _tmp.Path("k.data"), Stats = _tmp.Path("k.stats"), Json = _tmp.Path("k.json") };
        File.WriteAllText(paths.Stats, "old");
        File.SetUnixFileMode(paths.Stats, (UnixFileMode)0b110_110_110);
        var writer = new DumpWriter(paths, new ListLogger());
        var snapshot = DumpSamples.Snapshot();

        Assert.True(writer.WriteData(snapshot));
        Assert.True(writer.WriteStats(snapshot));
        Assert.True(writer.WriteJson(snapshot));

        Assert.Equal(StatsDumpWriter.Format(snapshot), File.ReadAllText(paths.Stats));
        Assert.Equal(JsonDumpWriter.Format(snapshot), File.ReadAllText(paths.Json));
        foreach (var path in new[] { paths.Data, paths.Stats, paths.Json })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(3, Directory.GetFiles(_tmp.Dir).Length);
    }

    [Fact]
    public void An_unwritable_path_is_logged_not_thrown()
    {
        var logger = new ListLogger();
        var writer = new DumpWriter(new DumpPaths { Stats = _tmp.Path("no/such/dir/k.stats") }, logger);
        Assert.False(writer.WriteStats(DumpSamples.Snapshot()));
        Assert.Contains(logger.Messages, m => m.StartsWith("Can't open", StringComparison.Ordinal));
    }
}
