using HaDaemon.Config.Loading;
using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Environment;
using HaDaemon.TestSupport;

namespace HaDaemon.Config.Tests.Model;

/// <summary>
/// Our -t verdict for the 29 corpus files against keepalived 2.2.7's (EXPECTED-keepalived-t.txt). The
/// "rc_netns" column was measured inside a network namespace with veth eth0..eth3 and eth0.1; supplying exactly
/// those names through the injectable interface catalog is equivalent (keepalived only asks whether the names
/// exist). Scripts are checked against a fake Debian-like file system (killall in /usr/bin, root-owned), as on
/// keepalived's lab host, so the result does not depend on the machine running the tests.
/// Neither keepalived run used -i, so @ID lines (conditional_conf, mk_lots) are dropped here too.
/// </summary>
public sealed class CorpusCheckTests
{
    /// <summary>Files where HaDaemon's verdict differs from keepalived's, and why ours is right.</summary>
    private static readonly Dictionary<string, (int Ours, string Why)> KnownDifferences = new()
    {
        ["keepalived.conf.fwmark"] = (0,
            "keepalived's only complaint is an LVS warning inside virtual_server (protocol with fwmark); HaDaemon does " +
            "not implement LVS and skips virtual_server with one Info, so there is nothing wrong with the VRRP part"),
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var (file, _, _) in Expected())
        {
            data.Add(file);
        }
        return data;
    }

    private static IEnumerable<(string File, int RcHost, int RcNetns)> Expected()
    {
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Corpus, "EXPECTED-keepalived-t.txt")))
        {
            if (line.StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }
            if (line.StartsWith("## ", StringComparison.Ordinal) || line.StartsWith(' '))
            {
                continue;
            }
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 4 && int.TryParse(parts[1], out var host) && int.TryParse(parts[2], out var netns))
            {
                yield return (parts[0], host, netns);
            }
        }
    }

    [Fact]
    public void Expected_file_lists_all_29_corpus_files() => Assert.Equal(29, Expected().Count());

    [Theory]
    [MemberData(nameof(Files))]
    public void Exit_code_matches_keepalived_in_the_lab_namespace(string file)
    {
        var expected = Expected().Single(e => e.File == file).RcNetns;
        var result = ConfigLoader.Load(Path.Combine(RepoPaths.Corpus, file), ModelTestHelpers.Options());
        var ours = (int)result.TestResult;
        if (KnownDifferences.TryGetValue(file, out var diff))
        {
            Assert.True(diff.Ours == ours, $"{file}: expected our documented {diff.Ours} ({diff.Why}), got {ours}\n{ModelTestHelpers.Messages(result)}");
            Assert.NotEqual(expected, ours);
            return;
        }
        Assert.True(expected == ours, $"{file}: keepalived {expected}, ours {ours}\n{ModelTestHelpers.Messages(result)}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Exit_code_matches_keepalived_on_a_host_with_only_lo_and_eth0(string file)
    {
        var expected = Expected().Single(e => e.File == file).RcHost;
        var options = ModelTestHelpers.Options(new FixedInterfaceCatalog(["lo", "eth0"]));
        var result = ConfigLoader.Load(Path.Combine(RepoPaths.Corpus, file), options);
        var ours = (int)result.TestResult;
        if (KnownDifferences.TryGetValue(file, out var diff))
        {
            Assert.Equal(diff.Ours, ours);
            return;
        }
        Assert.True(expected == ours, $"{file}: keepalived {expected}, ours {ours}\n{ModelTestHelpers.Messages(result)}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_diagnostic_has_a_real_position(string file)
    {
        foreach (var catalog in new IInterfaceCatalog[] { ModelTestHelpers.LabInterfaces, new FixedInterfaceCatalog(["lo", "eth0"]) })
        {
            var result = ConfigLoader.Load(Path.Combine(RepoPaths.Corpus, file), ModelTestHelpers.Options(catalog));
            foreach (var d in result.Diagnostics)
            {
                Assert.True(File.Exists(d.Location.File), $"{d}: file does not exist");
                Assert.True(d.Location.Line >= 1 && d.Location.Column >= 1, $"{d}: no line/column");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Unsupported_features_are_reported_once_each_as_info(string file)
    {
        var result = ConfigLoader.Load(Path.Combine(RepoPaths.Corpus, file), ModelTestHelpers.Options());
        var unsupported = result.Diagnostics.Where(d => d.Code == "unsupported-feature").ToList();
        Assert.All(unsupported, d => Assert.Equal(Severity.Info, d.Severity));
        Assert.Equal(unsupported.Count, unsupported.Select(d => d.Message).Distinct().Count());
        if (result.Config is not null)
        {
            Assert.Equal(unsupported.Count, result.Config.IgnoredFeatures.Count);
        }
    }
}
