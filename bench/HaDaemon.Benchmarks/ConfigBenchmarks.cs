using System.Text;
using BenchmarkDotNet.Attributes;
using HaDaemon.Config.Loading;
using HaDaemon.Config.Environment;

namespace HaDaemon.Benchmarks;

/// <summary>
/// Config check (<c>hadaemon -t</c> logic, in process) of a 1000-instance configuration shaped like keepalived's
/// test/mk_lots output (16 lines per instance with @high/@medium/@low priorities, VRRPv3, 250 sync groups of 4):
/// about 17,000 lines. keepalived 2.2.7 needs about 20 ms for `keepalived -t` on it.
/// </summary>
[MemoryDiagnoser]
public class ConfigBenchmarks
{
    private const int Instances = 1000;
    private string _path = "";
    private string _text = "";
    private LoadOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = Generate(Instances);
        _path = Path.Combine(Path.GetTempPath(), $"hadaemon-bench-{Environment.ProcessId}.conf");
        File.WriteAllText(_path, _text);
        _options = new LoadOptions
        {
            ConfigId = "high",
            Interfaces = new FixedInterfaceCatalog(["lo", "eth0", "eth1", "eth2", "eth3"]),
        };
        var check = ConfigLoader.Load(_path, _options);
        if (check.TestResult != ConfigTestResult.Ok || check.Config!.Instances.Count != Instances)
        {
            throw new InvalidOperationException("generated config is not clean: " + string.Join("\n", check.Diagnostics.Take(5)));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    public static int LineCount => Generate(Instances).Count(c => c == '\n');

    /// <summary>Read the file, bind, normalise, classify: what `hadaemon -t` does.</summary>
    [Benchmark]
    public int ConfigCheck1000Instances() => ConfigLoader.Load(_path, _options).ExitCode;

    /// <summary>The same from text already in memory (no file I/O).</summary>
    [Benchmark]
    public int ConfigCheck1000InstancesFromText() => ConfigLoader.LoadText(_text, "/virtual/keepalived.conf", _options).ExitCode;

    public static string Generate(int instances)
    {
        var sb = new StringBuilder();
        sb.Append("@high net_namespace high\n@medium net_namespace medium\n@low net_namespace low\n\n");
        sb.Append("global_defs {\n    vrrp_garp_master_delay 0\n    vrrp_garp_master_repeat 1\n    vrrp_garp_lower_prio_delay 0\n")
          .Append("    vrrp_garp_lower_prio_repeat 2\n    vrrp_lower_prio_no_advert true\n}\n\n");
        var groups = instances / 4;
        for (var g = 0; g < groups; g++)
        {
            sb.Append("vrrp_sync_group sync_").Append(g).Append(" {\n\tgroup {\n");
            for (var k = 0; k < 4; k++)
            {
                sb.Append("\t\tVI_").Append(g + k * groups).Append('\n');
            }
            sb.Append("\t}\n}\n\n");
        }
        for (var i = 0; i < instances; i++)
        {
            // VRIDs are unique per (interface, family, group): 250 per interface over eth0..eth3.
            var iface = i / 250;
            var vrid = i % 250 + 1;
            sb.Append("vrrp_instance VI_").Append(i).Append(" {\n\tstate BACKUP\n\tinterface eth").Append(iface)
              .Append("\n\tvirtual_router_id ").Append(vrid)
              .Append("\n@high\tpriority 170\n@medium\tpriority 127\n@low\tpriority 85\n\tadvert_int 1\n\tversion 3\n")
              .Append(i % 2 == 0 ? "\tuse_vmac\n" : "\t\n")
              .Append("\n\tvirtual_ipaddress {\n\t\t10.").Append(iface).Append('.').Append(vrid).Append(".254/32\n\t}\n}\n\n");
        }
        return sb.ToString();
    }
}
