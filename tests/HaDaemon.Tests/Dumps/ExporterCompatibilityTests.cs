using HaDaemon.Dumps;

namespace HaDaemon.Tests.Dumps;

/// <summary>
/// keepalived-exporter (cafebazaar) reads the text dumps with a few string rules; this re-states those rules
/// (collector/parser.go: ParseVRRPData, ParseVRRPScript, ParseStats) to show our dumps give it what it needs.
/// </summary>
public sealed class ExporterCompatibilityTests
{
    [Fact]
    public void Exporter_finds_instances_states_interfaces_and_vrids_in_the_data_dump()
    {
        var data = DataDumpWriter.Format(DumpSamples.Snapshot(), TimeZoneInfo.Utc);
        var found = new Dictionary<string, Dictionary<string, string>>();
        string? instance = null;
        foreach (var line in data.Split('\n'))
        {
            if (line.StartsWith(" VRRP Instance", StringComparison.Ordinal) && line.Contains('=', StringComparison.Ordinal))
            {
                instance = line.Split('=')[1].Trim();
                found[instance] = [];
            }
            else if (line.StartsWith("   ", StringComparison.Ordinal) && instance is not null)
            {
                if (!line.StartsWith("     ", StringComparison.Ordinal) && line.Contains('=', StringComparison.Ordinal))
                {
                    var kv = line.Trim().Split('=');
                    found[instance].TryAdd(kv[0].Trim(), kv[1].Trim());
                }
            }
            else if (!line.StartsWith(" VRRP Version", StringComparison.Ordinal) && !line.StartsWith(" VRRP Script", StringComparison.Ordinal))
            {
                instance = null;
            }
        }

        Assert.Equal(["VI_EXT_1", "VI_6"], found.Keys);
        Assert.Equal("MASTER", found["VI_EXT_1"]["State"]);
        Assert.Equal("MASTER", found["VI_EXT_1"]["Wantstate"]);
        Assert.Equal("ens192", found["VI_EXT_1"]["Interface"]);
        Assert.Equal("10", found["VI_EXT_1"]["Virtual Router ID"]);
        Assert.Equal("5", found["VI_EXT_1"]["Gratuitous ARP delay"]);
        Assert.Equal("BACKUP", found["VI_6"]["State"]);
        Assert.Equal("51", found["VI_6"]["Virtual Router ID"]);
    }

    [Fact]
    public void Exporter_finds_script_status_and_state()
    {
        var data = DataDumpWriter.Format(DumpSamples.Snapshot(), TimeZoneInfo.Utc);
        var section = data[data.IndexOf(" VRRP Script = check_script", StringComparison.Ordinal)..];
        Assert.Contains("\n   Status = GOOD\n", section, StringComparison.Ordinal);
        Assert.EndsWith("\n   State = idle\n", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_stats_value_line_parses_as_an_integer()
    {
        var stats = StatsDumpWriter.Format(DumpSamples.Snapshot());
        foreach (var line in stats.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("VRRP Instance:", StringComparison.Ordinal) || line.EndsWith(':'))
            {
                continue;
            }

            Assert.True(int.TryParse(line.Split(':')[1].Trim(), out _), line);
        }
    }
}
