using System.Globalization;
using System.Net;
using HaDaemon.Linux.Routing;
using ConfigFamily = HaDaemon.Config.Model.AddressFamily;
using ConfigRoute = HaDaemon.Config.Model.RouteSpec;
using ConfigRule = HaDaemon.Config.Model.RuleSpec;
using NetFamily = System.Net.Sockets.AddressFamily;

namespace HaDaemon.Mapping;

/// <summary>A mapped spec, or why the line cannot be installed by this build (said at load, never silently dropped).</summary>
public sealed record Mapped<T>(T? Spec, string? Error) where T : class;

internal static class Mapped
{
    public static Mapped<T> Ok<T>(T spec) where T : class => new(spec, null);

    public static Mapped<T> Fail<T>(string error) where T : class => new(null, error);
}

/// <summary>
/// <c>virtual_routes</c>/<c>static_routes</c> and <c>virtual_rules</c>/<c>static_rules</c> lines → netlink requests,
/// with iproute2's value syntax (table/protocol names, hex TOS, N/M fwmarks, port and uid ranges).
/// </summary>
public static class RoutingSpecMapper
{
    public static Mapped<RouteSpec> Route(ConfigRoute r)
    {
        if (r.NotInstalled.Count > 0)
        {
            return Mapped.Fail<RouteSpec>($"route option '{string.Join("', '", r.NotInstalled)}' is not supported by hadaemon");
        }
        var (dest, prefix) = r.Destination == "default" ? (null, 0) : Prefix(r.Destination);
        var (from, fromLength) = r.From is null ? (null, 0) : Prefix(r.From);
        return Mapped.Ok(new RouteSpec
        {
            Family = Family(r.Family),
            Destination = dest,
            PrefixLength = prefix,
            Type = (RouteType)r.Type,
            Via = r.Via is null ? null : IPAddress.Parse(r.Via),
            Interface = r.Device,
            PreferredSource = r.Source is null ? null : IPAddress.Parse(r.Source),
            SourcePrefix = from,
            SourcePrefixLength = fromLength,
            Table = r.Table,
            Metric = r.Metric,
            // keepalived sends its defaults explicitly: scope universe unless given, protocol keepalived (18).
            Scope = r.Scope,
            Protocol = r.Protocol,
            Tos = r.Tos ?? 0,
            Realms = r.Realms,
            Metrics = [.. r.Metrics.Select(m => new RouteMetricSetting((ushort)m.Metric, m.Value, m.Locked))],
            CongestionControl = r.CongestionControl,
            CongestionControlLocked = r.CongestionControlLocked,
            Expires = r.Expires,
            RouterPreference = r.Preference,
            TtlPropagate = r.TtlPropagate,
            OnLink = r.OnLink,
            Mode = r.Mode switch
            {
                Config.Model.RouteAddMode.Add => RouteAddMode.Exclusive,
                Config.Model.RouteAddMode.Append => RouteAddMode.Append,
                _ => RouteAddMode.Prepend,
            },
            NextHops = [.. r.NextHops.Select(h => new NextHop
            {
                Via = h.Via is null ? null : IPAddress.Parse(h.Via),
                Interface = h.Device,
                Weight = h.Weight ?? 1,
                OnLink = h.OnLink,
                Realms = h.Realms,
            })],
        });
    }

    public static Mapped<RuleSpec> Rule(ConfigRule r)
    {
        var (from, fromLen) = r.From is null ? (null, 0) : Prefix(r.From);
        var (to, toLen) = r.To is null ? (null, 0) : Prefix(r.To);
        var action = r.Action switch
        {
            null or "unicast" => RuleAction.ToTable,
            "blackhole" => RuleAction.Blackhole,
            "unreachable" => RuleAction.Unreachable,
            "prohibit" => RuleAction.Prohibit,
            _ => RuleAction.Nop,
        };
        uint? mark = null, mask = null;
        if (r.FwMark is not null)
        {
            var parts = r.FwMark.Split('/');
            mark = CNumber(parts[0]);
            mask = parts.Length > 1 ? CNumber(parts[1]) : null;
            if (mark is null || parts.Length > 2 || (parts.Length == 2 && mask is null)) return Mapped.Fail<RuleSpec>($"rule fwmark '{r.FwMark}' is invalid");
        }
        var spec = new RuleSpec
        {
            Family = Family(r.Family), From = from, FromPrefixLength = fromLen, To = to, ToPrefixLength = toLen,
            Table = r.Table, Priority = r.Preference, Protocol = r.Protocol, Tos = r.Tos ?? 0, Realms = r.Realms,
            SuppressInterfaceGroup = r.SuppressInterfaceGroup, InputInterface = r.InputInterface,
            OutputInterface = r.OutputInterface, FwMark = mark, FwMask = mask, Action = action,
        };
        foreach (var (name, value) in r.Options)
        {
            Mapped<RuleSpec>? next = name switch
            {
                "not" => Mapped.Ok(spec with { Invert = true }),
                "l3mdev" => Mapped.Ok(spec with { L3mdev = true }),
                "goto" when CNumber(value) is { } target => Mapped.Ok(spec with { Action = RuleAction.Goto, GotoPriority = target }),
                "suppress_prefixlength" when CNumber(value) is { } len => Mapped.Ok(spec with { SuppressPrefixLength = len }),
                "tunnel-id" when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var tunnel) =>
                    Mapped.Ok(spec with { TunnelId = tunnel }),
                "ipproto" when IpProtocol(value) is { } ipp => Mapped.Ok(spec with { IpProtocol = ipp }),
                "uidrange" when Range(value, uint.MaxValue) is { } u => Mapped.Ok(spec with { UidRange = (u.Start, u.End) }),
                "sport" when Range(value, ushort.MaxValue) is { } p => Mapped.Ok(spec with { SourcePorts = ((ushort)p.Start, (ushort)p.End) }),
                "dport" when Range(value, ushort.MaxValue) is { } p => Mapped.Ok(spec with { DestinationPorts = ((ushort)p.Start, (ushort)p.End) }),
                _ => null,
            };
            if (next?.Spec is null)
            {
                return Mapped.Fail<RuleSpec>($"rule option '{(value.Length == 0 ? name : $"{name} {value}")}' is not supported by hadaemon");
            }
            spec = next.Spec;
        }
        if (r.Action is not (null or "unicast" or "blackhole" or "unreachable" or "prohibit" or "nop"))
        {
            return Mapped.Fail<RuleSpec>($"rule action '{r.Action}' is not supported");
        }
        return Mapped.Ok(spec);
    }

    private static NetFamily Family(ConfigFamily f) => f == ConfigFamily.IPv6 ? NetFamily.InterNetworkV6 : NetFamily.InterNetwork;

    /// <summary>The parser normalises prefixes to "address/length".</summary>
    private static (IPAddress, int) Prefix(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? (IPAddress.Parse(text), IPAddress.Parse(text).AddressFamily == NetFamily.InterNetwork ? 32 : 128)
            : (IPAddress.Parse(text[..slash]), int.Parse(text[(slash + 1)..], CultureInfo.InvariantCulture));
    }

    private static byte? IpProtocol(string name) => name switch
    {
        "icmp" => 1,
        "tcp" => 6,
        "udp" => 17,
        "ipv6-icmp" or "icmpv6" => 58,
        "sctp" => 132,
        _ => CNumber(name) is { } n and <= 255 ? (byte)n : null,
    };

    /// <summary>strtoul(…, 0): decimal, or hexadecimal with 0x.</summary>
    private static uint? CNumber(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return uint.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : null;
        }
        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    /// <summary>"N" or "N-M" with N ≤ M ≤ max.</summary>
    private static (uint Start, uint End)? Range(string text, uint max)
    {
        var parts = text.Split('-');
        var start = CNumber(parts[0]);
        var end = parts.Length == 2 ? CNumber(parts[1]) : start;
        return parts.Length <= 2 && start is { } s && end is { } e && s <= e && e <= max ? (s, e) : null;
    }
}
