using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Engine;

public sealed partial class VrrpRouter
{
    /// <summary>
    /// SIGHUP: adopt new settings without disturbing what did not change. Instances are matched by name (and must
    /// keep VRID, interface, family and version, or they count as removed + added): they keep state and timers, and a
    /// MASTER adds/removes just the VIPs that differ. New instances start; removed ones stop (a MASTER sends
    /// priority 0 and releases) and notify DELETED, or FAULT without notify_deleted.
    /// </summary>
    /// <exception cref="ArgumentException">The new settings are inconsistent.</exception>
    public void Reload(Instant now, RouterSettings settings)
    {
        settings = Normalise(settings);
        ThrowIfInvalid(settings);
        _ctx.Now = now;
        var byName = settings.Instances.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var keep = new Dictionary<string, VrrpInstance>(StringComparer.Ordinal);
        foreach (var old in _instances)
        {
            if (byName.TryGetValue(old.Name, out var next) && SameIdentity(old.Settings, next))
                keep[old.Name] = old;
            else if (IsStarted && !IsStopped)
                old.Delete();
        }
        var oldGroupStates = _groups.ToDictionary(g => g.Settings.Name, g => g.State, StringComparer.Ordinal);

        Settings = settings;
        _ctx.Board.Configure(settings);
        var created = BuildInstances(settings, keep);
        if (!IsStarted || IsStopped) return;

        foreach (var g in _groups)
        {
            if (g.Members.TrueForAll(created.Contains))
            {
                // A group of new instances starts like at boot.
                foreach (var m in g.Members) m.PrimeTracking(_ctx.Board);
                InitialiseGroupState(g);
            }
            else if (oldGroupStates.TryGetValue(g.Settings.Name, out var state))
            {
                g.State = state;
            }
            else
            {
                // A new group around running instances takes the state they are in.
                g.State = g.Members.Exists(m => m.State == VrrpState.Fault) ? VrrpState.Fault
                    : g.Members.TrueForAll(m => m.State == VrrpState.Master) ? VrrpState.Master
                    : VrrpState.Backup;
            }
        }
        foreach (var i in created) i.PrimeTracking(_ctx.Board);
        foreach (var i in created) i.Start();

        // Surviving instances: new base priority, new trackers or new weights take effect through the usual path.
        foreach (var i in _instances)
            if (!created.Contains(i))
                i.Reevaluate(_ctx.Board);
        HandleTimeout(now);
    }

    private static bool SameIdentity(InstanceSettings a, InstanceSettings b) =>
        a.VirtualRouterId == b.VirtualRouterId && a.Interface == b.Interface && a.Family == b.Family && a.Version == b.Version;
}
