using System.Net.Sockets;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Vmac;

/// <summary>A use_vmac interface to create: a private-mode macvlan with the VRRP virtual MAC on top of the instance's interface.</summary>
public sealed record VmacSpec(string BaseInterface, byte VirtualRouterId, AddressFamily Family)
{
    /// <summary>The use_vmac argument; null = "vrrp.VRID" as keepalived names it.</summary>
    public string? Name { get; init; }

    /// <summary>IPv4 instance that also carries IPv6 eVIPs: keep IPv6 enabled on the VMAC.</summary>
    public bool KeepIpv6 { get; init; }

    /// <summary>use_vmac's MAC argument; null = 00:00:5e:00:01:VRID (IPv4) or 00:00:5e:00:02:VRID (IPv6).</summary>
    public System.Net.NetworkInformation.PhysicalAddress? Mac { get; init; }

    public string EffectiveName => Name ?? $"vrrp.{VirtualRouterId}";
}

/// <summary>Creates and removes VMAC interfaces (keepalived's vrrp_vmac.c behaviour).</summary>
public interface IVmacManager
{
    /// <summary>
    /// Creates (or reuses, when one with the right MAC and parent exists) the macvlan, sets the sysctls keepalived sets,
    /// and brings it up. <see cref="ChangeOutcome.AlreadyInState"/> is not returned here: the interface is always returned.
    /// </summary>
    PlatformResult<InterfaceInfo> Create(VmacSpec spec);

    /// <summary>Deletes a macvlan made by <see cref="Create"/> and restores the parent's arp_ignore/arp_filter. Refuses non-macvlan interfaces.</summary>
    PlatformResult Remove(string name);
}
