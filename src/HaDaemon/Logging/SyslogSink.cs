using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace HaDaemon.Logging;

/// <summary>
/// Logs to the local syslog socket (<c>/dev/log</c>) as keepalived does by default, in the RFC 3164 form glibc's
/// syslog(3) writes: <c>&lt;PRI&gt;Mmm dd hh:mm:ss ident[pid]: message</c>. When the socket is missing (containers),
/// lines are dropped after one warning on stderr: logging must never stop the daemon. With <c>--log-format json</c>
/// the message part is the JSON object.
/// </summary>
public sealed class SyslogSink : ILogEventSink, IDisposable
{
    private readonly int _facility;
    private readonly string _ident;
    private readonly string _path;
    private readonly Func<LogEvent, string> _body;
    private readonly Lock _gate = new();
    private Socket? _socket;
    private bool _warned;

    public SyslogSink(int facility, string ident = "hadaemon", string path = "/dev/log", Func<LogEvent, string>? body = null)
    {
        _facility = facility;
        _ident = ident;
        _path = path;
        _body = body ?? LogText.OneLine;
    }

    public void Emit(LogEvent logEvent)
    {
        var priority = _facility * 8 + SyslogLevel.Of(logEvent.Level);
        var stamp = logEvent.Timestamp.ToLocalTime().ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture);
        var line = $"<{priority}>{stamp} {_ident}[{Environment.ProcessId}]: {_body(logEvent)}";
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            try
            {
                _socket ??= Connect();
                _socket.Send(bytes);
            }
            catch (SocketException ex)
            {
                _socket?.Dispose();
                _socket = null;
                if (!_warned)
                {
                    _warned = true;
                    Console.Error.WriteLine($"hadaemon: syslog unavailable at {_path} ({ex.SocketErrorCode}); use -l or -g");
                }
            }
        }
    }

    private Socket Connect()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(_path));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _socket?.Dispose();
            _socket = null;
        }
    }
}
