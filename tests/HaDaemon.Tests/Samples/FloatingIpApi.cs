using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Samples;

/// <summary>
/// A stand-in for a cloud provider's floating-IP API, as move-floating-ip.sh expects it:
/// <c>GET /v1/floating-ips/IP</c> → <c>{"ip":…,"assigned_to":…}</c>, <c>POST /v1/floating-ips/IP/assign</c> with
/// <c>{"node":…}</c>. The notify script runs inside a node's namespace, where the machine's 127.0.0.1 is not
/// reachable; so one listener per namespace is bound on that namespace's own loopback (the socket is created on a
/// thread inside the namespace, and a socket stays in the namespace it was created in). All listeners share one
/// state: the provider is one service. The first <c>failures</c> requests get 503, as an API briefly down does.
/// </summary>
public sealed partial class FloatingIpApi : IDisposable
{
    private readonly object gate = new();
    private readonly List<TcpListener> listeners = [];
    private readonly List<Request> requests = [];
    private int failuresLeft;
    private string? assignedTo;

    public FloatingIpApi(string ip, int failures)
    {
        Ip = ip;
        failuresLeft = failures;
    }

    /// <summary>One request as served: which namespace asked, what, and the status answered.</summary>
    public sealed record Request(string Via, string Method, string Path, string Body, int Status);

    public string Ip { get; }

    public string? AssignedTo
    {
        get
        {
            lock (gate)
            {
                return assignedTo;
            }
        }
    }

    public IReadOnlyList<Request> Requests
    {
        get
        {
            lock (gate)
            {
                return requests.ToList();
            }
        }
    }

    /// <summary>Listens on 127.0.0.1 inside <paramref name="ns"/>; returns the base URL to give the script there.</summary>
    public string ListenIn(NetworkNamespace ns)
    {
        var listener = ns.Run(() =>
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return l;
        });
        lock (gate)
        {
            listeners.Add(listener);
        }
        var via = ns.Name;
        _ = Task.Run(() => AcceptLoop(listener, via));
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/v1";
    }

    private async Task AcceptLoop(TcpListener listener, string via)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or InvalidOperationException)
            {
                return; // stopped by Dispose
            }
            _ = Task.Run(() => Serve(client, via));
        }
    }

    private void Serve(TcpClient client, string via)
    {
        using (client)
        {
            try
            {
                using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
                var requestLine = (reader.ReadLine() ?? "").Split(' ');
                var length = 0;
                for (var line = reader.ReadLine(); !string.IsNullOrEmpty(line); line = reader.ReadLine())
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                    }
                }
                var body = new char[length];
                var read = 0;
                while (read < length && reader.Read(body, read, length - read) is var n and > 0)
                {
                    read += n;
                }
                var (status, json) = Answer(via, requestLine[0], requestLine.Length > 1 ? requestLine[1] : "", new string(body, 0, read));
                var payload = Encoding.ASCII.GetBytes(json);
                var head = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 {status} {(status == 200 ? "OK" : status == 404 ? "Not Found" : "Service Unavailable")}\r\n"
                    + $"Content-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n");
                stream.Write(head);
                stream.Write(payload);
            }
            catch (IOException)
            {
                // the client went away: nothing to answer
            }
        }
    }

    private (int Status, string Json) Answer(string via, string method, string path, string body)
    {
        lock (gate)
        {
            var status = 200;
            var resource = $"/v1/floating-ips/{Ip}";
            if (failuresLeft > 0)
            {
                failuresLeft--;
                status = 503;
            }
            else if (method == "GET" && path == resource)
            {
                // as served
            }
            else if (method == "POST" && path == resource + "/assign" && NodeField().Match(body) is { Success: true } m)
            {
                assignedTo = m.Groups[1].Value;
            }
            else
            {
                status = 404;
            }
            requests.Add(new Request(via, method, path, body, status));
            var owner = assignedTo is null ? "null" : $"\"{assignedTo}\"";
            return (status, status == 200 ? $"{{\"ip\":\"{Ip}\",\"assigned_to\":{owner}}}" : "{\"error\":\"unavailable\"}");
        }
    }

    [GeneratedRegex("\"node\"\\s*:\\s*\"([^\"]*)\"")]
    private static partial Regex NodeField();

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
            listeners.Clear();
        }
    }
}
