using System.Net.Sockets;
using StatusListen = HaDaemon.Config.Model.StatusListen;
using HaDaemon.Status.Http;
using HaDaemon.Tests.Scripts;

namespace HaDaemon.Tests.Status.Http;

/// <summary>The socket file of a unix-socket endpoint: created 0660, a stale one replaced, nothing else ever deleted.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UnixSocketEndpointTests : TempDirTest
{
    private const UnixFileMode Mode0660 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    private static StatusServerStart StartAt(string path, ListLogger? logger = null) =>
        StatusHttpServer.Start(new StatusListen(null, null, path, default), false, StatusTestServer.FixedProvider, new StatusServerLimits(), logger ?? new ListLogger());

    private static bool IsSocket(string path) => UnixSocketFile.IsSocket(path);

    /// <summary>A socket file nobody listens on, as a crashed daemon leaves it: bound elsewhere, then renamed into
    /// place (renaming keeps it a socket) and the bound socket closed.</summary>
    private string MakeStaleSocket(string path)
    {
        var scratch = Tmp.Path("scratch.sock");
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(scratch));
            File.Move(scratch, path);
        }

        Assert.True(IsSocket(path));
        return path;
    }

    [Fact]
    public async Task The_socket_is_created_0660_and_removed_on_dispose()
    {
        var path = Tmp.Path("status.sock");
        var start = StartAt(path);
        Assert.True(start.IsSuccess, start.Error);
        Assert.True(IsSocket(path));
        Assert.Equal(Mode0660, File.GetUnixFileMode(path));

        await start.Server!.DisposeAsync();
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_stale_socket_file_is_replaced()
    {
        var path = MakeStaleSocket(Tmp.Path("status.sock"));
        var logger = new ListLogger();
        var start = StartAt(path, logger);
        Assert.True(start.IsSuccess, start.Error);
        await using var server = start.Server!;
        Assert.Contains(logger.Messages, m => m.Contains("Removed stale status socket", StringComparison.Ordinal));

        var response = await StatusHttpClient.GetAsync(new StatusListen(null, null, path, default), "/metrics", TimeSpan.FromSeconds(30));
        Assert.True(response.IsOk, response.Error);
    }

    [Fact]
    public void A_regular_file_at_the_path_is_not_deleted()
    {
        var path = Tmp.Write("status.sock", "precious data\n", (UnixFileMode)0b110_100_100);
        var start = StartAt(path);
        Assert.False(start.IsSuccess);
        Assert.Contains("is not a socket", start.Error, StringComparison.Ordinal);
        Assert.Equal("precious data\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_symlink_at_the_path_is_not_followed_or_deleted()
    {
        var target = MakeStaleSocket(Tmp.Path("elsewhere.sock"));
        var path = Tmp.Path("status.sock");
        File.CreateSymbolicLink(path, target);
        var start = StartAt(path);
        Assert.False(start.IsSuccess);
        Assert.NotNull(new FileInfo(path).LinkTarget);
        Assert.True(IsSocket(target));
    }

    [Fact]
    public async Task A_socket_another_process_listens_on_is_left_alone()
    {
        var path = Tmp.Path("status.sock");
        var first = StartAt(path);
        await using var server = first.Server!;

        var second = StartAt(path);
        Assert.False(second.IsSuccess);
        Assert.Contains("in use", second.Error, StringComparison.Ordinal);
        var response = await StatusHttpClient.GetAsync(new StatusListen(null, null, path, default), "/status", TimeSpan.FromSeconds(30));
        Assert.True(response.IsOk, response.Error);
    }

    [Fact]
    public void A_missing_directory_is_an_error_and_is_not_created()
    {
        var directory = Tmp.Path("missing");
        var start = StartAt(Path.Combine(directory, "status.sock"));
        Assert.False(start.IsSuccess);
        Assert.Contains("does not exist", start.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void An_over_long_path_is_an_error()
    {
        var start = StartAt(Tmp.Path(new string('s', 120) + ".sock"));
        Assert.False(start.IsSuccess);
        Assert.Contains("longer than 107 bytes", start.Error, StringComparison.Ordinal);
    }
}
