using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Runtime;

namespace HaDaemon.Status;

/// <summary>
/// What the status page says about each instance that only a reload can change — names, address texts, devices,
/// prefixes — worked out once per loaded configuration, so that a scrape of 1000 instances only copies what moves.
/// </summary>
public sealed class StatusCatalog
{
    private static readonly ConditionalWeakTable<RuntimeConfig, StatusCatalog> Cache = new();

    private StatusCatalog(RuntimeConfig config)
    {
        Instances = config.Settings.Instances.ToDictionary(s => s.Name, s => Entry(s, config.Instances.GetValueOrDefault(s.Name)),
            StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, CatalogEntry> Instances { get; }

    public static StatusCatalog For(RuntimeConfig config) => Cache.GetValue(config, c => new StatusCatalog(c));

    private static CatalogEntry Entry(InstanceSettings s, InstancePlan? plan) => new(
        s,
        s.Version == VrrpVersion.V3 ? 3 : 2,
        s.Family == AddressFamily.InterNetworkV6,
        !s.UnicastPeers.IsEmpty,
        s.PrimaryAddress?.ToString(),
        s.AdvertInterval.ToTimeSpan(),
        s.GarpMasterDelay.ToTimeSpan(),
        [.. s.VirtualAddresses.Select(a => Vip(a, s, plan))],
        [.. s.ExcludedAddresses.Select(a => Vip(a, s, plan))],
        PrometheusText.Labels("iname", s.Name, "intf", s.Interface, "vrid", Vrid(s)));

    private static string Vrid(InstanceSettings s) => s.VirtualRouterId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static CatalogVip Vip(IPAddress address, InstanceSettings s, InstancePlan? plan)
    {
        var spec = plan?.SpecFor(address);
        var prefix = spec?.PrefixLength ?? (address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32);
        var text = address.ToString();
        var device = spec?.Interface ?? s.Interface;
        var cidr = $"{text}/{prefix}";
        return new CatalogVip(address, text, prefix, device, cidr,
            PrometheusText.Labels("iname", s.Name, "intf", device, "vrid", Vrid(s), "ip_address", cidr));
    }
}

/// <summary><see cref="MetricLabels"/>: the instance's escaped label set for /metrics, made once per configuration.</summary>
public sealed record CatalogEntry(InstanceSettings Settings, int Version, bool Ipv6, bool Unicast, string? PrimaryAddress,
    TimeSpan AdvertInterval, TimeSpan GarpMasterDelay, IReadOnlyList<CatalogVip> Vips, IReadOnlyList<CatalogVip> ExcludedVips,
    string MetricLabels);

public sealed record CatalogVip(IPAddress Address, string Text, int PrefixLength, string Device, string Cidr, string MetricLabels);
