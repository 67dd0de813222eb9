using HaDaemon.Config.Binding;
using HaDaemon.Config.Model;

namespace HaDaemon.Config.Normalisation;

/// <summary>
/// keepalived's check_vrid_conflicts: a VRID must be unique per (interface, family, multicast group) for multicast
/// instances, and per (interface, source address, shared peer) for unicast ones. A conflict stops VRRP.
/// </summary>
internal static class VridConflicts
{
    public static bool Check(BindContext ctx, List<VrrpInstance> instances)
    {
        var hadError = false;
        // Only instances with the same (family, VRID, unicast-ness) can clash: compare within those buckets, in
        // configuration order as keepalived does.
        foreach (var bucket in instances.GroupBy(i => (i.Family, i.VirtualRouterId, i.Unicast)))
        {
            var same = bucket.ToList();
            hadError |= CheckBucket(ctx, same);
        }
        return hadError;
    }

    private static bool CheckBucket(BindContext ctx, List<VrrpInstance> instances)
    {
        var hadError = false;
        for (var i = 0; i < instances.Count; i++)
        {
            for (var j = i + 1; j < instances.Count; j++)
            {
                var a = instances[i];
                var b = instances[j];
                if (a.Unicast)
                {
                    if (a.Interface is not null && b.Interface is not null && a.Interface != b.Interface)
                    {
                        continue;
                    }
                    // keepalived compares source addresses only when both are known; an interface's primary address
                    // is not known at configuration time here, so (like keepalived with an address-less
                    // interface) only configured sources are compared.
                    if (a.SourceAddress is null || b.SourceAddress is null || a.SourceAddress != b.SourceAddress)
                    {
                        continue;
                    }
                    if (!a.UnicastPeers.Any(p => b.UnicastPeers.Any(q => q.Address == p.Address)))
                    {
                        continue;
                    }
                    ctx.Error(b.Location, $"({a.Name}) duplicate VRID conflict with {b.Name} VRID {a.VirtualRouterId}", "vrid-conflict");
                    hadError = true;
                    continue;
                }
                if (a.Interface != b.Interface || a.MulticastGroup != b.MulticastGroup)
                {
                    continue;
                }
                ctx.Error(b.Location,
                    $"{a.Name} and {b.Name} both use VRID {a.VirtualRouterId} with IPv{(a.Family == AddressFamily.IPv4 ? 4 : 6)} on interface {a.Interface}",
                    "vrid-conflict");
                hadError = true;
            }
        }
        return hadError;
    }
}
