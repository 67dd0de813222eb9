using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;
using static HaDaemon.Config.Tests.Model.ModelTestHelpers;

namespace HaDaemon.Config.Tests.Model;

/// <summary>
/// The VRRP process's scheduling keywords and startup/shutdown scripts in global_defs, with keepalived 2.2.7's
/// ranges, defaults and messages (global_parser.c).
/// </summary>
public sealed class ProcessKeywordTests
{
    private static string WithGlobal(string lines) =>
        "global_defs {\n" + lines + "\n}\n" + Instance("virtual_ipaddress {\n 192.168.200.16\n}");

    private static ProcessDefs Clean(string lines, FakeScriptEnvironment? env = null)
    {
        var r = Load(WithGlobal(lines), env is null ? null : Options(scripts: env));
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity >= Severity.Warning);
        return r.Config!.Global.Process;
    }

    [Fact]
    public void Defaults_are_keepalived_s()
    {
        var p = Clean(" router_id a");
        Assert.Equal(0, p.Nice);
        Assert.Equal(0, p.RealtimePriority);
        Assert.Equal(1_000_000, p.RealtimeLimitMicros);
        Assert.False(p.NoSwap);
        Assert.Empty(p.CpuAffinity);
        Assert.Equal(0, p.MaxAutoPriority);
        Assert.Equal(TimeSpan.FromSeconds(1), p.MinAutoPriorityDelay);
        Assert.Null(p.StartupScript);
        Assert.Null(p.ShutdownScript);
        Assert.Equal(TimeSpan.FromSeconds(10), p.StartupScriptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), p.ShutdownScriptTimeout);
    }

    [Fact]
    public void Every_keyword_is_read_and_none_is_reported_as_ignored()
    {
        var env = FakeScriptEnvironment.DebianLike().User("keepalived_script", 900, 900);
        var r = Load(WithGlobal("""
             vrrp_priority -5
             vrrp_no_swap
             vrrp_rt_priority 40
             vrrp_rlimit_rttime 20000
             vrrp_cpu_affinity 0
             max_auto_priority 50
             min_auto_priority_delay 200000
             startup_script /usr/bin/true
             startup_script_timeout 3
             shutdown_script "/usr/bin/true down"
             shutdown_script_timeout 7
             enable_script_security
            """), Options(scripts: env));
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity >= Severity.Warning);
        Assert.Empty(r.Config!.IgnoredFeatures);
        var p = r.Config!.Global.Process;
        Assert.Equal((-5, 40, 20_000L, true), (p.Nice, p.RealtimePriority, p.RealtimeLimitMicros, p.NoSwap));
        Assert.Equal([0], p.CpuAffinity);
        Assert.Equal((50, TimeSpan.FromMilliseconds(200)), (p.MaxAutoPriority, p.MinAutoPriorityDelay));
        Assert.Equal(["/usr/bin/true"], p.StartupScript!.Argv);
        Assert.Equal(["/usr/bin/true", "down"], p.ShutdownScript!.Argv);
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(7)), (p.StartupScriptTimeout, p.ShutdownScriptTimeout));
    }

    [Theory]
    [InlineData("vrrp_priority -21", "Invalid vrrp process priority specified - '-21' is not in [-20, 19]")]
    [InlineData("vrrp_priority 20", "Invalid vrrp process priority specified - '20' is not in [-20, 19]")]
    [InlineData("vrrp_rt_priority fast", "vrrp process real-time priority 'fast' invalid")]
    [InlineData("vrrp_rlimit_rttime 0", "Invalid vrrp real-time limit - 0")]
    [InlineData("max_auto_priority 100", "max_auto_priority '100' must be in [0, 99] (or -1 to disable) - ignoring")]
    [InlineData("min_auto_priority_delay 0", "min_auto_priority_delay '0' must be in [1, 10000000] - ignoring")]
    [InlineData("startup_script_timeout 1001", "startup_script_timeout '1001' must be in [1, 1000] - ignoring")]
    [InlineData("shutdown_script_timeout 0", "shutdown_script_timeout '0' must be in [1, 1000] - ignoring")]
    [InlineData("vrrp_cpu_affinity 0 100000", "Invalid cpu_id:100000 specified for vrrp process")]
    public void Out_of_range_values_are_errors_at_the_value(string line, string message)
    {
        var r = Load(WithGlobal(" " + line));
        var d = Single(r);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.StartsWith(message, d.Message, StringComparison.Ordinal);
        Assert.Equal(2, d.Location.Line);
        var valueColumn = line.LastIndexOf(' ') + 2 + 1;
        Assert.Equal(valueColumn, d.Location.Column);
        var p = r.Config!.Global.Process;
        Assert.Equal(ProcessDefs.Default with { StartupScript = null, ShutdownScript = null }, p with { CpuAffinity = [] });
        Assert.Empty(p.CpuAffinity);
    }

    [Theory]
    [InlineData("0", 1, "less than minimum 1 - setting to minimum")]
    [InlineData("-3", 1, "less than minimum 1 - setting to minimum")]
    [InlineData("120", 99, "greater than maximum 99 - setting to maximum")]
    public void Realtime_priority_out_of_range_is_clamped_with_an_error(string value, int expected, string message)
    {
        var r = Load(WithGlobal(" vrrp_rt_priority " + value));
        Assert.EndsWith(message, Single(r).Message, StringComparison.Ordinal);
        Assert.Equal(expected, r.Config!.Global.Process.RealtimePriority);
    }

    [Fact]
    public void Max_auto_priority_without_a_value_is_the_maximum_and_minus_one_disables()
    {
        Assert.Equal(99, Clean(" max_auto_priority").MaxAutoPriority);
        Assert.Equal(-1, Clean(" max_auto_priority -1").MaxAutoPriority);
    }

    [Fact]
    public void Realtime_limit_of_one_becomes_two_so_the_soft_limit_is_not_zero()
    {
        Assert.Equal(2, Clean(" vrrp_rlimit_rttime 1").RealtimeLimitMicros);
    }

    [Fact]
    public void Deprecated_rlimit_rtime_still_works_with_a_note()
    {
        var r = Load(WithGlobal(" vrrp_rlimit_rtime 5000"));
        Assert.Contains(r.Diagnostics, d => d.Code == "deprecated-keyword" && d.Message.Contains("vrrp_rlimit_rttime", StringComparison.Ordinal));
        Assert.Equal(5000, r.Config!.Global.Process.RealtimeLimitMicros);
    }

    [Fact]
    public void Cpu_list_is_space_separated_ids_deduplicated_and_a_bad_id_empties_the_set()
    {
        Assert.Equal([0], Clean(" vrrp_cpu_affinity 0 0").CpuAffinity);
        var r = Load(WithGlobal(" vrrp_cpu_affinity 0 x"));
        Assert.Equal("invalid-cpu", Single(r).Code);
        Assert.Empty(r.Config!.Global.Process.CpuAffinity);
        // keepalived 2.2.7 has no "0-3" range syntax: it is an invalid id.
        Assert.Equal("invalid-cpu", Single(Load(WithGlobal(" vrrp_cpu_affinity 0-1"))).Code);
    }

    [Fact]
    public void A_second_startup_script_is_an_error_and_the_first_stays()
    {
        var r = Load(WithGlobal(" enable_script_security\n script_user root\n startup_script /usr/bin/true\n startup_script /bin/sh"));
        Assert.Equal("startup script already specified", Single(r).Message);
        Assert.Equal("/usr/bin/true", r.Config!.Global.Process.StartupScript!.Program);
    }

    [Fact]
    public void Startup_and_shutdown_scripts_follow_script_security()
    {
        // Root-run scripts without enable_script_security: keepalived's SECURITY VIOLATION (-t exit 6).
        var r = Load(WithGlobal(" shutdown_script /usr/bin/true"));
        Assert.Contains(r.Diagnostics, d => d.Message.StartsWith("SECURITY VIOLATION", StringComparison.Ordinal));
        // A missing script is disabled.
        var missing = Load(WithGlobal(" enable_script_security\n startup_script /opt/nothere.sh"));
        Assert.Null(missing.Config!.Global.Process.StartupScript);
        // A script user applies like for notify scripts.
        var env = FakeScriptEnvironment.DebianLike().User("nobody", 65534, 65534).File("/opt/up.sh");
        var p = Clean(" enable_script_security\n startup_script \"/opt/up.sh a b\" nobody", env);
        Assert.Equal("nobody", p.StartupScript!.User);
        Assert.Equal(["/opt/up.sh", "a", "b"], p.StartupScript.Argv);
    }

    [Fact]
    public void Same_tuning_compares_values_not_list_instances_and_ignores_scripts()
    {
        var a = Clean(" vrrp_cpu_affinity 0\n vrrp_priority 3");
        var b = Clean(" vrrp_cpu_affinity 0\n vrrp_priority 3\n shutdown_script_timeout 5");
        Assert.True(a.SameTuning(b));
        Assert.False(a.SameTuning(b with { Nice = 4 }));
        Assert.False(a.SameTuning(b with { CpuAffinity = [] }));
    }
}
