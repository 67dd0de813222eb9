using HaDaemon.Core.Time;
using HaDaemon.Linux.Monitoring;
using HaDaemon.Linux.Results;
using HaDaemon.Linux.Vmac;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Runtime;

/// <summary>
/// use_vmac: the macvlans are created at start (whatever state the instance will take, as keepalived does), before
/// the advert sockets that bind to them; re-created when deleted from outside or when their base interface returns;
/// deleted at stop, when a reload drops them, and on a failed start.
/// </summary>
public sealed partial class VrrpRuntime
{
    /// <summary>VMACs this daemon made (or found ready-made and took over), by name: the ones it deletes.</summary>
    private readonly Dictionary<string, VmacSpec> _vmacs = new(StringComparer.Ordinal);

    /// <summary>VMACs whose last attempt failed, so that a failure is logged once, not at every link event.</summary>
    private readonly HashSet<string> _vmacFailures = new(StringComparer.Ordinal);

    private static IEnumerable<VmacSpec> WantedVmacs(RuntimeConfig config) =>
        config.Instances.Values.SelectMany(p => p.Vmacs).Distinct();

    private void CreateVmacs(RuntimeConfig config, Instant now)
    {
        var wanted = WantedVmacs(config).ToList();
        if (wanted.Count > 0)
        {
            WarnAboutStrictRpFilter();
        }
        foreach (var spec in wanted)
        {
            var before = _vmacs.ContainsKey(spec.EffectiveName) ? _net!.Interfaces.Find(spec.EffectiveName).Value?.Index : null;
            if (EnsureVmac(spec, now) is { } index && before is not null && before != index)
            {
                // Replaced (another base or MAC after a reload): sockets bound to the old one hear nothing any more.
                ReattachOn(spec.EffectiveName);
            }
        }
    }

    /// <summary>
    /// Creates (or confirms) one VMAC; its interface index, or null when it could not be made. A missing VMAC is a
    /// down interface to the engine (the instances that track it stay in FAULT) until its link event says otherwise.
    /// </summary>
    private int? EnsureVmac(VmacSpec spec, Instant now)
    {
        var name = spec.EffectiveName;
        var created = _net!.Vmacs.Create(spec);
        if (!created.IsSuccess)
        {
            if (_vmacFailures.Add(name))
            {
                _logger.LogError("Cannot create VMAC {Vmac} on {Base}: {Error}", name, spec.BaseInterface, created.Error);
            }
            _router.InterfaceState(now, name, false);
            return null;
        }
        _vmacFailures.Remove(name);
        var isNew = !_vmacs.ContainsKey(name);
        _vmacs[name] = spec;
        var link = created.Value!;
        if (isNew)
        {
            _logger.LogInformation("VMAC {Vmac} on {Base} with MAC {Mac} (index {Index})", name, spec.BaseInterface,
                string.Join(':', link.Mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))),
                link.Index);
        }
        return link.Index;
    }

    /// <summary>Deletes the VMACs that <paramref name="keep"/> does not list (all of them when null).</summary>
    private void RemoveVmacs(RuntimeConfig? keep)
    {
        if (_net is null)
        {
            return;
        }
        var wanted = keep is null ? [] : WantedVmacs(keep).Select(s => s.EffectiveName).ToHashSet(StringComparer.Ordinal);
        foreach (var name in _vmacs.Keys.Where(n => !wanted.Contains(n)).ToList())
        {
            _vmacs.Remove(name);
            _vmacFailures.Remove(name);
            var removed = _net.Vmacs.Remove(name);
            if (!removed.IsSuccess)
            {
                _logger.LogError("Cannot delete VMAC {Vmac}: {Error}", name, removed.Error);
            }
            else if (removed.Outcome == ChangeOutcome.Applied)
            {
                _logger.LogInformation("VMAC {Vmac} deleted", name);
            }
        }
    }

    /// <summary>
    /// keepalived re-creates a VMAC of its own that was deleted (recreate_vmac_thread), and creates the missing ones
    /// once their base interface exists. The instance meanwhile is in FAULT through its tracked VMAC.
    /// </summary>
    private void RepairVmacs(Instant now, NetEvent e)
    {
        if (_stopping || e is not (LinkRemoved or LinkChanged or EventsLost))
        {
            return;
        }
        foreach (var spec in WantedVmacs(_config))
        {
            var name = spec.EffectiveName;
            if (_net!.Interfaces.Find(name).IsSuccess || !_net.Interfaces.Find(spec.BaseInterface).IsSuccess)
            {
                continue;
            }
            if (_vmacs.ContainsKey(name))
            {
                _logger.LogWarning("VMAC {Vmac} was deleted; creating it again", name);
            }
            if (EnsureVmac(spec, now) is not null)
            {
                ReattachOn(name);
            }
        }
    }

    /// <summary>Re-opens the advert sockets of the instances that send on <paramref name="name"/> (its index changed).</summary>
    private void ReattachOn(string name)
    {
        foreach (var plan in _config.Instances.Values.Where(p => p.Binding.Interface == name))
        {
            if (_links.Remove(plan.Name, out var link))
            {
                link.Dispose();
            }
            Attach(plan);
        }
    }

    private Dictionary<string, (string Name, bool Up)> VmacsForDump() => _config.Instances.Values
        .Where(p => p.Vmac is not null)
        .ToDictionary(p => p.Name, p => (p.Vmac!, _vmacs.ContainsKey(p.Vmac!)), StringComparer.Ordinal);

    /// <summary>
    /// keepalived lowers net.ipv4.conf.all.rp_filter to 0 when it uses VMACs (raising each interface's own value so
    /// that nothing else changes); hadaemon does not touch that global switch, so it says when it matters: with
    /// all.rp_filter=1 (strict) the kernel drops adverts arriving on a VMAC, which has no route back to the sender.
    /// </summary>
    private void WarnAboutStrictRpFilter()
    {
        try
        {
            if (File.ReadAllText("/proc/sys/net/ipv4/conf/all/rp_filter").Trim() == "1")
            {
                _logger.LogWarning("net.ipv4.conf.all.rp_filter is 1 (strict): adverts received on VMAC interfaces will be dropped; " +
                    "set it to 0 or 2 (keepalived changes it itself, hadaemon does not)");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug("Cannot read net.ipv4.conf.all.rp_filter: {Error}", ex.Message);
        }
    }
}
