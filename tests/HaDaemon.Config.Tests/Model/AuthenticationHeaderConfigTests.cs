using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;
using static HaDaemon.Config.Tests.Model.ModelTestHelpers;

namespace HaDaemon.Config.Tests.Model;

/// <summary>
/// auth_type AH as keepalived 2.2.7's vrrp_complete_instance takes it: VRRPv2 over IPv4 runs with it; v3, strict mode
/// and IPv6 drop the authentication with keepalived's message; state MASTER on a non-owner is cleared to BACKUP.
/// </summary>
public sealed class AuthenticationHeaderConfigTests
{
    private const string AhBlock = """
            authentication {
                auth_type AH
                auth_pass secret12
            }
        """;

    private static string Body(string extra, string vip = "10.0.0.1") => $$"""
            priority 100
        {{extra}}
            virtual_ipaddress {
                {{vip}}
            }
        {{AhBlock}}
        """;

    [Fact]
    public void AH_runs_for_VRRPv2_over_IPv4_without_any_diagnostic()
    {
        var r = Load(Instance(Body("")));

        Assert.True(r.CanRun, Messages(r));
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity >= Severity.Warning);
        var instance = Assert.Single(r.Config!.Instances);
        Assert.Equal(AuthenticationType.Ah, instance.AuthType);
        Assert.Equal("secret12", instance.AuthPassword);
    }

    [Theory]
    [InlineData("    version 3", "10.0.0.1", "(VI_1) VRRP version 3 does not support authentication. Ignoring.")]
    [InlineData("    strict_mode", "10.0.0.1", "(VI_1) Strict mode does not support authentication. Ignoring.")]
    [InlineData("", "2001:db8::1", "(VI_1) VRRP version 3 does not support authentication. Ignoring.")]
    public void Where_keepalived_drops_AH_we_drop_it_with_its_message(string extra, string vip, string message)
    {
        var r = Load(Instance(Body(extra, vip)));

        Assert.Contains(r.Diagnostics, d => d.Severity == Severity.Error && d.Message == message);
        Assert.Equal(AuthenticationType.None, Assert.Single(r.Config!.Instances).AuthType);
    }

    [Fact]
    public void State_master_on_a_non_owner_is_cleared_to_backup_with_keepalived_s_message()
    {
        var r = Load(Instance(Body("    state MASTER")));

        var d = Assert.Single(r.Diagnostics, x => x.Severity >= Severity.Warning);
        Assert.Equal("(VI_1) Initial state master is incompatible with AH authentication - clearing", d.Message);
        Assert.Equal(5, d.Location.Line); // the state line
        var instance = Assert.Single(r.Config!.Instances);
        Assert.Equal(InitialState.Backup, instance.InitialState);
        Assert.Equal(AuthenticationType.Ah, instance.AuthType);
    }

    [Fact]
    public void The_address_owner_keeps_state_master()
    {
        var r = Load(Instance(Body("    state MASTER").Replace("priority 100", "priority 255", StringComparison.Ordinal)));

        Assert.DoesNotContain(r.Diagnostics, d => d.Severity >= Severity.Warning);
        Assert.Equal(InitialState.Master, Assert.Single(r.Config!.Instances).InitialState);
    }

    [Fact]
    public void The_corpus_AH_file_loads_with_keepalived_s_only_complaint_and_exit_code()
    {
        var r = HaDaemon.Config.Loading.ConfigLoader.Load(
            Path.Combine(HaDaemon.TestSupport.RepoPaths.Corpus, "keepalived.conf.SSL_GET"), Options());

        Assert.DoesNotContain(r.Diagnostics, d => d.Severity == Severity.Fatal);
        var d = Assert.Single(r.Diagnostics, x => x.Severity >= Severity.Warning);
        Assert.Equal("(VI_1) Initial state master is incompatible with AH authentication - clearing", d.Message);
        Assert.Equal(5, r.ExitCode);
        Assert.Equal(AuthenticationType.Ah, Assert.Single(r.Config!.Instances).AuthType);
    }
}
