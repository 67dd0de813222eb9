using System.Globalization;
using System.Net;
using HaDaemon.Core.Time;

namespace HaDaemon.Operations;

/// <summary>
/// The command line of <c>hadaemon simulate</c> → a <see cref="SimulationPlan"/>, or an error message naming the bad
/// argument. Nothing is read from disk here.
/// </summary>
public static class SimulateArguments
{
    public const string Usage = """
        Usage: hadaemon simulate (--node NAME=FILE[@ID]... | -f FILE --ids ID1,ID2...) [SCENARIO...]
          --node NAME=FILE[@ID]     a node running FILE with config id ID (default: NAME); repeatable
          -f FILE --ids A,B         one FILE, one node per @id (node name = id)
          --addr NODE[:IF]=IP       the node's address on IF (default: its first interface)
          --kill NODE@T             kill -9 / power loss at T (silent; its addresses vanish)
          --stop NODE@T             SIGTERM at T (priority-0 advert, addresses released)
          --start NODE@T            start NODE at T (a node with a --start is not started at 0)
          --partition A,B@T1-T2     cut A from B (a|b,c: side a from side b,c) during [T1, T2)
          --loss P%[@T]             lose P% of packets on every segment from T (default 0)
          --script-fail NODE:SCRIPT@T, --script-ok NODE:SCRIPT@T
                                    every run of vrrp_script SCRIPT on NODE fails/succeeds from T
                                    (all scripts succeed until told otherwise)
          --until T                 end of the run (default 60s)
          --seed N                  seed of the random faults (default 1)
        Times: 5s, 1.5s, 250ms, 2m. Node addresses: the k-th node gets 192.168.S.k on the S-th LAN (and fe80::k
        for IPv6), plus any unicast_src_ip/mcast_src_ip its instances configure; interfaces with the same name on
        different nodes share one LAN.

        """;

    public static (SimulationPlan? Plan, string? Error) Parse(IReadOnlyList<string> args)
    {
        var nodes = new List<SimulatedNodeSpec>();
        var addresses = new Dictionary<string, IPAddress>(StringComparer.Ordinal);
        var events = new List<ScenarioEvent>();
        var partitions = new List<PartitionSpec>();
        string? file = null;
        string[]? ids = null;
        var plan = new SimulationPlan();
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            if (i + 1 >= args.Count)
            {
                return (null, $"{option}: missing value");
            }
            var value = args[++i];
            string? error = option switch
            {
                "--node" => AddNode(value, nodes),
                "-f" => Set(ref file, value),
                "--ids" => Set(ref ids, value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
                "--addr" => AddAddress(value, addresses),
                "--kill" => AddNodeEvent(value, ScenarioAction.Kill, events),
                "--stop" => AddNodeEvent(value, ScenarioAction.Stop, events),
                "--start" => AddNodeEvent(value, ScenarioAction.Start, events),
                "--script-fail" => AddScriptEvent(value, ScenarioAction.ScriptFail, events),
                "--script-ok" => AddScriptEvent(value, ScenarioAction.ScriptOk, events),
                "--loss" => AddLoss(value, events),
                "--partition" => AddPartition(value, partitions),
                "--until" => VirtualTimeText.Parse(value) is { } until ? Set(ref plan, plan with { Until = Instant.Zero + until }) : $"--until: bad time '{value}'",
                "--seed" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? Set(ref plan, plan with { Seed = seed }) : $"--seed: bad number '{value}'",
                _ => $"unknown option '{option}'",
            };
            if (error is not null)
            {
                return (null, error);
            }
        }
        if (file is not null || ids is not null)
        {
            if (file is null || ids is null || ids.Length == 0)
            {
                return (null, "-f and --ids go together");
            }
            nodes.AddRange(ids.Select(id => new SimulatedNodeSpec(id, file, id)));
        }
        if (nodes.Count == 0)
        {
            return (null, "no nodes: give --node NAME=FILE or -f FILE --ids A,B");
        }
        if (nodes.GroupBy(n => n.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return (null, $"node '{twice.Key}' given twice");
        }
        var known = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = events.Select(e => e.Node).Concat(partitions.SelectMany(p => p.SideA.Concat(p.SideB)))
            .Concat(addresses.Keys.Select(k => k.Split(':')[0]))
            .FirstOrDefault(n => n is not null && !known.Contains(n));
        if (unknown is not null)
        {
            return (null, $"no node named '{unknown}'");
        }
        return (plan with { Nodes = nodes, Addresses = addresses, Events = events, Partitions = partitions }, null);
    }

    private static string? Set<T>(ref T target, T value)
    {
        target = value;
        return null;
    }

    private static string? AddNode(string value, List<SimulatedNodeSpec> nodes)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == value.Length - 1)
        {
            return $"--node: expected NAME=FILE[@ID], got '{value}'";
        }
        var name = value[..eq];
        var rest = value[(eq + 1)..];
        var at = rest.LastIndexOf('@');
        nodes.Add(at > 0 ? new SimulatedNodeSpec(name, rest[..at], rest[(at + 1)..]) : new SimulatedNodeSpec(name, rest, name));
        return null;
    }

    private static string? AddAddress(string value, Dictionary<string, IPAddress> addresses)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || !IPAddress.TryParse(value[(eq + 1)..], out var address))
        {
            return $"--addr: expected NODE[:IF]=IP, got '{value}'";
        }
        addresses[value[..eq]] = address;
        return null;
    }

    /// <summary>"WHAT@T" → (WHAT, T).</summary>
    private static (string What, Instant At)? Timed(string value)
    {
        var at = value.LastIndexOf('@');
        return at > 0 && VirtualTimeText.Parse(value[(at + 1)..]) is { } t ? (value[..at], Instant.Zero + t) : null;
    }

    private static string? AddNodeEvent(string value, ScenarioAction action, List<ScenarioEvent> events)
    {
        if (Timed(value) is not { } timed)
        {
            return $"--{action.ToString().ToLowerInvariant()}: expected NODE@TIME, got '{value}'";
        }
        events.Add(new ScenarioEvent(timed.At, action, timed.What));
        return null;
    }

    private static string? AddScriptEvent(string value, ScenarioAction action, List<ScenarioEvent> events)
    {
        if (Timed(value) is not { } timed || timed.What.Split(':') is not [{ Length: > 0 } node, { Length: > 0 } script])
        {
            return $"expected NODE:SCRIPT@TIME, got '{value}'";
        }
        events.Add(new ScenarioEvent(timed.At, action, node, script));
        return null;
    }

    private static string? AddLoss(string value, List<ScenarioEvent> events)
    {
        var (what, at) = value.Contains('@', StringComparison.Ordinal) && Timed(value) is { } timed ? timed : (value, Instant.Zero);
        if (!double.TryParse(what.TrimEnd('%'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
            || percent is < 0 or > 100)
        {
            return $"--loss: expected P%[@TIME] with 0 <= P <= 100, got '{value}'";
        }
        events.Add(new ScenarioEvent(at, ScenarioAction.Loss, null, Loss: percent / 100));
        return null;
    }

    private static string? AddPartition(string value, List<PartitionSpec> partitions)
    {
        var at = value.LastIndexOf('@');
        var span = at > 0 ? value[(at + 1)..].Split('-') : [];
        if (span.Length != 2 || VirtualTimeText.Parse(span[0]) is not { } from || VirtualTimeText.Parse(span[1]) is not { } until
            || until <= from)
        {
            return $"--partition: expected A,B@FROM-UNTIL (or a|b,c@FROM-UNTIL), got '{value}'";
        }
        var names = value[..at];
        var start = Instant.Zero + from;
        var end = Instant.Zero + until;
        if (names.Split('|') is [var a, var b])
        {
            partitions.Add(new PartitionSpec(List(a), List(b), start, end));
            return null;
        }
        // "a,b,c": every listed node is cut from every other listed node.
        var all = List(names);
        if (all.Count < 2)
        {
            return $"--partition: name at least two nodes, got '{value}'";
        }
        for (var i = 0; i < all.Count; i++)
        {
            partitions.Add(new PartitionSpec([all[i]], all.Skip(i + 1).ToList(), start, end));
        }
        partitions.RemoveAll(p => p.SideB.Count == 0);
        return null;
    }

    private static List<string> List(string names) =>
        [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
