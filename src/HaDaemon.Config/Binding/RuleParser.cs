using System.Globalization;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>One line of <c>virtual_rules</c>/<c>static_rules</c> in <c>ip rule</c> syntax (keepalived's alloc_rule).</summary>
internal static class RuleParser
{
    private static readonly HashSet<string> Actions = new(StringComparer.Ordinal)
    {
        "unicast", "blackhole", "unreachable", "prohibit", "nop",
    };

    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        "uidrange", "sport", "dport", "ipproto", "suppress_prefixlength", "goto", "tunnel-id",
    };

    private static readonly HashSet<string> FlagOptions = new(StringComparer.Ordinal) { "not", "l3mdev" };

    public static RuleSpec? Parse(BindContext ctx, ConfigStatement line, bool isStatic)
    {
        var words = new List<ConfigToken>(line.Arguments.Count + 1) { line.Keyword };
        words.AddRange(line.Arguments);
        AddressFamily? family = null;
        string? from = null, to = null, action = null, iif = null, oif = null, fwmark = null, trackGroup = null;
        uint? preference = null, table = null, realms = null, group = null;
        byte? tos = null, protocol = null;
        var noTrack = false;
        var options = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            var str = w.Text;
            var hasParam = i + 1 < words.Count;
            if (!hasParam && (str is "from" or "to" or "table" or "lookup" or "preference" or "priority" or "pref" or "order" or "iif" or "dev" or "iifname"
                    or "oif" or "oifname" or "fwmark" or "track_group" or "tos" or "dsfield" or "realms" or "suppress_ifgroup" or "sup_group"
                    or "protocol" || ValueOptions.Contains(str)))
            {
                ctx.Error(w.Location, $"Rule has no value for {str}", "missing-parameter");
                return null;
            }
            switch (str)
            {
                case "inet" or "inet6":
                    var f = str == "inet" ? AddressFamily.IPv4 : AddressFamily.IPv6;
                    if (family is not null && family != f)
                    {
                        ctx.Error(w.Location, $"{str} specified for IPv{(family == AddressFamily.IPv4 ? 4 : 6)} rule", "rule-family");
                        return null;
                    }
                    family = f;
                    break;
                case "from" or "to":
                    var at = words[++i];
                    if (at.Text is "all" or "any" or "default")
                    {
                        break;
                    }
                    var parsed = AddressParser.ParsePrefixed(ctx, at);
                    if (parsed is null)
                    {
                        ctx.Error(at.Location, $"Invalid rule {str} address {at.Text}", "rule-address");
                        return null;
                    }
                    if (family is not null && family != parsed.Value.Family)
                    {
                        ctx.Error(at.Location, $"Rule {str} address {at.Text} does not match rule family", "rule-family");
                        return null;
                    }
                    family = parsed.Value.Family;
                    var text = $"{parsed.Value.Address}/{parsed.Value.Prefix}";
                    if (str == "from") from = text; else to = text;
                    break;
                case "table" or "lookup":
                    var tt = words[++i];
                    if (!ctx.RouteNames.TryFind(RouteNameKind.Table, tt.Text, out var tv))
                    {
                        ctx.Error(tt.Location, $"Routing table {tt.Text} not found for rule", "route-name");
                        return null;
                    }
                    if (tv == 0)
                    {
                        ctx.Error(tt.Location, "Table 0 is not valid", "route-name");
                        return null;
                    }
                    table = tv;
                    break;
                case "tos" or "dsfield":
                    var ds = words[++i];
                    if (!ctx.RouteNames.TryFind(RouteNameKind.DsField, ds.Text, out var dv))
                    {
                        ctx.Error(ds.Location, $"TOS value {ds.Text} is invalid", "route-name");
                        return null;
                    }
                    tos = (byte)dv;
                    break;
                case "realms":
                    var rl = words[++i];
                    if (!ctx.RouteNames.TryRealms(rl.Text, out var rv))
                    {
                        ctx.Error(rl.Location, $"invalid realms {rl.Text} for rule", "route-name");
                        return null;
                    }
                    if (family is AddressFamily.IPv6)
                    {
                        ctx.Error(rl.Location, "realms is only valid for IPv4", "rule-family");
                        return null;
                    }
                    (realms, family) = (rv, AddressFamily.IPv4);
                    break;
                case "suppress_ifgroup" or "sup_group":
                    var gt = words[++i];
                    if (!ctx.RouteNames.TryFind(RouteNameKind.Group, gt.Text, out var gv))
                    {
                        ctx.Error(gt.Location, $"suppress_group {gt.Text} is invalid", "route-name");
                        return null;
                    }
                    group = gv;
                    break;
                case "protocol":
                    // Rules take a number only (read_unsigned); a bad one is reported and the rule kept without it.
                    var pt = words[++i];
                    if (RouteParser.TryU32(pt.Text, 255, out var protoValue))
                    {
                        protocol = (byte)protoValue;
                    }
                    else
                    {
                        ctx.Error(pt.Location, $"Invalid protocol {pt.Text}", "invalid-number");
                    }
                    break;
                case "preference" or "priority" or "pref" or "order":
                    var p = words[++i];
                    if (!uint.TryParse(p.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var pv))
                    {
                        ctx.Error(p.Location, $"Invalid rule preference {p.Text} specified", "invalid-number");
                        return null;
                    }
                    preference = pv;
                    break;
                case "iif" or "dev" or "iifname" or "oif" or "oifname":
                    var d = words[++i];
                    if (!ctx.InterfaceUsable(d.Text, d.Location))
                    {
                        ctx.Warning(d.Location, $"WARNING - interface {d.Text} for ip rule doesn't exist", "missing-interface");
                        return null;
                    }
                    if (str is "oif" or "oifname") oif = d.Text; else iif = d.Text;
                    break;
                case "fwmark":
                    fwmark = words[++i].Text;
                    break;
                case "no_track":
                    noTrack = true;
                    break;
                case "track_group" when isStatic:
                    trackGroup = words[++i].Text;
                    break;
                default:
                    if (Actions.Contains(str))
                    {
                        action = str;
                    }
                    else if (FlagOptions.Contains(str))
                    {
                        options.Add(new(str, ""));
                    }
                    else if (ValueOptions.Contains(str))
                    {
                        options.Add(new(str, words[++i].Text));
                    }
                    else
                    {
                        ctx.Error(w.Location, $"Unknown rule option {str}", "rule-option");
                        return null;
                    }
                    break;
            }
        }
        var assigned = false;
        if (preference is null)
        {
            preference = ctx.NextRulePreference;
            ctx.Warning(line.Location, $"Rule has no preference specified - setting to {preference}. This is probably not what you want.", "rule-preference");
            ctx.NextRulePreference--;
            assigned = true;
        }
        if (trackGroup is not null && iif is null)
        {
            ctx.Error(line.Location, "Static rule cannot have track_group if dev/iif not specified", "rule-track-group");
            trackGroup = null;
        }
        if (!noTrack)
        {
            // keepalived recognises its own rules in netlink events by FRA_PROTOCOL (keepalived_netlink.c netlink_rule_filter).
            if (protocol is { } given && given != 18)
            {
                ctx.Error(line.Location, "Rule cannot be tracked if protocol is not RTPROT_KEEPALIVED(18), resetting protocol", "route-protocol");
            }
            protocol = 18;
        }
        return new RuleSpec(family ?? AddressFamily.IPv4, from, to, preference.Value, assigned, table, action, iif, oif, fwmark, options,
            noTrack, trackGroup, line.Location)
        {
            Protocol = protocol, Tos = tos, Realms = realms, SuppressInterfaceGroup = group,
        };
    }
}
