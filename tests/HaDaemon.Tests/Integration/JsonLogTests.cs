using System.Text.Json;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>Issue 7: the real daemon's JSON log, tied to its notify scripts by the transition id.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class JsonLogTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static IReadOnlyList<JsonElement> Objects(DaemonProcess daemon)
    {
        var objects = new List<JsonElement>();
        foreach (var line in daemon.Lines.Where(l => l.Length > 0))
        {
            Assert.True(line.StartsWith('{'), "not a JSON line: " + line);
            using var document = JsonDocument.Parse(line);
            objects.Add(document.RootElement.Clone());
        }
        return objects;
    }

    private static JsonElement Transition(IReadOnlyList<JsonElement> log, string from, string to) =>
        Assert.Single(log, e => e.TryGetProperty("to", out var t) && t.GetString() == to && e.GetProperty("from").GetString() == from);

    private static long RecordedId(string file, int line)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!File.Exists(file) || File.ReadAllLines(file).Length <= line)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{file} has no line {line + 1}");
            Thread.Sleep(50);
        }
        return long.Parse(File.ReadAllLines(file)[line], System.Globalization.CultureInfo.InvariantCulture);
    }

    [NetnsFact]
    public void Transitions_are_json_with_the_peer_and_the_transition_id_the_notify_scripts_saw()
    {
        using var lab = VrrpLab.Create("hjl");
        var masterIds = Path.Combine(lab.WorkDir, "master.ids");
        var backupIds = Path.Combine(lab.WorkDir, "backup.ids");
        var scripts = $$"""
            notify_master "{{lab.Script("master.sh", $"echo \"$HADAEMON_TRANSITION_ID\" >> {masterIds}")}}"
                notify_backup "{{lab.Script("backup.sh", $"echo \"$HADAEMON_TRANSITION_ID\" >> {backupIds}")}}"
            """;
        // Node 1 chooses JSON on the command line; node 0 through its configuration only.
        lab.WriteConfig(1, lab.Instance(100, extra: scripts));
        lab.WriteConfig(0, "global_defs {\n    hadaemon_log_format json\n}\n" + lab.Instance(150));
        var node1 = lab.Start(1, null, "--log-format", "json");
        node1.WaitForState("VI_1", "MASTER", Patience);
        var node0 = lab.Start(0);
        node0.WaitForState("VI_1", "MASTER", Patience);
        node1.WaitForState("VI_1", "BACKUP", Patience, occurrences: 2);

        var log1 = Objects(node1);
        var master = Transition(log1, "BACKUP", "MASTER");
        Assert.Equal("VI_1", master.GetProperty("instance").GetString());
        Assert.Equal(51, master.GetProperty("vrid").GetInt32());
        Assert.Equal(100, master.GetProperty("priority").GetInt32());
        Assert.Equal("MasterDownTimerExpired", master.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, master.GetProperty("peer").ValueKind);
        Assert.Equal("info", master.GetProperty("level").GetString());
        Assert.StartsWith("(VI_1) Entering MASTER STATE", master.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(RecordedId(masterIds, 0), master.GetProperty("transition_id").GetInt64());

        var backup = Transition(log1, "MASTER", "BACKUP");
        Assert.Equal("HigherPriorityAdvert", backup.GetProperty("reason").GetString());
        Assert.Equal(lab.Network.Ipv4(0), backup.GetProperty("peer").GetString());
        // notify_backup ran at start-up (INIT → BACKUP) too: this transition is its second run.
        Assert.Equal(RecordedId(backupIds, 1), backup.GetProperty("transition_id").GetInt64());
        Assert.NotEqual(master.GetProperty("transition_id").GetInt64(), backup.GetProperty("transition_id").GetInt64());

        // The keyword applies from the very first line: lines logged before the configuration was read waited for it.
        var log0 = Objects(node0);
        Assert.StartsWith("Starting hadaemon", log0[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("MASTER", Transition(log0, "BACKUP", "MASTER").GetProperty("to").GetString());
    }
}
