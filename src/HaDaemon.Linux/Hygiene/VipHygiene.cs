using System.Net;
using HaDaemon.Linux.Addresses;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Hygiene;

/// <summary>
/// Keeps the daemon's addresses tidy. At start, configured VIPs already present (left by a crash or kill -9) are
/// removed, as keepalived does, so a BACKUP never holds them. While running, every VIP added through this class is
/// remembered, and <see cref="RemoveAllAdded"/> takes exactly those away at stop.
/// Prototype, off by default (<paramref name="leaseLifetime"/> null): with a lease, VIPs are added with that valid
/// lifetime and <see cref="RenewLeases"/> (call it on every advert sent) extends it, so after kill -9 the kernel
/// deletes them itself once the lease runs out (IPv4 and IPv6 lifetimes are whole seconds; see bench/results/linux.md
/// for the measured expiry granularity). Renewals replace the address (NLM_F_REPLACE), which the kernel reports as a
/// new RTM_NEWADDR: a link monitor sees an AddressAdded per renewal.
/// </summary>
public sealed class VipHygiene(IAddressManager addresses, IInterfaceCatalog catalog, TimeSpan? leaseLifetime = null)
{
    private readonly object gate = new();
    private readonly Dictionary<(string Interface, IPAddress Address), AddressSpec> added = [];

    public IReadOnlyCollection<AddressSpec> Added
    {
        get
        {
            lock (gate)
            {
                return added.Values.ToList();
            }
        }
    }

    /// <summary>
    /// Deletes every configured address that is already on its interface, whatever prefix it carries there.
    /// One result per configured address: Applied (was there, removed), AlreadyInState (absent), or the error.
    /// </summary>
    public IReadOnlyList<PlatformResult> RemovePreexisting(IReadOnlyList<AddressSpec> configured)
    {
        var present = catalog.ListAddresses();
        if (!present.IsSuccess)
        {
            return configured.Select(_ => PlatformResult.Fail(present.Error!)).ToList();
        }
        var results = new PlatformResult[configured.Count];
        var deletions = new List<(int Slot, AddressSpec Spec)>();
        for (var i = 0; i < configured.Count; i++)
        {
            var spec = configured[i];
            var link = catalog.Find(spec.Interface);
            var found = link.IsSuccess
                ? present.Value!.FirstOrDefault(a => a.InterfaceIndex == link.Value!.Index && a.Address.Equals(spec.Address))
                : null;
            if (found is null)
            {
                results[i] = PlatformResult.AlreadyInState;
            }
            else
            {
                deletions.Add((i, spec with { PrefixLength = found.PrefixLength, Peer = found.Peer }));
            }
        }
        var deleted = addresses.DeleteMany(deletions.Select(d => d.Spec).ToList());
        for (var n = 0; n < deletions.Count; n++)
        {
            results[deletions[n].Slot] = deleted[n];
        }
        return results;
    }

    /// <summary>Adds VIPs (with the lease lifetime when leases are on) and remembers them for <see cref="RemoveAllAdded"/>.</summary>
    public IReadOnlyList<PlatformResult> Add(IReadOnlyList<AddressSpec> vips)
    {
        var leased = vips.Select(Leased).ToList();
        var results = addresses.AddMany(leased);
        lock (gate)
        {
            for (var i = 0; i < leased.Count; i++)
            {
                // An address that was already there is ours from now on too: the configuration says it is a VIP.
                if (results[i].IsSuccess)
                {
                    added[(leased[i].Interface, leased[i].Address)] = leased[i];
                }
            }
        }
        return results;
    }

    /// <summary>Removes VIPs (the MASTER→BACKUP transition) and forgets them.</summary>
    public IReadOnlyList<PlatformResult> Remove(IReadOnlyList<AddressSpec> vips)
    {
        var results = addresses.DeleteMany(vips);
        lock (gate)
        {
            for (var i = 0; i < vips.Count; i++)
            {
                if (results[i].IsSuccess)
                {
                    added.Remove((vips[i].Interface, vips[i].Address));
                }
            }
        }
        return results;
    }

    /// <summary>At stop: removes every VIP this instance added and still holds.</summary>
    public IReadOnlyList<PlatformResult> RemoveAllAdded() => Remove(Added.ToList());

    /// <summary>Extends the lease of every held VIP (no-op when leases are off). Call it with each advert sent.</summary>
    public IReadOnlyList<PlatformResult> RenewLeases()
    {
        if (leaseLifetime is null)
        {
            return [];
        }
        return Added.Select(addresses.Refresh).ToList();
    }

    private AddressSpec Leased(AddressSpec spec)
    {
        if (leaseLifetime is not { } lifetime)
        {
            return spec;
        }
        var seconds = (uint)Math.Max(1, Math.Ceiling(lifetime.TotalSeconds));
        return spec with { ValidLifetime = seconds, PreferredLifetime = seconds };
    }
}
