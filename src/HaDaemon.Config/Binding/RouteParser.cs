using System.Globalization;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>
/// One line of <c>virtual_routes</c>/<c>static_routes</c> in <c>ip route</c> syntax, after keepalived 2.2.7's
/// alloc_route (vrrp_iproute.c): full option names only, names resolved through <see cref="RouteNames"/>, a bad
/// value drops the route with an error at the value's position.
/// </summary>
internal static class RouteParser
{
    private const byte ProtocolKeepalived = 18;

    /// <summary>Metrics taking <c>[lock] N</c> and read as plain numbers (get_u32 / get_u8).</summary>
    private static readonly Dictionary<string, (RouteMetric Metric, bool Lockable, uint Max, string Error)> NumberMetrics = new(StringComparer.Ordinal)
    {
        ["mtu"] = (RouteMetric.Mtu, true, uint.MaxValue, "Invalid MTU {0} specified for route"),
        ["hoplimit"] = (RouteMetric.HopLimit, false, 255, "Invalid hoplimit {0} specified for route"),
        ["advmss"] = (RouteMetric.AdvMss, true, uint.MaxValue, "Invalid advmss {0} specified for route"),
        ["reordering"] = (RouteMetric.Reordering, true, uint.MaxValue, "Invalid reordering value {0} specified for route"),
        ["window"] = (RouteMetric.Window, false, uint.MaxValue, "Invalid window value {0} specified for route"),
        ["cwnd"] = (RouteMetric.Cwnd, true, uint.MaxValue, "Invalid cwnd value {0} specified for route"),
        ["ssthresh"] = (RouteMetric.Ssthresh, true, uint.MaxValue, "Invalid ssthresh value {0} specified for route"),
        ["initcwnd"] = (RouteMetric.InitCwnd, false, uint.MaxValue, "Invalid initcwnd value {0} specified for route"),
        ["initrwnd"] = (RouteMetric.InitRwnd, false, uint.MaxValue, "Invalid initrwnd value {0} specified for route"),
        ["quickack"] = (RouteMetric.QuickAck, false, 1, "Invalid quickack value {0} specified for route"),
        ["fastopen_no_cookie"] = (RouteMetric.FastOpenNoCookie, false, 1, "Invalid fastopen_no_cookie value {0} specified for route"),
    };

    /// <summary>Time metrics (get_time_rtt): unit multiplier to kernel units per ms, and the error.</summary>
    private static readonly Dictionary<string, (RouteMetric Metric, uint UnitsPerMs, string Error)> TimeMetrics = new(StringComparer.Ordinal)
    {
        ["rtt"] = (RouteMetric.Rtt, 8, "Invalid rtt {0} for route"),
        ["rttvar"] = (RouteMetric.RttVar, 4, "Invalid rttvar {0} for route"),
        ["rto_min"] = (RouteMetric.RtoMin, 1, "Invalid rto_min value {0} specified for route"),
    };

    private static readonly HashSet<string> ValueWords = new(StringComparer.Ordinal)
    {
        "src", "as", "via", "gw", "from", "tos", "dsfield", "table", "protocol", "scope", "metric", "priority", "preference",
        "dev", "oif", "expires", "realms", "features", "congctl", "pref", "ttl-propagate", "track_group", "vrf", "or",
    };

    public static RouteSpec? Parse(BindContext ctx, ConfigStatement line, bool isStatic)
    {
        var words = new List<ConfigToken>(line.Arguments.Count + 1) { line.Keyword };
        words.AddRange(line.Arguments);
        var r = new RouteDraft(ctx);
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            var str = w.Text;
            if ((ValueWords.Contains(str) || NumberMetrics.ContainsKey(str) || TimeMetrics.ContainsKey(str)) && i + 1 >= words.Count)
            {
                ctx.Error(w.Location, $"Route has no value for {str}", "missing-parameter");
                return null;
            }
            if (NumberMetrics.TryGetValue(str, out var nm))
            {
                var locked = nm.Lockable && words[i + 1].Text == "lock" && i + 2 < words.Count;
                var v = words[i += locked ? 2 : 1];
                if (!TryU32(v.Text, nm.Max, out var value))
                {
                    ctx.Error(v.Location, string.Format(CultureInfo.InvariantCulture, nm.Error, v.Text), "invalid-number");
                    return null;
                }
                r.SetMetric(nm.Metric, value, locked);
                continue;
            }
            if (TimeMetrics.TryGetValue(str, out var tm))
            {
                var locked = words[i + 1].Text == "lock" && i + 2 < words.Count;
                var v = words[i += locked ? 2 : 1];
                if (!RouteTimes.TryParse(ctx, v, tm.UnitsPerMs, out var value))
                {
                    ctx.Error(v.Location, string.Format(CultureInfo.InvariantCulture, tm.Error, v.Text), "invalid-number");
                    return null;
                }
                r.SetMetric(tm.Metric, value, locked);
                continue;
            }
            if (!ParseWord(ctx, r, words, ref i, isStatic))
            {
                return null;
            }
            if (r.StopAt)
            {
                break;
            }
        }
        return r.Finish(line, isStatic);
    }

    /// <summary>One keyword (and its values) of alloc_route's loop; false drops the route.</summary>
    private static bool ParseWord(BindContext ctx, RouteDraft r, List<ConfigToken> words, ref int i, bool isStatic)
    {
        var w = words[i];
        var names = ctx.RouteNames;
        switch (w.Text)
        {
            case "inet" or "inet6":
                return r.SetFamily(w.Text == "inet" ? AddressFamily.IPv4 : AddressFamily.IPv6, w, $"{w.Text} specified for IPv{(w.Text == "inet" ? 6 : 4)} route");
            case "src":
                return r.Address(words[++i], "src", a => r.Source = a);
            case "as":
                // keepalived accepts "as [to] ADDRESS" and ignores it (MPLS only).
                if (words[++i].Text == "to" && i + 1 < words.Count)
                {
                    i++;
                }
                ctx.Error(w.Location, "\"as to\" for MPLS only - ignoring", "route-ignored");
                return true;
            case "via" or "gw":
                if (w.Text == "gw")
                {
                    ctx.Error(w.Location, "\"gw\" for routes is deprecated. Please use \"via\"", "deprecated");
                }
                var viaTok = words[++i];
                if (viaTok.Text is "inet" or "inet6" && i + 1 < words.Count)
                {
                    if (!r.SetFamily(viaTok.Text == "inet" ? AddressFamily.IPv4 : AddressFamily.IPv6, viaTok, "Cannot mix IPv4 and IPv6 addresses for route"))
                    {
                        return false;
                    }
                    viaTok = words[++i];
                }
                return r.Address(viaTok, "via", a => r.Via = a);
            case "from":
                return r.From(words[++i]);
            case "tos" or "dsfield":
                return r.Named(words[++i], RouteNameKind.DsField, "TOS value {0} is invalid", v => r.Tos = (byte)v);
            case "table":
                return r.Named(words[++i], RouteNameKind.Table, "Routing table {0} not found for route", v => r.Table = v);
            case "protocol":
                return r.Named(words[++i], RouteNameKind.Protocol, "Protocol {0} not found or invalid for route", v => r.Protocol = (byte)v);
            case "scope":
                return r.Named(words[++i], RouteNameKind.Scope, "Scope {0} not found or invalid for route", v => r.Scope = (byte)v);
            case "metric" or "priority" or "preference":
                var m = words[++i];
                if (!TryU32(m.Text, uint.MaxValue, out var metric))
                {
                    ctx.Error(m.Location, $"Invalid metric {m.Text} specified for route", "invalid-number");
                    return false;
                }
                r.Metric = metric;
                return true;
            case "dev" or "oif":
                var d = words[++i];
                if (!ctx.InterfaceUsable(d.Text, d.Location))
                {
                    ctx.Warning(d.Location, $"WARNING - interface {d.Text} for VROUTE nexthop doesn't exist", "missing-interface");
                    return false;
                }
                r.Device = d.Text;
                return true;
            case "onlink":
                r.OnLink = true;
                return true;
            case "encap":
                // Its arguments depend on the encapsulation (mpls/ip/ip6/ila): the rest of the line is left unread.
                r.NotInstalled.Add("encap");
                r.StopAt = true;
                return true;
            case "vrf":
                i++;
                r.NotInstalled.Add("vrf");
                return true;
            case "expires":
                var e = words[++i];
                if (!r.SetFamily(AddressFamily.IPv6, w, "expires is only valid for IPv6"))
                {
                    return false;
                }
                if (!TryU32(e.Text, uint.MaxValue, out var expires))
                {
                    ctx.Error(e.Location, $"Invalid expires time {e.Text} specified for route", "invalid-number");
                    return false;
                }
                r.Expires = expires;
                return true;
            case "realms":
                var rl = words[++i];
                if (!names.TryRealms(rl.Text, out var realms))
                {
                    ctx.Error(rl.Location, $"Invalid realms {rl.Text} for route", "route-name");
                    return false;
                }
                r.Realms = realms;
                return r.SetFamily(AddressFamily.IPv4, w, "realms are only valid for IPv4");
            case "features":
                var f = words[++i];
                if (f.Text == "ecn")
                {
                    r.SetMetric(RouteMetric.Features, 1, false);
                }
                else
                {
                    ctx.Error(f.Location, $"feature {f.Text} not supported", "route-ignored");
                }
                return true;
            case "congctl":
                var locked = words[i + 1].Text == "lock" && i + 2 < words.Count;
                i += locked ? 2 : 1;
                (r.CongestionControl, r.CongestionControlLocked) = (words[i].Text, locked);
                return true;
            case "pref":
                return r.RouterPreference(w, words[++i]);
            case "ttl-propagate":
                var t = words[++i];
                if (t.Text is not ("enabled" or "disabled"))
                {
                    ctx.Error(t.Location, $"ttl-propagate value {t.Text} not recognised", "route-value");
                }
                // keepalived sets the attribute whatever the word: anything but "enabled" sends 0.
                r.TtlPropagate = t.Text == "enabled";
                return true;
            case "add":
                r.Mode = RouteAddMode.Add;
                return true;
            case "prepend":
                r.Mode = RouteAddMode.Prepend;
                return true;
            case "append":
                r.Mode = RouteAddMode.Append;
                return true;
            case "or":
                return r.Or(w, words, ref i);
            case "nexthop":
                if (r.NextHops.Count > 0)
                {
                    ctx.Error(w.Location, "Cannot specify nexthops with \"or\" route", "route-or");
                    return r.TrailingNonsense(words, i);
                }
                r.StopAt = true;
                return RouteNextHops.Parse(ctx, words, i, r.NextHops, r.SetFamily);
            case "no_track":
                r.NoTrack = true;
                return true;
            case "track_group" when isStatic:
                var g = words[++i];
                if (r.TrackGroup is not null)
                {
                    ctx.Error(g.Location, $"track_group {g.Text} is a duplicate", "duplicate");
                    return true;
                }
                r.TrackGroup = g.Text;
                return true;
            default:
                return r.Destination(words, ref i);
        }
    }

    /// <summary>get_u32/get_u8: decimal only, within 0..max.</summary>
    internal static bool TryU32(string text, uint max, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;

    internal static bool IsKeepalivedProtocol(byte protocol) => protocol == ProtocolKeepalived;
}
