using System.Globalization;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>
/// One line of <c>virtual_routes</c>/<c>static_routes</c> in <c>ip route</c> syntax, after keepalived's
/// alloc_route (vrrp_iproute.c): full option names only, a bad value drops the route with an error.
/// </summary>
internal static class RouteParser
{
    private static readonly HashSet<string> RouteTypes = new(StringComparer.Ordinal)
    {
        "unicast", "blackhole", "unreachable", "prohibit", "throw", "local", "broadcast", "multicast", "anycast", "nat",
    };

    // Options taking one value that HaDaemon passes through unchanged to netlink.
    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        "mtu", "advmss", "realms", "rtt", "rttvar", "reordering", "window", "cwnd", "ssthresh", "initcwnd", "initrwnd",
        "features", "quickack", "congctl", "pref", "expires", "ttl-propagate", "fastopen_no_cookie", "hoplimit", "rto_min",
        "vrf", "as", "encap",
    };

    private static readonly HashSet<string> FlagOptions = new(StringComparer.Ordinal) { "onlink", "lock", "prepend", "append" };

    public static RouteSpec? Parse(BindContext ctx, ConfigStatement line, bool isStatic)
    {
        var words = new List<ConfigToken>(line.Arguments.Count + 1) { line.Keyword };
        words.AddRange(line.Arguments);
        AddressFamily? family = null;
        string? dest = null, type = null, src = null, via = null, dev = null, table = null, proto = null, scope = null, tos = null, trackGroup = null;
        uint? metric = null;
        bool noTrack = false;
        var nextHops = new List<RouteNextHop>();
        var options = new List<KeyValuePair<string, string>>();

        bool SetFamily(AddressFamily f, ConfigToken at)
        {
            if (family is null)
            {
                family = f;
                return true;
            }
            if (family == f)
            {
                return true;
            }
            ctx.Error(at.Location, "Cannot mix IPv4 and IPv6 addresses for route", "route-family");
            return false;
        }

        bool Address(ConfigToken t, string what, out string value)
        {
            value = "";
            if (!Values.TryAddress(t.Text, out var ip, out var f))
            {
                ctx.Error(t.Location, $"invalid route {what} address {t.Text}", "route-address");
                return false;
            }
            value = ip.ToString();
            return SetFamily(f, t);
        }

        var i = 0;
        for (; i < words.Count; i++)
        {
            var w = words[i];
            var str = w.Text;
            var hasParam = i + 1 < words.Count;
            if (NeedsValue(str) && !hasParam)
            {
                ctx.Error(w.Location, $"Route has no value for {str}", "missing-parameter");
                return null;
            }
            switch (str)
            {
                case "inet":
                    if (!SetFamily(AddressFamily.IPv4, w)) return null;
                    break;
                case "inet6":
                    if (!SetFamily(AddressFamily.IPv6, w)) return null;
                    break;
                case "src":
                    if (!Address(words[++i], "src", out var s)) return null;
                    src = s;
                    break;
                case "via" or "gw":
                    if (str == "gw")
                    {
                        ctx.Error(w.Location, "\"gw\" for routes is deprecated. Please use \"via\"", "deprecated");
                    }
                    var viaTok = words[++i];
                    if (viaTok.Text is "inet" or "inet6" && i + 1 < words.Count)
                    {
                        viaTok = words[++i];
                    }
                    if (!Address(viaTok, "via", out var v)) return null;
                    via = v;
                    break;
                case "dev" or "oif":
                    var d = words[++i];
                    if (!ctx.InterfaceUsable(d.Text, d.Location))
                    {
                        ctx.Warning(d.Location, $"WARNING - interface {d.Text} for VROUTE nexthop doesn't exist", "missing-interface");
                        return null;
                    }
                    dev = d.Text;
                    break;
                case "table":
                    table = words[++i].Text;
                    break;
                case "metric" or "priority" or "preference":
                    var m = words[++i];
                    if (!uint.TryParse(m.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var mv))
                    {
                        ctx.Error(m.Location, $"Invalid metric {m.Text} specified for route", "invalid-number");
                        return null;
                    }
                    metric = mv;
                    break;
                case "proto" or "protocol":
                    proto = words[++i].Text;
                    break;
                case "scope":
                    scope = words[++i].Text;
                    break;
                case "tos" or "dsfield":
                    tos = words[++i].Text;
                    break;
                case "no_track":
                    noTrack = true;
                    break;
                case "track_group" when isStatic:
                    trackGroup = words[++i].Text;
                    break;
                case "or":
                    ctx.Error(w.Location, "\"or\" for routes is deprecated. Please use \"nexthop\"", "deprecated");
                    if (!hasParam)
                    {
                        return null;
                    }
                    if (nextHops.Count > 0)
                    {
                        ctx.Error(w.Location, "\"or\" route already specified - ignoring subsequent", "route-or");
                        i++;
                        break;
                    }
                    var orTok = words[++i];
                    if (!Values.TryAddress(orTok.Text, out var orIp, out var orF) || !SetFamily(orF, orTok))
                    {
                        ctx.Error(orTok.Location, $"Invalid \"or\" address {orTok.Text}", "route-address");
                        return null;
                    }
                    nextHops.Add(new RouteNextHop(via, null, null, []));
                    nextHops.Add(new RouteNextHop(orIp.ToString(), null, null, []));
                    via = null;
                    break;
                case "nexthop":
                    if (!ParseNextHops(ctx, words, i + 1, nextHops, SetFamily))
                    {
                        return null;
                    }
                    i = words.Count;
                    break;
                default:
                    if (FlagOptions.Contains(str))
                    {
                        options.Add(new(str, ""));
                        break;
                    }
                    if (ValueOptions.Contains(str))
                    {
                        var val = words[++i].Text;
                        if (val == "lock" && i + 1 < words.Count)
                        {
                            val += " " + words[++i].Text;
                        }
                        options.Add(new(str, val));
                        break;
                    }
                    if (RouteTypes.Contains(str) && hasParam)
                    {
                        type = str;
                        w = words[++i];
                    }
                    if (w.Text == "to" && i + 1 < words.Count)
                    {
                        w = words[++i];
                    }
                    if (!ParseDestination(ctx, w, out var dst, out var dstFamily))
                    {
                        return null;
                    }
                    if (dstFamily is { } df && !SetFamily(df, w))
                    {
                        ctx.Error(w.Location, $"Cannot mix IPv4 and IPv6 addresses for route ({w.Text})", "route-family");
                        return null;
                    }
                    dest = dst;
                    break;
            }
        }
        if (dest is null)
        {
            ctx.Error(line.Location, "Route must have a destination", "route-destination");
            return null;
        }
        if (!noTrack && dev is null && nextHops.All(h => h.Device is null) )
        {
            ctx.Warning(line.Location, $"Warning - cannot track route {dest} with no interface specified, not tracking", "route-untracked");
            noTrack = true;
        }
        return new RouteSpec(dest, family ?? AddressFamily.IPv4, type, src, via, dev, table, metric, proto, scope, tos, nextHops,
            options, noTrack, trackGroup, line.Location);
    }

    private static bool NeedsValue(string s) =>
        s is "src" or "via" or "gw" or "dev" or "oif" or "table" or "metric" or "priority" or "preference" or "proto" or "protocol"
            or "scope" or "tos" or "dsfield" or "track_group" || ValueOptions.Contains(s);

    /// <summary>parse_route: default/any/all, default6 (deprecated) or PREFIX. Normalised to "a.b.c.d/len".</summary>
    private static bool ParseDestination(BindContext ctx, ConfigToken t, out string dest, out AddressFamily? family)
    {
        dest = t.Text;
        family = null;
        if (t.Text is "default" or "any" or "all")
        {
            return true;
        }
        if (t.Text == "default6")
        {
            ctx.Info(t.Location, "'default6' is deprecated - please replace with 'inet6 default'", "deprecated");
            family = AddressFamily.IPv6;
            return true;
        }
        var parsed = AddressParser.ParsePrefixed(ctx, t);
        if (parsed is null)
        {
            ctx.Error(t.Location, $"unknown route keyword {t.Text}", "route-keyword");
            return false;
        }
        dest = $"{parsed.Value.Address}/{parsed.Value.Prefix}";
        family = parsed.Value.Family;
        return true;
    }

    private static bool ParseNextHops(BindContext ctx, List<ConfigToken> words, int start, List<RouteNextHop> hops,
        Func<AddressFamily, ConfigToken, bool> setFamily)
    {
        string? via = null, dev = null;
        int? weight = null;
        var opts = new List<string>();
        var any = false;
        for (var i = start; i < words.Count; i++)
        {
            var w = words[i];
            switch (w.Text)
            {
                case "nexthop":
                    if (any)
                    {
                        hops.Add(new RouteNextHop(via, dev, weight, opts.ToArray()));
                    }
                    (via, dev, weight, any) = (null, null, null, false);
                    opts.Clear();
                    continue;
                case "via" when i + 1 < words.Count:
                    var vt = words[++i];
                    if (!Values.TryAddress(vt.Text, out var ip, out var f))
                    {
                        ctx.Error(vt.Location, $"invalid nexthop address {vt.Text}", "route-address");
                        return false;
                    }
                    if (!setFamily(f, vt))
                    {
                        return false;
                    }
                    via = ip.ToString();
                    break;
                case "dev" when i + 1 < words.Count:
                    var d = words[++i];
                    if (!ctx.InterfaceUsable(d.Text, d.Location))
                    {
                        ctx.Warning(d.Location, $"WARNING - interface {d.Text} for VROUTE nexthop doesn't exist", "missing-interface");
                        return false;
                    }
                    dev = d.Text;
                    break;
                case "weight" when i + 1 < words.Count:
                    var wt = words[++i];
                    if (!int.TryParse(wt.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var wv) || wv is < 1 or > 256)
                    {
                        ctx.Error(wt.Location, wv == 0 ? "Invalid weight 0 specified for route" : $"Invalid weight {wt.Text} specified for route", "invalid-number");
                        return false;
                    }
                    weight = wv;
                    break;
                case "onlink":
                    opts.Add("onlink");
                    break;
                default:
                    ctx.Error(w.Location, $"Route has trailing nonsense after nexthops - {w.Text}", "route-nonsense");
                    return false;
            }
            any = true;
        }
        if (any)
        {
            hops.Add(new RouteNextHop(via, dev, weight, opts.ToArray()));
        }
        return true;
    }
}
