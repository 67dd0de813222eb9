using System.Net.NetworkInformation;
using HaDaemon.Config.Model;
using VmacSpec = HaDaemon.Linux.Vmac.VmacSpec;
using ConfigFamily = HaDaemon.Config.Model.AddressFamily;
using NetFamily = System.Net.Sockets.AddressFamily;

namespace HaDaemon.Mapping;

/// <summary>
/// Where one instance's pieces live once <c>use_vmac</c> (and per-address <c>use_vmac</c>) is applied, as keepalived's
/// vrrp_complete_instance places them: the macvlans to create, the interface adverts use, the interface whose address
/// is their default source, and the interface each VIP/eVIP line goes on.
/// </summary>
public sealed record InstanceVmacs
{
    public static InstanceVmacs None(string configuredInterface) => new() { AdvertInterface = configuredInterface };

    /// <summary>The instance's own VMAC (<c>use_vmac</c>); null without it.</summary>
    public VmacSpec? Instance { get; init; }

    /// <summary>Every macvlan this instance needs: its own first, then those of per-address <c>use_vmac</c> lines.</summary>
    public IReadOnlyList<VmacSpec> All { get; init; } = [];

    /// <summary>The VMAC, or the configured interface with <c>vmac_xmit_base</c> or without <c>use_vmac</c>.</summary>
    public required string AdvertInterface { get; init; }

    /// <summary>Set when the advert interface has no address of its own to send from: an IPv4 VMAC uses its base's.</summary>
    public string? AdvertSourceInterface { get; init; }

    /// <summary>VIP/eVIP address (as written) → the interface it is added to, for lines placed on a VMAC.</summary>
    public IReadOnlyDictionary<string, string> AddressInterfaces { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string InterfaceOf(IpAddressSpec a, string configuredInterface) =>
        AddressInterfaces.GetValueOrDefault(a.Address) ?? a.Device ?? configuredInterface;
}

/// <summary>
/// <c>garp_extra_if</c> (<c>vrrp_garp_extra_if</c>): while MASTER, one GARP/NA every <see cref="Interval"/> on each
/// listed interface, for the first VIP/eVIP placed there — VMACs that carry no adverts (and with <c>all</c> other
/// interfaces too), so that switches keep the virtual MAC learnt where no advert refreshes it.
/// </summary>
public sealed record ExtraGarps(TimeSpan Interval, IReadOnlyList<(string Interface, System.Net.IPAddress Address)> Targets);

/// <summary>Computes <see cref="InstanceVmacs"/> for every instance of a configuration; names are unique across it.</summary>
public static class VmacLayout
{
    /// <summary>
    /// keepalived's vrrp_send_vmac_update targets; null when the interval is 0 or, as keepalived decides, no address
    /// sits on an interface other than the instance's own (its VMAC, or the configured interface without one).
    /// </summary>
    public static ExtraGarps? GarpExtraTargets(VrrpInstance i, InstanceVmacs vmacs, string configured)
    {
        if (i.GarpExtraInterfaceInterval <= TimeSpan.Zero)
        {
            return null;
        }
        var ours = vmacs.All.Select(v => v.EffectiveName).ToHashSet(StringComparer.Ordinal);
        var own = vmacs.Instance?.EffectiveName ?? configured;
        var xmitBase = i.Vmac?.XmitBase == true;
        var placed = i.VirtualIpAddresses.Concat(i.ExcludedIpAddresses)
            .Select(a => (Interface: vmacs.InterfaceOf(a, configured), Address: System.Net.IPAddress.Parse(a.Address)))
            .ToList();
        var extra = placed.Where(p => p.Interface != own).ToList();
        if (!extra.Exists(p => ours.Contains(p.Interface)) && !(i.GarpExtraAllInterfaces && extra.Count > 0))
        {
            return null;
        }
        var targets = placed
            .Where(p => ours.Contains(p.Interface) || i.GarpExtraAllInterfaces)
            .Where(p => p.Interface != own || xmitBase)
            .DistinctBy(p => p.Interface, StringComparer.Ordinal)
            .ToList();
        return targets.Count == 0 ? null : new ExtraGarps(i.GarpExtraInterfaceInterval, targets);
    }

    /// <param name="isForeign">True for names of existing interfaces that are not macvlans (never used for a VMAC).</param>
    public static IReadOnlyDictionary<string, InstanceVmacs> Build(KeepalivedConfig config, Func<string, bool>? isForeign = null)
    {
        var claimed = new NameClaims(isForeign ?? (_ => false));
        // Configured names are reserved first: keepalived never hands a configured name to another instance. A
        // configured name held by a non-macvlan interface is ignored, as keepalived does ("ignoring configured name").
        foreach (var i in config.Instances)
        {
            if (i.Vmac?.InterfaceName is { } named && !claimed.Add(named))
            {
                claimed.Refused.Add(i.Name);
            }
        }
        var byBase = new Dictionary<(string Base, int Vrid, ConfigFamily Family), VmacSpec>();
        var result = new Dictionary<string, InstanceVmacs>(StringComparer.Ordinal);
        foreach (var i in config.Instances)
        {
            result[i.Name] = ForInstance(i, i.Interface ?? config.Global.DefaultInterface, config.Global, claimed, byBase);
        }
        return result;
    }

    private static InstanceVmacs ForInstance(VrrpInstance i, string configured, GlobalDefs global, NameClaims claimed,
        Dictionary<(string, int, ConfigFamily), VmacSpec> byBase)
    {
        var all = new List<VmacSpec>();
        var placed = new Dictionary<string, string>(StringComparer.Ordinal);
        VmacSpec? own = null;
        if (i.Vmac is { } v)
        {
            var name = v.InterfaceName is { } named && !claimed.Refused.Contains(i.Name)
                ? named
                : FreeName(global.VmacPrefix, i.VirtualRouterId, i.Family, claimed);
            own = new VmacSpec(configured, (byte)i.VirtualRouterId, Net(i.Family))
            {
                Name = name,
                Mac = v.MacAddress is null ? null : ParseMac(v.MacAddress),
                // keepalived keeps IPv6 up on an IPv4 VMAC only for eVIPs of the other family.
                KeepIpv6 = i.Family == ConfigFamily.IPv4 && i.ExcludedIpAddresses.Any(a => a.Family == ConfigFamily.IPv6),
            };
            all.Add(own);
            byBase[(configured, i.VirtualRouterId, i.Family)] = own;
        }
        foreach (var a in i.VirtualIpAddresses.Concat(i.ExcludedIpAddresses))
        {
            var device = a.Device ?? configured;
            if (own is not null && device == configured && a.Family == i.Family)
            {
                // With use_vmac every same-family line on the instance interface goes on the VMAC (an address-level
                // use_vmac there is redundant; keepalived says so and does the same).
                placed[a.Address] = own.EffectiveName;
                continue;
            }
            if (!a.UseVmac)
            {
                continue;
            }
            var key = (device, i.VirtualRouterId, a.Family);
            if (!byBase.TryGetValue(key, out var spec))
            {
                spec = new VmacSpec(device, (byte)i.VirtualRouterId, Net(a.Family))
                {
                    Name = FreeName(global.VmacAddressPrefix ?? global.VmacPrefix, i.VirtualRouterId, a.Family, claimed),
                    Mac = i.Vmac?.MacAddress is { } mac ? ParseMac(mac) : null,
                };
                byBase[key] = spec;
            }
            if (!all.Contains(spec))
            {
                all.Add(spec);
            }
            placed[a.Address] = spec.EffectiveName;
        }
        var xmitBase = i.Vmac?.XmitBase == true;
        return new InstanceVmacs
        {
            Instance = own,
            All = all,
            AdvertInterface = own is null || xmitBase ? configured : own.EffectiveName,
            AdvertSourceInterface = own is not null && !xmitBase && i.Family == ConfigFamily.IPv4 ? configured : null,
            AddressInterfaces = placed,
        };
    }

    /// <summary>
    /// keepalived's create_vmac_name: PREFIX.VRID, then PREFIX1.VRID, PREFIX2.VRID…; IPv6 tries PREFIX6.VRID second.
    /// The prefix is shortened to keep names within 15 characters.
    /// </summary>
    public static string FreeName(string prefix, int vrid, ConfigFamily family, ISet<string> claimed) =>
        FreeName(prefix, vrid, family, new NameClaims(_ => false, claimed));

    private static string FreeName(string prefix, int vrid, ConfigFamily family, NameClaims claimed)
    {
        var num = 0;
        while (true)
        {
            var name = Fit(prefix, num == 0 ? "" : num.ToString(System.Globalization.CultureInfo.InvariantCulture), vrid);
            if (claimed.Add(name))
            {
                return name;
            }
            num = family != ConfigFamily.IPv6 ? num + 1 : num switch { 0 => 6, 6 => 1, 5 => 7, _ => num + 1 };
        }
    }

    /// <summary>Names given out so far, and the existing interfaces no VMAC may be named after.</summary>
    private sealed class NameClaims(Func<string, bool> isForeign, ISet<string>? taken = null)
    {
        private readonly ISet<string> taken = taken ?? new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Instances whose configured VMAC name is refused.</summary>
        public HashSet<string> Refused { get; } = new(StringComparer.Ordinal);

        public bool Add(string name) => !isForeign(name) && taken.Add(name);
    }

    private static string Fit(string prefix, string number, int vrid)
    {
        var tail = $"{number}.{vrid}";
        var room = 15 - tail.Length;
        return (prefix.Length > room ? prefix[..Math.Max(room, 0)] : prefix) + tail;
    }

    private static PhysicalAddress ParseMac(string text) =>
        new([.. text.Split(':').Select(b => Convert.ToByte(b, 16))]);

    private static NetFamily Net(ConfigFamily family) =>
        family == ConfigFamily.IPv6 ? NetFamily.InterNetworkV6 : NetFamily.InterNetwork;
}
