using System.Net;
using HaDaemon.Core.Packets;
using HaDaemon.Linux.Addresses;
using HaDaemon.Linux.Adverts;
using NotifyScriptSet = HaDaemon.Notify.NotifyScripts;

namespace HaDaemon.Runtime;

/// <summary>What the host needs to carry out one instance's commands: where adverts go, how they are checksummed, and
/// the full <c>ip addr</c> request behind each VIP/eVIP address the engine names.</summary>
public sealed record InstancePlan(
    string Name,
    AdvertBinding Binding,
    ChecksumMode SendChecksum,
    bool Unicast,
    /// <summary><c>unicast_ttl</c>; null = 255 for IPv4, the kernel default for IPv6 unicast.</summary>
    byte? UnicastTtl,
    IReadOnlyList<AddressSpec> Addresses,
    NotifyScriptSet Notify)
{
    public AddressSpec? SpecFor(IPAddress address) => Addresses.FirstOrDefault(a => a.Address.Equals(address));

    /// <summary><c>virtual_routes</c> installed after the VIPs when MASTER (lines that cannot be mapped are left out and logged at load).</summary>
    public IReadOnlyList<Linux.Routing.RouteSpec> Routes { get; init; } = [];

    /// <summary>
    /// The interface the engine knows the instance by (its configured one). Adverts received on its VMAC are handed
    /// to the engine under this name. Null = <see cref="AdvertBinding.Interface"/>.
    /// </summary>
    public string? EngineInterface { get; init; }

    /// <summary><c>garp_extra_if</c> while MASTER; null = off.</summary>
    public Mapping.ExtraGarps? ExtraGarps { get; init; }

    /// <summary>The instance's own VMAC (<c>use_vmac</c>); null without.</summary>
    public string? Vmac { get; init; }

    /// <summary>The macvlans <c>use_vmac</c> needs (the instance's own first); created at start/reload, deleted at stop.</summary>
    public IReadOnlyList<Linux.Vmac.VmacSpec> Vmacs { get; init; } = [];

    /// <summary><c>virtual_rules</c> installed after the routes when MASTER.</summary>
    public IReadOnlyList<Linux.Routing.RuleSpec> Rules { get; init; } = [];

    /// <summary><see cref="Routes"/> with their <c>no_track</c>: deleting a tracked one behind our back ends MASTER.</summary>
    public IReadOnlyList<Watched<Linux.Routing.RouteSpec>> WatchedRoutes { get; init; } = [];

    public IReadOnlyList<Watched<Linux.Routing.RuleSpec>> WatchedRules { get; init; } = [];
}
