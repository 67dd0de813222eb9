using HaDaemon.Config.Loading;
using HaDaemon.TestSupport;

namespace HaDaemon.Config.Tests.Model;

/// <summary>
/// The normalised model of the VRRP samples, as JSON, compared with reviewed files in Golden/. Set
/// HADAEMON_REGENERATE_GOLDEN=1 to rewrite them (then review the diff against keepalived's semantics).
/// Loaded with the lab interfaces (eth0..eth3, eth0.1) and a Debian-like script file system.
/// </summary>
public sealed class GoldenModelTests
{
    private static string GoldenDir => Path.Combine(RepoPaths.Root, "tests", "HaDaemon.Config.Tests", "Golden");

    public static TheoryData<string, string?> Samples() => new()
    {
        { "keepalived.conf.vrrp", null },
        { "keepalived.conf.vrrp.localcheck", null },
        { "keepalived.conf.vrrp.lvs_syncd", null },
        { "keepalived.conf.vrrp.routes", null },
        { "keepalived.conf.vrrp.rules", null },
        { "keepalived.conf.vrrp.scripts", null },
        { "keepalived.conf.vrrp.static_ipaddress", null },
        { "keepalived.conf.vrrp.sync", null },
        { "keepalived.conf.IPv6", null },
        { "keepalived.conf.conditional_conf", null },
        { "keepalived.conf.conditional_conf", "high" },
        { "keepalived.conf.sample", null },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Normalised_model_matches_golden(string file, string? configId)
    {
        var result = ConfigLoader.Load(Path.Combine(RepoPaths.Corpus, file), ModelTestHelpers.Options(configId: configId));
        Assert.NotNull(result.Config);
        var json = ConfigJson.Serialize(result.Config, RepoPaths.Corpus).ReplaceLineEndings("\n") + "\n";
        var golden = Path.Combine(GoldenDir, file + (configId is null ? "" : "@" + configId) + ".json");
        if (System.Environment.GetEnvironmentVariable("HADAEMON_REGENERATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, json);
            return;
        }
        Assert.True(File.Exists(golden), $"missing {golden}; run with HADAEMON_REGENERATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(golden).ReplaceLineEndings("\n"), json);
    }
}
