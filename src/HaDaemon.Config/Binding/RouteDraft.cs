using HaDaemon.Config.Environment;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>The route being read by <see cref="RouteParser"/>: keepalived's ip_route_t while alloc_route fills it in.</summary>
internal sealed class RouteDraft(BindContext ctx)
{
    private readonly Dictionary<RouteMetric, RouteMetricValue> _metrics = [];

    public AddressFamily? Family { get; private set; }
    public string? Dest { get; private set; }
    public byte Type { get; private set; } = 1;
    public bool TypeGiven { get; private set; }
    public string? FromPrefix { get; private set; }
    public string? Source { get; set; }
    public string? Via { get; set; }
    public string? Device { get; set; }
    public uint Table { get; set; } = 254;
    public uint? Metric { get; set; }
    public byte? Protocol { get; set; }
    public byte? Scope { get; set; }
    public byte? Tos { get; set; }
    public uint? Realms { get; set; }
    public string? CongestionControl { get; set; }
    public bool CongestionControlLocked { get; set; }
    public uint? Expires { get; set; }
    public byte? Preference { get; set; }
    public bool? TtlPropagate { get; set; }
    public bool OnLink { get; set; }
    public RouteAddMode Mode { get; set; }
    public List<RouteNextHop> NextHops { get; } = [];
    public List<string> NotInstalled { get; } = [];
    public bool NoTrack { get; set; }
    public string? TrackGroup { get; set; }
    /// <summary>Set when the rest of the line was consumed (nexthops) or cannot be read (encap).</summary>
    public bool StopAt { get; set; }

    public bool SetFamily(AddressFamily f, ConfigToken at, string error)
    {
        if (Family is null || Family == f)
        {
            Family = f;
            return true;
        }
        ctx.Error(at.Location, error, "route-family");
        return false;
    }

    public bool SetFamily(AddressFamily f, ConfigToken at) => SetFamily(f, at, "Cannot mix IPv4 and IPv6 addresses for route");

    public void SetMetric(RouteMetric metric, uint value, bool locked) => _metrics[metric] = new RouteMetricValue(metric, value, locked);

    public bool Address(ConfigToken t, string what, Action<string> set)
    {
        if (!Values.TryAddress(t.Text, out var ip, out var f))
        {
            ctx.Error(t.Location, $"invalid route {what} address {t.Text}", "route-address");
            return false;
        }
        set(ip.ToString());
        return SetFamily(f, t);
    }

    /// <summary>A number or a name from the iproute2 file of <paramref name="kind"/>; the error names the value.</summary>
    public bool Named(ConfigToken t, RouteNameKind kind, string error, Action<uint> set)
    {
        if (!ctx.RouteNames.TryFind(kind, t.Text, out var id))
        {
            ctx.Error(t.Location, string.Format(System.Globalization.CultureInfo.InvariantCulture, error, t.Text), "route-name");
            return false;
        }
        set(id);
        return true;
    }

    /// <summary><c>from PREFIX</c>: a source prefix, IPv6 only.</summary>
    public bool From(ConfigToken t)
    {
        var parsed = AddressParser.ParsePrefixed(ctx, t);
        if (parsed is null)
        {
            ctx.Error(t.Location, $"invalid route from address {t.Text}", "route-address");
            return false;
        }
        if (parsed.Value.Family != AddressFamily.IPv6)
        {
            ctx.Error(t.Location, $"route from address only supported with IPv6 ({t.Text})", "route-family");
            return false;
        }
        FromPrefix = $"{parsed.Value.Address}/{parsed.Value.Prefix}";
        return SetFamily(AddressFamily.IPv6, t);
    }

    /// <summary><c>pref low|medium|high|N</c>: the RFC 4191 router preference, IPv6 only.</summary>
    public bool RouterPreference(ConfigToken keyword, ConfigToken t)
    {
        if (!SetFamily(AddressFamily.IPv6, keyword, "pref is only valid for IPv6"))
        {
            return false;
        }
        byte? value = t.Text switch
        {
            "low" => 3,
            "medium" => 0,
            "high" => 1,
            _ => RouteParser.TryU32(t.Text, 255, out var n) ? (byte)n : null,
        };
        if (value is null)
        {
            ctx.Error(t.Location, $"Invalid pref value {t.Text} specified for route", "invalid-number");
            return false;
        }
        Preference = value;
        return true;
    }

    /// <summary>The deprecated <c>or ADDRESS</c>: the via address and this one become two next hops.</summary>
    public bool Or(ConfigToken w, List<ConfigToken> words, ref int i)
    {
        ctx.Error(w.Location, "\"or\" for routes is deprecated. Please use \"nexthop\"", "deprecated");
        if (NextHops.Count > 0)
        {
            ctx.Error(w.Location, "\"or\" route already specified - ignoring subsequent", "route-or");
            i++;
            return true;
        }
        var orTok = words[++i];
        if (!Values.TryAddress(orTok.Text, out var orIp, out _))
        {
            ctx.Error(orTok.Location, $"Invalid \"or\" address {orTok.Text}", "route-address");
            return false;
        }
        NextHops.Add(new RouteNextHop(Via, null, null));
        NextHops.Add(new RouteNextHop(orIp.ToString(), null, null));
        Via = null;
        return true;
    }

    public bool TrailingNonsense(List<ConfigToken> words, int i)
    {
        ctx.Error(words[i].Location, $"Route has trailing nonsense - {words[i].Text}", "route-nonsense");
        return false;
    }

    /// <summary>Anything else: <c>[to] [TYPE] PREFIX</c>, TYPE a route type name or number (find_rttables_rtntype).</summary>
    public bool Destination(List<ConfigToken> words, ref int i)
    {
        // keepalived tests the type on the word before a skipped "to", so "to blackhole X" reads "blackhole" as the prefix.
        var first = words[i];
        if (first.Text == "to" && i + 1 < words.Count)
        {
            i++;
        }
        else if (RouteNames.TryRouteType(first.Text, out var type) && i + 1 < words.Count)
        {
            (Type, TypeGiven) = (type, true);
            i++;
        }
        var w = words[i];
        if (w.Text is "default" or "any" or "all")
        {
            Dest = "default";
            return true;
        }
        if (w.Text == "default6")
        {
            ctx.Info(w.Location, "'default6' is deprecated - please replace with 'inet6 default'", "deprecated");
            Dest = "default";
            return SetFamily(AddressFamily.IPv6, w);
        }
        var parsed = AddressParser.ParsePrefixed(ctx, w);
        if (parsed is null)
        {
            ctx.Error(w.Location, $"unknown route keyword {w.Text}", "route-keyword");
            return false;
        }
        Dest = $"{parsed.Value.Address}/{parsed.Value.Prefix}";
        return SetFamily(parsed.Value.Family, w, $"Cannot mix IPv4 and IPv6 addresses for route ({w.Text})");
    }

    /// <summary>The checks after alloc_route's loop: destination, tracking (protocol keepalived, an interface), track_group.</summary>
    public RouteSpec? Finish(ConfigStatement line, bool isStatic)
    {
        if (Dest is null)
        {
            ctx.Error(line.Location, "Route must have a destination", "route-destination");
            return null;
        }
        var protocol = Protocol ?? 18;
        if (!NoTrack)
        {
            if (Protocol is { } given && !RouteParser.IsKeepalivedProtocol(given))
            {
                ctx.Error(line.Location, "Route cannot be tracked if protocol is not RTPROT_KEEPALIVED(18), resetting protocol", "route-protocol");
            }
            protocol = 18;
            if (Device is null)
            {
                ctx.Warning(line.Location, $"Warning - cannot track route {Dest} with no interface specified, not tracking", "route-untracked");
                NoTrack = true;
            }
        }
        if (isStatic && TrackGroup is not null && Device is null)
        {
            ctx.Error(line.Location, "Static route cannot have track group if no oif specified", "route-track-group");
            TrackGroup = null;
        }
        return new RouteSpec
        {
            Destination = Dest, Family = Family ?? AddressFamily.IPv4, Type = Type, TypeGiven = TypeGiven, From = FromPrefix,
            Source = Source, Via = Via, Device = Device, Table = Table, Metric = Metric, Protocol = protocol, Scope = Scope ?? 0,
            Tos = Tos, Realms = Realms, Metrics = [.. _metrics.Values.OrderBy(m => m.Metric)], CongestionControl = CongestionControl,
            CongestionControlLocked = CongestionControlLocked, Expires = Expires, Preference = Preference, TtlPropagate = TtlPropagate,
            OnLink = OnLink, Mode = Mode, NextHops = [.. NextHops], NotInstalled = [.. NotInstalled], NoTrack = NoTrack,
            TrackGroup = TrackGroup, Location = line.Location,
        };
    }
}
