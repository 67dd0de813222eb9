using System.Globalization;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>keepalived's parse_nexthops: <c>nexthop [via [inet|inet6] A] [dev D] [weight 1..256] [onlink] [realms R]</c>…</summary>
internal static class RouteNextHops
{
    public static bool Parse(BindContext ctx, List<ConfigToken> words, int start, List<RouteNextHop> hops,
        Func<AddressFamily, ConfigToken, bool> setFamily)
    {
        var i = start;
        while (i < words.Count && words[i].Text == "nexthop")
        {
            i++;
            string? via = null, dev = null;
            int? weight = null;
            uint? realms = null;
            var onLink = false;
            for (; i < words.Count; i++)
            {
                var w = words[i];
                var hasValue = i + 1 < words.Count;
                switch (w.Text)
                {
                    case "via" when hasValue:
                        var vt = words[++i];
                        if (vt.Text is "inet" or "inet6" && i + 1 < words.Count)
                        {
                            if (!setFamily(vt.Text == "inet" ? AddressFamily.IPv4 : AddressFamily.IPv6, vt))
                            {
                                return false;
                            }
                            vt = words[++i];
                        }
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
                        continue;
                    case "dev" when hasValue:
                        var d = words[++i];
                        if (!ctx.InterfaceUsable(d.Text, d.Location))
                        {
                            ctx.Warning(d.Location, $"WARNING - interface {d.Text} for VROUTE nexthop doesn't exist", "missing-interface");
                            return false;
                        }
                        dev = d.Text;
                        continue;
                    case "weight" when hasValue:
                        var wt = words[++i];
                        if (!uint.TryParse(wt.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var wv) || wv is < 1 or > 256)
                        {
                            ctx.Error(wt.Location, wv == 0 && wt.Text.All(char.IsAsciiDigit) ? "Invalid weight 0 specified for route"
                                : $"Invalid weight {wt.Text} specified for route", "invalid-number");
                            return false;
                        }
                        weight = (int)wv;
                        continue;
                    case "onlink":
                        onLink = true;
                        continue;
                    case "realms" when hasValue:
                        var rt = words[++i];
                        if (!ctx.RouteNames.TryRealms(rt.Text, out var rv))
                        {
                            ctx.Error(rt.Location, $"Invalid realms {rt.Text} for route", "route-name");
                            return false;
                        }
                        if (!setFamily(AddressFamily.IPv4, rt))
                        {
                            return false;
                        }
                        realms = rv;
                        continue;
                    case "as":
                        ctx.Error(w.Location, "'as [to]' (nat) not supported", "route-keyword");
                        return false;
                }
                break;
            }
            hops.Add(new RouteNextHop(via, dev, weight, onLink, realms));
        }
        if (i < words.Count)
        {
            ctx.Error(words[i].Location, $"Route has trailing nonsense after nexthops - {words[i].Text}", "route-nonsense");
            return false;
        }
        return true;
    }
}
