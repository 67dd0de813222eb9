using HaDaemon.Operations;
using HaDaemon.Tests.Scripts;

namespace HaDaemon.Tests.Operations;

/// <summary>
/// <c>hadaemon simulate</c> through its entry point: the printed virtual times must be the RFC 3768 ones exactly.
/// The pair: node1 priority 150 (state MASTER), node2 priority 100, VRRPv2, advert_int 1.
/// node1 starts as BACKUP and takes over after Master_Down_Interval = 3 + (256 − 150)/256 = 3.4140625 s, then
/// adverts every second: 3.4140625, 4.4140625, 5.4140625, …
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SimulateCommandTests : TempDirTest
{
    private const string Pair = """
        vrrp_script chk_nginx {
            script "/usr/local/bin/chk_nginx.sh"
            interval 1
            fall 2
            rise 2
        }
        vrrp_instance VI_1 {
            @node1 state MASTER
            @node2 state BACKUP
            interface eth0
            virtual_router_id 51
            @node1 priority 150
            @node2 priority 100
            advert_int 1
            virtual_ipaddress {
                192.168.1.100/24
            }
            track_script {
                chk_nginx weight -60
            }
        }
        """;

    private (int Code, string Out, string Err) Simulate(params string[] scenario)
    {
        var config = Tmp.Write("keepalived.conf", Pair, (UnixFileMode)0b110_100_100);
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = OperationsCommands.TryRun(["simulate", "-f", config, "--ids", "node1,node2", .. scenario], output, errors);
        Assert.NotNull(code);
        return (code.Value, output.ToString(), errors.ToString());
    }

    /// <summary>A scenario that must run; its printed output.</summary>
    private string Run(params string[] scenario)
    {
        var (code, output, errors) = Simulate(scenario);
        Assert.True(code == 0, $"exit {code}: {errors}");
        return output;
    }

    [Fact]
    public void Killed_master_is_replaced_three_intervals_plus_skew_after_its_last_advert()
    {
        var output = Run("--kill", "node1@5.5s", "--until", "12s");

        Assert.Contains("3.4140625s node1 VI_1 BACKUP -> MASTER (master down timer expired) prio 150", output);
        Assert.Contains("5.500000s node1 VI_1 MASTER -> KILLED (node killed)", output);
        // Last advert at 5.4140625 s; 3 × 1 s + (256 − 100)/256 s = 3.609375 s later.
        Assert.Contains("9.0234375s node2 VI_1 BACKUP -> MASTER (master down timer expired) prio 100", output);
        Assert.Contains("VIP 192.168.1.100: node2", output);
        Assert.Contains("split brain: none", output);
    }

    [Fact]
    public void Graceful_stop_hands_over_after_skew_time_only()
    {
        var output = Run("--stop", "node1@5.5s", "--until", "8s");

        // The priority-0 advert leaves at 5.5 s; the backup waits Skew_Time = 0.609375 s, not a whole Master_Down_Interval.
        Assert.Contains("6.109375s node2 VI_1 BACKUP -> MASTER (master down timer expired) prio 100", output);
        Assert.Contains("node1 VI_1: down", output);
    }

    [Fact]
    public void Restarted_higher_priority_node_preempts()
    {
        var output = Run("--kill", "node1@5.5s", "--start", "node1@12s", "--until", "20s");

        Assert.Contains("12.000000s node1 (started)", output);
        Assert.Contains("15.4140625s node1 VI_1 BACKUP -> MASTER (master down timer expired) prio 150", output);
        Assert.Contains("15.4140625s node2 VI_1 MASTER -> BACKUP (higher priority advert) prio 100", output);
        Assert.Contains("VIP 192.168.1.100: node1", output);
    }

    [Fact]
    public void Failing_script_lowers_the_master_below_the_backup()
    {
        var output = Run("--script-fail", "node1:chk_nginx@8s", "--until", "20s");

        Assert.Contains("node1 VI_1: BACKUP prio 90", output);
        Assert.Contains("node2 VI_1: MASTER prio 100", output);
        Assert.Contains("VIP 192.168.1.100: node2", output);
    }

    [Fact]
    public void Partition_shows_as_split_brain_and_heals()
    {
        var output = Run("--partition", "node1,node2@10s-20s", "--until", "30s");

        Assert.Contains("split brain:\n", output.ReplaceLineEndings("\n"));
        Assert.Contains("eth0/IPv4/vrid 51: node1/VI_1,node2/VI_1 from 13.", output);
        Assert.Contains("VIP 192.168.1.100: node1", output);
    }

    [Fact]
    public void Same_seed_same_timeline_under_loss()
    {
        var first = Run("--loss", "40%", "--seed", "7", "--until", "30s");
        var second = Run("--loss", "40%", "--seed", "7", "--until", "30s");

        Assert.Equal(first, second);
    }

    [Fact]
    public void Vrrp3_skew_scales_with_the_advert_interval_and_nodes_may_have_their_own_files()
    {
        static string Conf(int priority) => $$"""
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                version 3
                priority {{priority}}
                advert_int 0.5
                virtual_ipaddress {
                    192.168.1.100/24
                }
            }
            """;
        var a = Tmp.Write("a.conf", Conf(150), (UnixFileMode)0b110_100_100);
        var b = Tmp.Write("b.conf", Conf(100), (UnixFileMode)0b110_100_100);
        var output = new StringWriter();
        var errors = new StringWriter();

        var code = OperationsCommands.TryRun(["simulate", "--node", $"alpha={a}", "--node", $"beta={b}@whatever",
            "--kill", "alpha@3s", "--until", "6s"], output, errors);

        Assert.True(code == 0, errors.ToString());
        // alpha: 3 × 0.5 s + (256 − 150) × 0.5 s / 256 = 1.70703125 s, then adverts every 0.5 s (last 2.70703125 s).
        Assert.Contains("1.70703125s alpha VI_1 BACKUP -> MASTER (master down timer expired) prio 150", output.ToString());
        // beta: 2.70703125 s + 3 × 0.5 s + (256 − 100) × 0.5 s / 256 = 4.51171875 s.
        Assert.Contains("4.51171875s beta VI_1 BACKUP -> MASTER (master down timer expired) prio 100", output.ToString());
        Assert.Contains("# beta: " + b + " (config id whatever)", output.ToString());
    }

    [Fact]
    public void A_node_with_a_startup_delay_takes_over_only_after_the_delay_plus_its_master_down_interval()
    {
        static string Conf(int priority, string global) => $$"""
            {{global}}
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority {{priority}}
                advert_int 1
                virtual_ipaddress {
                    192.168.1.100/24
                }
            }
            """;
        var a = Tmp.Write("delayed.conf", Conf(150, "global_defs {\n    vrrp_startup_delay 5\n}"), (UnixFileMode)0b110_100_100);
        var b = Tmp.Write("plain.conf", Conf(100, ""), (UnixFileMode)0b110_100_100);
        var output = new StringWriter();
        var errors = new StringWriter();

        var code = OperationsCommands.TryRun(["simulate", "--node", $"alpha={a}", "--node", $"beta={b}", "--until", "10s"], output, errors);

        Assert.True(code == 0, errors.ToString());
        var text = output.ToString();
        // beta is not delayed: 3 s + (256 − 100)/256 s.
        Assert.Contains("3.609375s beta VI_1 BACKUP -> MASTER (master down timer expired) prio 100", text);
        // alpha is BACKUP at 0 but its down timer runs from the end of the delay: 5 s + 3 s + (256 − 150)/256 s.
        Assert.Contains("8.4140625s alpha VI_1 BACKUP -> MASTER (master down timer expired) prio 150", text);
        Assert.Contains("8.4140625s beta VI_1 MASTER -> BACKUP (higher priority advert) prio 100", text);
    }

    [Theory]
    [InlineData("--kill", "nobody@5s", "no node named 'nobody'")]
    [InlineData("--kill", "node1", "expected NODE@TIME")]
    [InlineData("--script-fail", "node1:nope@1s", "node1 has no enabled vrrp_script 'nope'")]
    [InlineData("--partition", "node1,node2@9s-3s", "expected A,B@FROM-UNTIL")]
    [InlineData("--loss", "150%", "0 <= P <= 100")]
    public void Bad_scenarios_are_refused_before_running(string option, string value, string message)
    {
        var (code, output, errors) = Simulate(option, value);

        Assert.Equal(1, code);
        Assert.Contains(message, errors);
        Assert.DoesNotContain("MASTER", output);
    }

    [Fact]
    public void Addresses_follow_the_documented_plan_and_addr_overrides_them()
    {
        var output = Run("--addr", "node2=10.1.1.7", "--until", "1s");

        Assert.Contains("# node1: ", output);
        Assert.Contains("eth0 192.168.1.1 fe80::1", output);
        Assert.Contains("eth0 10.1.1.7 fe80::2", output);
    }

    [Fact]
    public void Other_commands_are_left_to_the_daemon_command_line() =>
        Assert.Null(OperationsCommands.TryRun(["-t", "-f", "x"], TextWriter.Null, TextWriter.Null));
}
