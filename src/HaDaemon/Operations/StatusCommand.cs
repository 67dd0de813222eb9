using System.Net;
using System.Text;
using System.Text.Json;
using HaDaemon.Cli;
using HaDaemon.Config.Loading;
using HaDaemon.Config.Model;
using HaDaemon.Status.Http;

namespace HaDaemon.Operations;

/// <summary>
/// <c>hadaemon status [-f FILE] [--listen ADDR:PORT|PATH] [--json] [--timeout SECONDS]</c>: asks a running daemon's
/// status endpoint (found through the configuration's <c>hadaemon_status_listen</c>, or given) and prints one line per
/// instance. Exit codes: 0 all instances healthy, 2 some instance in FAULT, 1 the daemon could not be asked.
/// </summary>
public static class StatusCommand
{
    public const int Healthy = 0;
    public const int Unreachable = 1;
    public const int SomeFault = 2;

    public const string Usage = "Usage: hadaemon status [-f FILE] [--listen ADDR:PORT|/path.sock] [--json] [--timeout SECONDS]\n";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        string? file = null, listenText = null;
        var json = false;
        var timeout = TimeSpan.FromSeconds(5);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-f" or "--use-file" when i + 1 < args.Count:
                    file = args[++i];
                    break;
                case "--listen" when i + 1 < args.Count:
                    listenText = args[++i];
                    break;
                case "--timeout" when i + 1 < args.Count && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 && s <= 3600:
                    timeout = TimeSpan.FromSeconds(s);
                    i++;
                    break;
                case "--json":
                    json = true;
                    break;
                default:
                    errors.Write($"status: unexpected argument '{args[i]}'\n{Usage}");
                    return Unreachable;
            }
        }
        var listen = listenText is not null ? ParseListen(listenText, errors) : FromConfig(file, errors);
        if (listen is null)
        {
            return Unreachable;
        }
        StatusHttpResponse response;
        try
        {
            response = StatusHttpClient.GetAsync(listen, "/status", timeout).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException)
        {
            errors.WriteLine($"status: cannot reach {StatusListenPolicy.Describe(listen)}: {ex.Message}");
            return Unreachable;
        }
        if (response.Error is { } error)
        {
            errors.WriteLine($"status: cannot reach {StatusListenPolicy.Describe(listen)}: {error}");
            return Unreachable;
        }
        if (response.StatusCode != 200)
        {
            errors.WriteLine($"status: {StatusListenPolicy.Describe(listen)} answered HTTP {response.StatusCode}");
            return Unreachable;
        }
        return Print(response.Body, json, output, errors);
    }

    /// <summary>Prints the /status document as a table (or as it came, with --json) and picks the exit code.</summary>
    public static int Print(ReadOnlySpan<byte> body, bool json, TextWriter output, TextWriter errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException ex)
        {
            errors.WriteLine($"status: the endpoint's answer is not JSON: {ex.Message}");
            return Unreachable;
        }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("instances", out var instances) || instances.ValueKind != JsonValueKind.Array)
            {
                errors.WriteLine("status: the endpoint's answer has no instances");
                return Unreachable;
            }
            if (json)
            {
                output.WriteLine(Encoding.UTF8.GetString(body));
            }
            else
            {
                output.Write(Table(instances));
            }
            return instances.EnumerateArray().Any(i => i.GetProperty("state").GetString() == "FAULT") ? SomeFault : Healthy;
        }
    }

    private static readonly string[] Header = ["INSTANCE", "STATE", "PRIORITY", "MASTER", "VIPS"];

    private static string Table(JsonElement instances)
    {
        var rows = new List<string[]> { Header };
        foreach (var i in instances.EnumerateArray())
        {
            var state = i.GetProperty("state").GetString() ?? "?";
            var basePriority = i.GetProperty("base_priority").GetInt32();
            var effective = i.GetProperty("effective_priority").GetInt32();
            var priority = effective == basePriority ? $"{effective}" : $"{effective} (base {basePriority})";
            rows.Add([i.GetProperty("name").GetString() ?? "?", state, priority, Master(i.GetProperty("master")), Vips(i, state)]);
        }
        var widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var c = 0; c < 5; c++)
            {
                text.Append(c < 4 ? row[c].PadRight(widths[c] + 2) : row[c]);
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Master(JsonElement master) => master.ValueKind != JsonValueKind.Object
        ? "-"
        : master.GetProperty("self").GetBoolean()
            ? "self"
            : $"{master.GetProperty("address").GetString() ?? "?"} (priority {master.GetProperty("priority").GetInt32()})";

    /// <summary>VIPs, flagged where the kernel disagrees with the state: a MASTER missing one, or a non-master holding one.</summary>
    private static string Vips(JsonElement instance, string state)
    {
        var vips = instance.GetProperty("vips").EnumerateArray().Select(v =>
        {
            var address = v.GetProperty("address").GetString() ?? "?";
            var present = v.GetProperty("present").GetBoolean();
            return state == "MASTER" && !present ? address + " (missing)"
                : state != "MASTER" && present ? address + " (held)"
                : address;
        }).ToList();
        return vips.Count == 0 ? "-" : string.Join(' ', vips);
    }

    private static StatusListen? FromConfig(string? file, TextWriter errors)
    {
        var path = file ?? DefaultConfigPath.Resolve(File.Exists);
        if (!File.Exists(path))
        {
            errors.WriteLine($"status: configuration file '{path}' does not exist; give -f FILE or --listen");
            return null;
        }
        var result = ConfigLoader.Load(path, Runtime.ConfigSource.OptionsFor(new CommandLineOptions { ConfigFile = path }));
        if (result.Config?.Global.StatusListen is { } listen)
        {
            return listen;
        }
        errors.WriteLine($"status: '{path}' has no usable hadaemon_status_listen; the endpoint is off (or give --listen)");
        return null;
    }

    private static StatusListen? ParseListen(string text, TextWriter errors)
    {
        if (StatusListen.Parse(text, default) is { } listen)
        {
            return listen;
        }
        errors.WriteLine($"status: --listen '{text}' is not ADDR:PORT, [IPV6]:PORT or an absolute socket path");
        return null;
    }

}
