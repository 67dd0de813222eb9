using HaDaemon.Config.Diagnostics;
using static HaDaemon.Config.Tests.Model.ModelTestHelpers;

namespace HaDaemon.Config.Tests.Model;

/// <summary>
/// keepalived's IPsec-AH authentication is not implemented: running such a config would split-brain with AH peers
/// (they reject our plain adverts) and accept unauthenticated adverts, so the loader refuses it with a position.
/// </summary>
public sealed class UnsupportedAuthenticationTests
{
    [Fact]
    public void Auth_type_AH_is_fatal_and_the_config_does_not_run()
    {
        var r = Load(Instance("""
                priority 100
                virtual_ipaddress {
                    10.0.0.1
                }
                authentication {
                    auth_type AH
                    auth_pass secret
                }
            """));

        var d = Assert.Single(r.Diagnostics, x => x.Code == "unsupported-auth-ah");
        Assert.Equal(Severity.Fatal, d.Severity);
        Assert.Equal(9, d.Location.Line); // the auth_type line
        Assert.Contains("auth_type AH is not supported", d.Message, StringComparison.Ordinal);
        Assert.False(r.CanRun);
    }

    [Fact]
    public void Auth_type_PASS_still_runs()
    {
        var r = Load(Instance("""
                priority 100
                virtual_ipaddress {
                    10.0.0.1
                }
                authentication {
                    auth_type PASS
                    auth_pass secret
                }
            """));

        Assert.DoesNotContain(r.Diagnostics, x => x.Severity == Severity.Fatal);
        Assert.True(r.CanRun);
    }
}
