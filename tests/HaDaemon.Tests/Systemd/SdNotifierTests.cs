using System.Net.Sockets;
using System.Text;
using HaDaemon.Core.Time;
using HaDaemon.Systemd;

namespace HaDaemon.Tests.Systemd;

public class SdNotifierTests
{
    [Fact]
    public void Abstract_socket_names_receive_the_messages()
    {
        var name = "hadaemon-test-" + Guid.NewGuid().ToString("N");
        using var listener = NotifyListener.Bind("\0" + name);
        using var notifier = new SdNotifier("@" + name);
        Assert.True(notifier.Ready("2 instances"));
        Assert.True(notifier.Stopping());
        Assert.Equal("READY=1\nSTATUS=2 instances", listener.Receive());
        Assert.Equal("STOPPING=1", listener.Receive());
    }

    [Fact]
    public void Path_sockets_receive_reloading_with_monotonic_usec()
    {
        var path = Path.Combine(Path.GetTempPath(), "hadaemon-notify-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var listener = NotifyListener.Bind(path);
            using var notifier = new SdNotifier(path);
            var before = HaDaemon.Timing.MonotonicClock.NowMicroseconds;
            Assert.True(notifier.Reloading());
            var lines = listener.Receive().Split('\n');
            Assert.Equal("RELOADING=1", lines[0]);
            Assert.StartsWith("MONOTONIC_USEC=", lines[1], StringComparison.Ordinal);
            Assert.InRange(long.Parse(lines[1]["MONOTONIC_USEC=".Length..]), before, before + 60_000_000);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Without_notify_socket_nothing_is_sent_and_nothing_fails()
    {
        using var notifier = new SdNotifier(null);
        Assert.False(notifier.Enabled);
        Assert.False(notifier.Ready("x"));
        Assert.Null(notifier.LastError);
    }

    [Fact]
    public void A_vanished_listener_is_reported_not_thrown()
    {
        using var notifier = new SdNotifier("@hadaemon-nobody-" + Guid.NewGuid().ToString("N"));
        Assert.False(notifier.Watchdog());
        Assert.NotNull(notifier.LastError);
    }

    [Fact]
    public void Watchdog_pings_at_half_the_period_and_only_for_our_pid()
    {
        var env = new Dictionary<string, string?> { ["WATCHDOG_USEC"] = "600000" };
        Assert.Equal(Duration.FromMilliseconds(300), WatchdogSettings.PingInterval(k => env.GetValueOrDefault(k), 42));
        env["WATCHDOG_PID"] = "42";
        Assert.Equal(Duration.FromMilliseconds(300), WatchdogSettings.PingInterval(k => env.GetValueOrDefault(k), 42));
        env["WATCHDOG_PID"] = "43";
        Assert.Null(WatchdogSettings.PingInterval(k => env.GetValueOrDefault(k), 42));
        Assert.Null(WatchdogSettings.PingInterval(_ => null, 42));
        Assert.Null(WatchdogSettings.PingInterval(_ => "junk", 42));
    }
}

/// <summary>A stand-in for systemd's notify socket.</summary>
internal sealed class NotifyListener : IDisposable
{
    private readonly Socket _socket;

    private NotifyListener(Socket socket) => _socket = socket;

    public static NotifyListener Bind(string address)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(address));
        socket.ReceiveTimeout = 10_000;
        return new NotifyListener(socket);
    }

    public string Receive()
    {
        var buffer = new byte[4096];
        var n = _socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    public void Dispose() => _socket.Dispose();
}
