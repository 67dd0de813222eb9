using HaDaemon.Config.Loading;
using HaDaemon.TestSupport;

namespace HaDaemon.Config.Tests.Model;

public sealed class ConfigCheckTests
{
    [Fact]
    public void Run_prints_file_line_col_severity_message_and_returns_keepalived_code()
    {
        var path = Path.Combine(RepoPaths.Corpus, "keepalived.conf");
        using var stderr = new StringWriter();
        var rc = ConfigCheck.Run(path, ModelTestHelpers.Options(), stderr);
        Assert.Equal(5, rc);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"{path}:15:23: error: vrrp_garp_interval '0' is invalid", lines);
        Assert.Contains($"{path}:20:5: error: (VI_1) State MASTER must match being address owner", lines);
    }

    [Fact]
    public void Json_dump_is_source_generated_and_relative_to_the_base_directory()
    {
        var r = ConfigLoader.Load(Path.Combine(RepoPaths.Corpus, "docker-keepalived.conf"), ModelTestHelpers.Options());
        var json = ConfigJson.Serialize(r.Config!, RepoPaths.Corpus);
        Assert.Contains("\"Location\": \"docker-keepalived.conf:1:1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"InitialState\": \"Backup\"", json, StringComparison.Ordinal);
    }
}
