using System.Globalization;
using System.Net;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>
/// One line of an address block (§1.12), following keepalived's alloc_ipaddress (vrrp_ipaddress.c): the address
/// first, then options; an unknown word is reported and skipped (the address is kept), a bad device or label
/// drops the address.
/// </summary>
internal static class AddressParser
{
    private static readonly Dictionary<string, string> Scopes = new(StringComparer.Ordinal)
    {
        ["global"] = "global", ["universe"] = "global", ["site"] = "site", ["link"] = "link", ["host"] = "host", ["nowhere"] = "nowhere",
    };

    /// <summary>parse_ipaddress: "ADDR[/PREFIX]"; null (with "VRRP parsed invalid IP") if the address is bad.</summary>
    public static (string Address, AddressFamily Family, int Prefix)? ParsePrefixed(BindContext ctx, ConfigToken token, bool allowPrefix = true)
    {
        var text = token.Text;
        var family = text.Contains(':') ? AddressFamily.IPv6 : AddressFamily.IPv4;
        var maxPrefix = family == AddressFamily.IPv6 ? 128 : 32;
        var prefix = maxPrefix;
        var slash = allowPrefix ? text.IndexOf('/') : -1;
        var addrText = slash < 0 ? text : text[..slash];
        if (slash >= 0)
        {
            var p = text[(slash + 1)..];
            if (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= maxPrefix)
            {
                prefix = v;
            }
            else
            {
                ctx.Error(token.Location, $"Invalid address prefix len {p} for address {text} - using {maxPrefix}", "invalid-prefix");
            }
        }
        if (!Values.TryAddress(addrText, out var ip, out var parsedFamily) || parsedFamily != family)
        {
            ctx.Error(token.Location, $"VRRP parsed invalid IP {text}. skipping IP...", "invalid-address");
            return null;
        }
        return (ip.ToString(), family, prefix);
    }

    public static IpAddressSpec? Parse(BindContext ctx, ConfigStatement line, bool isStatic)
    {
        var words = new List<ConfigToken>(line.Arguments.Count + 1) { line.Keyword };
        words.AddRange(line.Arguments);
        var first = ParsePrefixed(ctx, words[0]);
        if (first is null)
        {
            return null;
        }
        var (address, family, prefix) = first.Value;
        var addrText = words[0].Text;
        string? dev = null, scope = null, label = null, peer = null, trackGroup = null;
        string? broadcast = null;
        var brdMode = 0; // -1 '+', -2 '-'
        bool home = false, nodad = false, mngtmp = false, noprefixroute = false, autojoin = false, noTrack = false, useVmac = false;
        uint? preferred = null;
        var i = 1;
        while (i < words.Count)
        {
            var w = words[i];
            var str = w.Text;
            var hasParam = i + 1 < words.Count;
            string? Param() => hasParam ? words[++i].Text : null;
            switch (str)
            {
                case "dev" or "scope" or "broadcast" or "brd" or "label" or "peer" or "preferred_lft" when !hasParam:
                case "track_group" when isStatic && !hasParam:
                    ctx.Error(w.Location, $"No {str} parameter specified for {addrText}", "missing-parameter");
                    return null;
                case "dev":
                    if (dev is not null)
                    {
                        ctx.Error(w.Location, $"Cannot specify ipaddress device more than once for {addrText}", "duplicate-option");
                        return null;
                    }
                    var devTok = words[++i];
                    if (!ctx.InterfaceUsable(devTok.Text, devTok.Location))
                    {
                        ctx.Warning(devTok.Location, $"WARNING - interface {devTok.Text} for ip address {addrText} doesn't exist", "missing-interface");
                        return null;
                    }
                    dev = devTok.Text;
                    break;
                case "scope":
                    var sTok = words[++i];
                    if (Scopes.TryGetValue(sTok.Text, out var sc) || (byte.TryParse(sTok.Text, NumberStyles.None, CultureInfo.InvariantCulture, out _) && (sc = sTok.Text) is not null))
                    {
                        scope = sc;
                    }
                    else
                    {
                        ctx.Error(sTok.Location, $"Invalid scope '{sTok.Text}' specified for {addrText} - ignoring", "invalid-scope");
                    }
                    break;
                case "broadcast" or "brd":
                    if (family == AddressFamily.IPv6)
                    {
                        ctx.Error(w.Location, $"VRRP is trying to assign a broadcast {str} to the IPv6 address {addrText} !!?? WTF... skipping VIP...", "ipv6-broadcast");
                        return null;
                    }
                    var b = Param()!;
                    if (b == "-")
                    {
                        brdMode = -2;
                    }
                    else if (b == "+")
                    {
                        brdMode = -1;
                    }
                    else if (Values.TryAddress(b, out var bip, out var bf) && bf == AddressFamily.IPv4)
                    {
                        broadcast = bip.ToString();
                    }
                    else
                    {
                        ctx.Error(words[i].Location, $"VRRP is trying to assign invalid broadcast {b}. skipping VIP...", "invalid-broadcast");
                        return null;
                    }
                    break;
                case "label":
                    var l = Param()!;
                    if (l.Length >= 16)
                    {
                        ctx.Error(words[i].Location, $"Address label {l} is longer than maximum length 15 - removing address", "label-too-long");
                        return null;
                    }
                    label = l;
                    break;
                case "peer":
                    var pTok = words[++i];
                    if (peer is not null)
                    {
                        ctx.Error(pTok.Location, $"Peer {pTok.Text} - another peer has already been specified", "duplicate-option");
                        break;
                    }
                    if (!Values.TryAddress(pTok.Text, out var pip, out var pf))
                    {
                        ctx.Error(pTok.Location, $"Invalid peer address {pTok.Text}", "invalid-address");
                    }
                    else if (pf != family)
                    {
                        ctx.Error(pTok.Location, $"Peer address {pTok.Text} does not match address family", "family-mismatch");
                    }
                    else
                    {
                        if (prefix != (family == AddressFamily.IPv6 ? 128 : 32))
                        {
                            ctx.Error(pTok.Location, "Cannot specify address prefix when specifying peer address - ignoring", "peer-prefix");
                        }
                        peer = pip.ToString();
                        prefix = family == AddressFamily.IPv6 ? 128 : 32;
                    }
                    break;
                case "home": home = true; break;
                case "-nodad": nodad = true; break;
                case "mngtmpaddr": mngtmp = true; break;
                case "noprefixroute": noprefixroute = true; break;
                case "autojoin": autojoin = true; break;
                case "no_track": noTrack = true; break;
                case "preferred_lft":
                    var lft = words[++i];
                    if (lft.Text == "forever")
                    {
                        preferred = uint.MaxValue;
                    }
                    else if (uint.TryParse(lft.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var lv))
                    {
                        preferred = lv;
                    }
                    else
                    {
                        ctx.Error(lft.Location, $"preferred_lft {lft.Text} is invalid", "invalid-number");
                    }
                    break;
                case "track_group" when isStatic:
                    var tg = words[++i];
                    if (trackGroup is not null)
                    {
                        ctx.Error(tg.Location, $"track_group {tg.Text} is a duplicate", "duplicate-option");
                        goto done;
                    }
                    trackGroup = tg.Text;
                    break;
                case "use_vmac" when !isStatic:
                    useVmac = true;
                    break;
                default:
                    ctx.Error(w.Location, $"Unknown configuration entry '{str}' for ip address - ignoring", "unknown-address-option");
                    break;
            }
            i++;
        }
    done:
        if (brdMode != 0 || broadcast is not null)
        {
            if (peer is not null)
            {
                ctx.Error(line.Location, "Cannot specify broadcast and peer addresses - ignoring broadcast address", "broadcast-peer");
                broadcast = null;
            }
            else if (brdMode < 0 && prefix <= 30)
            {
                broadcast = BroadcastFor(address, prefix, brdMode == -1);
            }
            else if (brdMode < 0)
            {
                ctx.Error(line.Location, $"Address prefix length {prefix} too long for broadcast", "broadcast-prefix");
            }
        }
        if (isStatic && dev is null)
        {
            var def = ctx.Global.DefaultInterface;
            if (!ctx.Interfaces.Exists(def) && !ctx.Global.DynamicInterfaces)
            {
                ctx.Report(Diagnostics.Severity.Fatal, "static-address-no-interface", line.Location,
                    $"Static address {addrText} requires either an interface or default interface must exist");
                return null;
            }
            dev = def;
        }
        if (family == AddressFamily.IPv6)
        {
            if (scope is not null)
            {
                ctx.Error(line.Location, $"Cannot specify scope for IPv6 addresses ({addrText}) - ignoring scope", "ipv6-scope");
                scope = null;
            }
            if (label is not null)
            {
                ctx.Error(line.Location, $"Cannot specify label for IPv6 addresses ({addrText}) - ignoring label", "ipv6-label");
                label = null;
            }
            preferred ??= prefix == 128 ? 0u : uint.MaxValue;
        }
        return new IpAddressSpec(address, family, prefix, dev, broadcast, scope, label, peer, home, nodad, mngtmp, noprefixroute,
            autojoin, noTrack, useVmac, preferred, trackGroup, line.Location);
    }

    private static string BroadcastFor(string address, int prefix, bool setHostBits)
    {
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        var mask = prefix == 0 ? uint.MaxValue : uint.MaxValue >> prefix;
        value = setHostBits ? value | mask : value & ~mask;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
    }
}
