using HaDaemon.Dumps;
using HaDaemon.Tests.Scripts;

namespace HaDaemon.Tests.Dumps;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DumpFileTests : TempDirTest
{

    [Fact]
    public void Dumps_are_written_with_mode_0600_replacing_the_old_file_without_leftovers()
    {
        var paths = new DumpPaths { Data = Tmp.Path("k.data"), Stats = Tmp.Path("k.stats"), Json = Tmp.Path("k.json") };
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

        Assert.Equal(3, Directory.GetFiles(Tmp.Dir).Length);
    }

    [Fact]
    public void An_unwritable_path_is_logged_not_thrown()
    {
        var logger = new ListLogger();
        var writer = new DumpWriter(new DumpPaths { Stats = Tmp.Path("no/such/dir/k.stats") }, logger);
        Assert.False(writer.WriteStats(DumpSamples.Snapshot()));
        Assert.Contains(logger.Messages, m => m.StartsWith("Can't open", StringComparison.Ordinal));
    }
}

public sealed class InstanceStatsMappingTests
{
    [Fact]
    public void Rejection_reasons_land_in_keepalived_buckets()
    {
        var rejections = new Dictionary<HaDaemon.Core.Packets.AdvertRejection, long>
        {
            [HaDaemon.Core.Packets.AdvertRejection.TooShort] = 1,
            [HaDaemon.Core.Packets.AdvertRejection.LengthMismatch] = 2,
            [HaDaemon.Core.Packets.AdvertRejection.TtlNot255] = 3,
            [HaDaemon.Core.Packets.AdvertRejection.BadType] = 4,
            [HaDaemon.Core.Packets.AdvertRejection.IntervalMismatch] = 5,
            [HaDaemon.Core.Packets.AdvertRejection.AuthTypeMismatch] = 6,
            [HaDaemon.Core.Packets.AdvertRejection.AuthPasswordMismatch] = 7,
        };
        var stats = InstanceStatsMapping.FromCounters(10, 20, 1, 2, 3, 4, 5, r => rejections.GetValueOrDefault(r));
        Assert.Equal(3UL, stats.PacketLengthErrors);
        Assert.Equal(3UL, stats.TtlErrors);
        Assert.Equal(4UL, stats.InvalidTypeReceived);
        Assert.Equal(5UL, stats.AdvertIntervalErrors);
        Assert.Equal(6UL, stats.AuthTypeMismatch);
        Assert.Equal(7UL, stats.AuthFailure);
        Assert.Equal(5UL, stats.AddressListErrors);
        Assert.Equal((10UL, 20UL, 1UL, 2UL, 3UL, 4UL), (stats.AdvertReceived, stats.AdvertSent, stats.BecameMaster, stats.ReleasedMaster, stats.PriorityZeroReceived, stats.PriorityZeroSent));
    }
}
