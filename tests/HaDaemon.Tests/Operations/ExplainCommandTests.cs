using System.Net;
using HaDaemon.Config.Loading;
using HaDaemon.Config.Environment;
using HaDaemon.Operations;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Operations;

/// <summary><c>hadaemon --explain</c> against a golden output for a sample with every kind of line it explains.</summary>
public sealed class ExplainCommandTests
{
    private static readonly string Sample = Path.Combine(RepoPaths.Root, "tests", "HaDaemon.Tests", "Operations", "explain-sample.conf");

    private static (int Code, string Out, string Err) Explain(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var environment = new LoadOptions
        {
            Interfaces = new FixedInterfaceCatalog(["lo", "eth0", "eth1"]),
            ScriptEnvironment = new SimulatedScriptEnvironment(),
        };
        var addresses = new SimulatedLan.NodeAddresses(new Dictionary<string, IReadOnlyList<IPAddress>>
        {
            ["eth0"] = [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("fe80::1")],
        });
        var code = ExplainCommand.Run(["-f", Sample, .. args], output, errors, environment, addresses);
        return (code, output.ToString().ReplaceLineEndings("\n"), errors.ToString());
    }

    [Fact]
    public void Golden_output_for_the_sample()
    {
        var (code, output, errors) = Explain();

        Assert.True(code == 0, errors);
        Assert.Equal(Golden, output);
    }

    [Fact]
    public void Startup_delay_and_config_fault_are_explained()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hadaemon-explain-{Environment.ProcessId}-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, """
            global_defs {
                vrrp_startup_delay 2
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                unicast_fault_no_peer
                virtual_ipaddress {
                    10.0.0.100/24
                }
            }
            """);
        try
        {
            var output = new StringWriter();
            var errors = new StringWriter();
            var code = ExplainCommand.Run(["-f", file], output, errors,
                new LoadOptions { Interfaces = new FixedInterfaceCatalog(["lo", "eth0"]), ScriptEnvironment = new SimulatedScriptEnvironment() },
                new SimulatedLan.NodeAddresses(new Dictionary<string, IReadOnlyList<IPAddress>> { ["eth0"] = [IPAddress.Parse("10.0.0.1")] }));
            Assert.True(code == 0, errors.ToString());
            var text = output.ToString();
            Assert.Contains("  FAULT from start: unicast configured without peers (unicast_fault_no_peer); sends nothing and never becomes MASTER until a reload fixes it", text, StringComparison.Ordinal);
            Assert.Contains("  startup delay: vrrp_startup_delay 2.000000s after the daemon starts\n", text, StringComparison.Ordinal);
            Assert.Contains("no advert and no MASTER before it ends", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Unknown_instance_is_an_error() =>
        Assert.Contains("no vrrp_instance named 'VI_9'", Explain("VI_9").Err);

    private const string Golden = """
        VI_1: VRRPv3 IPv4, virtual_router_id 51, interface eth0
          priority: base 100, effective 70..110 (trackers add -30..+10, clamped to 1..254); FAULT possible
          advert interval: configured 0.5s, on the wire 50 (v3 unit: centiseconds) = 0.500000s
          skew time: (256 - 100) x 0.500000s / 256 = 0.3046875s (a backup uses the master's advertised interval once it hears one)
          master down interval: 3 x 0.500000s + skew = 1.8046875s
          start: BACKUP, preempt (delay 0.000000s)
          source address: 10.0.0.1 (unicast_src_ip)
          sends to: unicast 10.0.0.2, 10.0.0.0
          tie (equal priority): the higher source address wins, compared as unsigned big-endian numbers
            vs 10.0.0.2: 10.0.0.2 wins (10.0.0.2 > 10.0.0.1)
            vs 10.0.0.0: we win (10.0.0.1 > 10.0.0.0)
          addresses (added as MASTER, removed otherwise):
            vip 10.0.0.100/24 dev eth0
            vip 10.0.1.100/24 dev eth1 label eth1:vip
            evip (not in adverts) 10.0.2.100/32 dev eth0
            route 10.5.0.0/16 via 10.0.0.254 dev (the kernel's choice)
            route 10.6.0.0/16 dev eth1
          trackers:
            interface eth1 weight 10: +10 while up, 0 while down
            script chk_nginx weight -30: -30 while failing, 0 while succeeding
            interface eth1 weight 0: FAULT while down
            interface eth0 weight 0: FAULT while down

        VI_2: VRRPv2 IPv4, virtual_router_id 52, interface eth0
          priority: base 255 (address owner: always 255, takes MASTER at start)
          advert interval: configured 2s, on the wire 2 (v2 unit: seconds) = 2.000000s
          skew time: (256 - 255) / 256 s = 0.00390625s
          master down interval: 3 x 2.000000s + skew = 6.00390625s
          start: MASTER, preempt (delay 0.000000s)
          source address: 10.0.0.1 (interface's primary address)
          sends to: multicast 224.0.0.18
          tie (equal priority): the higher source address wins, compared as unsigned big-endian numbers
            peers: not known in advance (multicast); the comparison is made with each advert's source
          addresses (added as MASTER, removed otherwise):
            vip 10.0.0.200/24 dev eth0
          trackers:
            interface eth0 weight 0: FAULT while down

        """;
}
