using System.Net;
using StatusListen = HaDaemon.Config.Model.StatusListen;
using HaDaemon.Status.Http;
using HaDaemon.Tests.Scripts;

namespace HaDaemon.Tests.Status.Http;

/// <summary>The endpoint has no authentication: only loopback unless hadaemon_status_allow_remote says otherwise.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StatusListenPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.255.0.9", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("192.0.2.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("::ffff:192.0.2.1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("128.0.0.1", false)]
    public void Loopback_is_127_slash_8_and_colon_colon_1(string address, bool loopback)
    {
        Assert.Equal(loopback, StatusListenPolicy.IsLoopback(IPAddress.Parse(address)));
        Assert.Equal(loopback, StatusListenPolicy.CheckAddress(IPAddress.Parse(address), allowRemote: false) is null);
        Assert.Null(StatusListenPolicy.CheckAddress(IPAddress.Parse(address), allowRemote: true));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.0.2.1")]
    [InlineData("::")]
    public void Start_refuses_non_loopback_without_allow_remote_and_binds_nothing(string address)
    {
        var logger = new ListLogger();
        var start = StatusHttpServer.Start(new StatusListen(address, 0, null, default), false, StatusTestServer.FixedProvider, new StatusServerLimits(), logger);
        Assert.False(start.IsSuccess);
        Assert.Null(start.Server);
        Assert.Contains("hadaemon_status_allow_remote", start.Error, StringComparison.Ordinal);
        Assert.Contains(address, start.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Messages, m => m.Contains("listening", StringComparison.Ordinal));
    }

    [Fact]
    public void With_allow_remote_the_decision_accepts_any_address()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Any, 9165), StatusListenPolicy.ResolveTcp(new StatusListen("0.0.0.0", 9165, null, default), allowRemote: true).EndPoint);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 0), StatusListenPolicy.ResolveTcp(new StatusListen("192.0.2.1", 0, null, default), allowRemote: true).EndPoint);
    }

    [Fact]
    public async Task Allow_remote_on_a_loopback_address_binds()
    {
        var start = StatusHttpServer.Start(new StatusListen("127.0.0.1", 0, null, default), true, StatusTestServer.FixedProvider, new StatusServerLimits(), new ListLogger());
        Assert.True(start.IsSuccess, start.Error);
        await using var server = start.Server!;
        Assert.NotEqual(0, ((IPEndPoint)server.LocalEndPoint).Port);
    }

    [Fact]
    public async Task An_ipv4_mapped_loopback_is_bound_as_ipv4()
    {
        var start = StatusHttpServer.Start(new StatusListen("::ffff:127.0.0.1", 0, null, default), false, StatusTestServer.FixedProvider, new StatusServerLimits(), new ListLogger());
        Assert.True(start.IsSuccess, start.Error);
        await using var server = start.Server!;
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)server.LocalEndPoint).Address);
    }

    [Theory]
    [InlineData("not-an-address", 80)]
    [InlineData("127.0.0.1", 70000)]
    [InlineData("127.0.0.1", -1)]
    [InlineData(null, 80)]
    public void Bad_listen_values_are_errors_not_exceptions(string? address, int port)
    {
        var start = StatusHttpServer.Start(new StatusListen(address, port, null, default), false, StatusTestServer.FixedProvider, new StatusServerLimits(), new ListLogger());
        Assert.False(start.IsSuccess);
        Assert.NotNull(start.Error);
    }

    [Fact]
    public async Task A_port_in_use_is_an_error_naming_the_endpoint()
    {
        var first = StatusHttpServer.Start(new StatusListen("127.0.0.1", 0, null, default), false, StatusTestServer.FixedProvider, new StatusServerLimits(), new ListLogger());
        await using var server = first.Server!;
        var port = ((IPEndPoint)server.LocalEndPoint).Port;
        var second = StatusHttpServer.Start(new StatusListen("127.0.0.1", port, null, default), false, StatusTestServer.FixedProvider, new StatusServerLimits(), new ListLogger());
        Assert.False(second.IsSuccess);
        Assert.Contains($"127.0.0.1:{port}", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Nonsense_limits_are_errors()
    {
        var start = StatusHttpServer.Start(new StatusListen("127.0.0.1", 0, null, default), false, StatusTestServer.FixedProvider, new StatusServerLimits { MaxConnections = 0 }, new ListLogger());
        Assert.False(start.IsSuccess);
        Assert.Contains("MaxConnections", start.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", 9165, "127.0.0.1:9165")]
    [InlineData("::1", 9165, "[::1]:9165")]
    public void Endpoints_are_described_as_in_the_config(string address, int port, string expected) =>
        Assert.Equal(expected, StatusListenPolicy.Describe(new StatusListen(address, port, null, default)));
}
