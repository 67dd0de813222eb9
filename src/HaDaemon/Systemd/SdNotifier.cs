using System.Globalization;
using System.Net.Sockets;
using System.Text;
using HaDaemon.Timing;

namespace HaDaemon.Systemd;

/// <summary>
/// sd_notify(3) without libsystemd: datagrams to <c>$NOTIFY_SOCKET</c> (a path, or an abstract name written
/// <c>@name</c>). Inactive when the variable is unset, so the daemon runs the same outside systemd.
/// Failures are reported to the caller's log once, never thrown: systemd being gone must not stop VRRP.
/// </summary>
public sealed class SdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly Lock _gate = new();

    public SdNotifier(string? notifySocket)
    {
        if (string.IsNullOrEmpty(notifySocket))
        {
            return;
        }
        // '@' marks a Linux abstract socket: the name really starts with a NUL byte.
        _endPoint = new UnixDomainSocketEndPoint(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    public static SdNotifier FromEnvironment() => new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    public bool Enabled => _socket is not null;

    /// <summary>The last send error, for the caller to log; null when all went well.</summary>
    public string? LastError { get; private set; }

    /// <summary>Sends newline-separated assignments, e.g. <c>READY=1\nSTATUS=…</c>.</summary>
    public bool Send(string state)
    {
        if (_socket is null || _endPoint is null)
        {
            return false;
        }
        lock (_gate)
        {
            try
            {
                _socket.SendTo(Encoding.UTF8.GetBytes(state), _endPoint);
                LastError = null;
                return true;
            }
            catch (SocketException ex)
            {
                LastError = $"sd_notify to {Environment.GetEnvironmentVariable("NOTIFY_SOCKET")} failed: {ex.SocketErrorCode}";
                return false;
            }
        }
    }

    public bool Ready(string status) => Send($"READY=1\nSTATUS={OneLine(status)}");

    /// <summary>Type=notify-reload wants RELOADING=1 with the CLOCK_MONOTONIC time the reload started.</summary>
    public bool Reloading() =>
        Send("RELOADING=1\nMONOTONIC_USEC=" + MonotonicClock.NowMicroseconds.ToString(CultureInfo.InvariantCulture));

    public bool Stopping() => Send("STOPPING=1");

    public bool Watchdog() => Send("WATCHDOG=1");

    public bool Status(string status) => Send("STATUS=" + OneLine(status));

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    public void Dispose() => _socket?.Dispose();
}
