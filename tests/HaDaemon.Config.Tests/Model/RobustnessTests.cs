using FsCheck;
using FsCheck.Fluent;
using PropertyCheck = FsCheck.Check;
using PropertyConfig = FsCheck.Config;
using static HaDaemon.Config.Tests.Model.ModelTestHelpers;

namespace HaDaemon.Config.Tests.Model;

/// <summary>Bad input never crashes the binder or the normaliser, and every diagnostic keeps a position.</summary>
public sealed class RobustnessTests
{
    private static readonly string[] Vocabulary =
    [
        "vrrp_instance", "VI_1", "VI_2", "vrrp_sync_group", "group", "vrrp_script", "chk", "script", "\"/usr/bin/true x\"", "track_script",
        "track_interface", "track_file", "vrrp_track_process", "process", "global_defs", "vrrp_strict", "state", "MASTER", "BACKUP",
        "interface", "eth0", "eth9", "lo", "virtual_router_id", "priority", "advert_int", "version", "0", "1", "2", "3", "255",
        "256", "-1", "0.001", "40.96", "abc", "virtual_ipaddress", "virtual_ipaddress_excluded", "10.0.0.1", "10.0.0.1/24", "fe80::1",
        "2001:db8::1/64", "dev", "brd", "+", "label", "scope", "peer", "authentication", "auth_type", "PASS", "AH", "auth_pass",
        "unicast_peer", "unicast_src_ip", "min_ttl", "nopreempt", "preempt_delay", "weight", "reverse", "notify_master", "notify",
        "virtual_routes", "virtual_rules", "via", "table", "from", "to", "nexthop", "or", "gw", "static_ipaddress", "use_vmac",
        "strict_mode", "accept", "no_accept", "hadaemon_status_listen", "127.0.0.1:1", "hadaemon_log_format", "json", "virtual_server", "{", "}", "{", "}",
    ];

    [Fact]
    public void Random_token_soup_never_throws_and_keeps_positions()
    {
        var lineGen = Gen.ListOf(Gen.Elements(Vocabulary)).Select(words => string.Join(' ', words.Take(6)));
        var textGen = Gen.ListOf(lineGen).Select(lines => string.Join('\n', lines.Take(40)));
        var property = Prop.ForAll(textGen.ToArbitrary(), text =>
        {
            var r = Load(text);
            return r.Diagnostics.All(d => d.Location.Line >= 1 && d.Location.Column >= 1);
        });
        PropertyCheck.One(PropertyConfig.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Fact]
    public void Structured_random_instances_never_throw()
    {
        var bodyLine = Gen.Elements(Vocabulary).Two().Select(p => "  " + p.Item1 + " " + p.Item2);
        var instanceGen = Gen.ListOf(bodyLine).Select(lines => "vrrp_instance VI_1 {\n" + string.Join('\n', lines.Take(15)) + "\n}\n");
        var property = Prop.ForAll(instanceGen.ToArbitrary(), text =>
        {
            var r = Load(text);
            return r.Diagnostics.All(d => d.Location.Line >= 1) && (r.Config is null || r.Config.Instances.Count <= 1);
        });
        PropertyCheck.One(PropertyConfig.QuickThrowOnFailure.WithMaxTest(300), property);
    }
}
