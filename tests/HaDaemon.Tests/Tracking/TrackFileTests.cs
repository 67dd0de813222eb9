using System.Text;
using System.Threading.Channels;
using FsCheck;
using FsCheck.Fluent;
using HaDaemon.Tests.Scripts;
using HaDaemon.Tracking;

namespace HaDaemon.Tests.Tracking;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TrackFileTests : TempDirTest
{

    [Theory]
    [InlineData("12\n", 12L)]
    [InlineData("  \t-5 trailing", -5L)]
    [InlineData("+7", 7L)]
    [InlineData("0x10", 16L)]
    [InlineData("0X1f\n", 31L)]
    [InlineData("010", 8L)]
    [InlineData("08", 0L)]
    [InlineData("0x", 0L)]
    [InlineData("12abc", 12L)]
    [InlineData("abc", 0L)]
    [InlineData("", 0L)]
    [InlineData("2147483648", 2147483648L)]
    [InlineData("-2147483648", -2147483648L)]
    public void Parses_like_strtol_base_0(string text, long expected) =>
        Assert.Equal(expected, TrackFileParser.Parse(Encoding.ASCII.GetBytes(text)));

    [Theory]
    [InlineData("2147483649")]
    [InlineData("-2147483649")]
    [InlineData("99999999999999999999999")]
    [InlineData("-9223372036854775809")]
    public void Out_of_range_values_are_ignored(string text) => Assert.Null(TrackFileParser.Parse(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Any_int_round_trips() =>
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll<int>(i =>
            TrackFileParser.Parse(Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n")) == i));

    [Fact]
    public void Arbitrary_bytes_never_throw() =>
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll<byte[]>(b => TrackFileParser.Parse(b ?? []) is null or >= int.MinValue));

    [Fact]
    public void Missing_file_reads_as_zero() => Assert.Equal(0L, TrackFileParser.ReadFile(Tmp.Path("absent")));

    [Fact]
    public void Init_file_creates_missing_file_and_overwrites_only_when_asked()
    {
        var file = new TrackFileDefinition("tf", Tmp.Path("tf"));
        Assert.Null(TrackFileInitializer.Apply(file, 5, overwrite: false));
        Assert.Equal("5\n", File.ReadAllText(file.Path));
        Assert.Null(TrackFileInitializer.Apply(file, 9, overwrite: false));
        Assert.Equal("5\n", File.ReadAllText(file.Path));
        Assert.Null(TrackFileInitializer.Apply(file, -3, overwrite: true));
        Assert.Equal("-3\n", File.ReadAllText(file.Path));

        var fifo = new TrackFileDefinition("ff", Tmp.Path("ff"));
        using (HaDaemon.Notify.NotifyFifo.Open(new HaDaemon.Notify.NotifyFifoDefinition(fifo.Path), new ListLogger()))
        {
            Assert.Equal("Cannot initialise track file ff - it is not a regular file", TrackFileInitializer.Apply(fifo, 1, overwrite: true));
        }
    }

    /// <summary>
    /// A rewrite is read when its writer closes the file (keepalived's IN_CLOSE_WRITE), not at the truncation that
    /// starts it: a slow writer must not make the value 0 in between (regression: FileSystemWatcher reported the
    /// truncation's IN_MODIFY and the empty file was read as 0 on a loaded machine).
    /// </summary>
    [Fact]
    public async Task A_slow_rewrite_is_read_once_closed_never_half_done()
    {
        var path = Tmp.Write("slow", "10\n");
        var channel = Channel.CreateUnbounded<TrackFileValue>();
        using var monitor = new TrackFileMonitor([new TrackFileDefinition("slow", path)], channel.Writer, new ListLogger());
        monitor.Start();
        Assert.Equal(new TrackFileValue("slow", 10), await Next(channel));

        await using (var writer = new FileStream(path, FileMode.Truncate, FileAccess.Write))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(400)); // truncated and still open: well past the 50 ms coalescing
            await writer.WriteAsync("-7\n"u8.ToArray());
        }
        Assert.Equal(new TrackFileValue("slow", -7), await Next(channel));
    }

    [Fact]
    public async Task Reports_the_initial_value_and_every_change()
    {
        var path = Tmp.Write("weight", "10\n");
        var channel = Channel.CreateUnbounded<TrackFileValue>();
        var logger = new ListLogger();
        using var monitor = new TrackFileMonitor([new TrackFileDefinition("tf", path)], channel.Writer, logger);
        monitor.Start();
        Assert.Equal(new TrackFileValue("tf", 10), await Next(channel));

        await File.WriteAllTextAsync(path, "-20\n");
        Assert.Equal(new TrackFileValue("tf", -20), await Next(channel));

        // Replaced by rename, the way careful writers update files.
        var staged = Tmp.Write("weight.new", "30\n");
        File.Move(staged, path, overwrite: true);
        Assert.Equal(new TrackFileValue("tf", 30), await Next(channel));

        File.Delete(path);
        Assert.Equal(new TrackFileValue("tf", 0), await Next(channel));

        await File.WriteAllTextAsync(path, "garbage-but-zero");
        await File.WriteAllTextAsync(path, "99999999999999");
        await File.WriteAllTextAsync(path, "4");
        Assert.Equal(new TrackFileValue("tf", 4), await Next(channel));
        Assert.Equal(4, monitor.ValueOf("tf"));
    }

    private static async Task<TrackFileValue> Next(Channel<TrackFileValue> channel)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await channel.Reader.ReadAsync(limit.Token);
    }
}
