using HaDaemon.Config.Binding;
using HaDaemon.Config.Model;

namespace HaDaemon.Config.Normalisation;

/// <summary>Sync-group membership (vrrp_sync.c vrrp_sync_set_group) and group tracker weights (sync_group_tracking_init).</summary>
internal static class SyncGroups
{
    /// <summary>Instance name → its group; groups without valid members are removed with keepalived's errors.</summary>
    public static Dictionary<string, SyncGroupDraft> Resolve(BindContext ctx)
    {
        var groupOf = new Dictionary<string, SyncGroupDraft>(StringComparer.Ordinal);
        foreach (var g in ctx.SyncGroups.ToArray())
        {
            if (g.Members.Count == 0)
            {
                ctx.Error(g.Location, $"Sync group {g.Name} has no virtual router(s). removing");
                ctx.SyncGroups.Remove(g);
                continue;
            }
            var valid = new List<(string, Diagnostics.SourceLocation)>();
            // keepalived's initial group state, from the configured (not yet defaulted) state and priority: MASTER
            // only while every member so far is an explicit "state MASTER" + "priority 255" owner.
            bool? groupMaster = null;
            foreach (var (name, at) in g.Members)
            {
                var inst = ctx.InstancesByName.GetValueOrDefault(name);
                if (inst is null)
                {
                    ctx.Error(at, $"Virtual router {name} specified in sync group {g.Name} doesn't exist - ignoring");
                    continue;
                }
                if (groupOf.ContainsKey(name))
                {
                    ctx.Error(at, $"Virtual router {name} cannot exist in more than one sync group; ignoring {g.Name}");
                    continue;
                }
                groupOf[name] = g;
                valid.Add((name, at));
                if (groupMaster == true && inst.State == InitialState.Backup)
                {
                    ctx.Error(at, $"Sync group {g.Name} has some member(s) as address owner and some not as address owner. This won't work.");
                }
                if (groupMaster != false)
                {
                    groupMaster = inst.State == InitialState.Master && inst.Priority == 255;
                }
            }
            g.Members = valid;
            if (valid.Count == 0)
            {
                ctx.Error(g.Location, $"Sync group {g.Name}, no matching virtual router found in group declaration - removing");
                ctx.SyncGroups.Remove(g);
            }
            else if (valid.Count == 1)
            {
                ctx.Error(g.Location, $"Sync group {g.Name} has only 1 virtual router(s) - this probably isn't what you want");
            }
        }
        return groupOf;
    }

    public static IReadOnlyList<VrrpSyncGroup> Build(BindContext ctx, List<VrrpInstance> instances, Dictionary<string, SyncGroupDraft> groupOf)
    {
        var result = new List<VrrpSyncGroup>();
        var byName = instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var g in ctx.SyncGroups)
        {
            var members = g.Members.Select(m => m.Name).Where(byName.ContainsKey).ToArray();
            var hasOwner = members.Any(n => byName[n].Priority == 255);
            List<TrackerReference> Clear(List<TrackerReference> refs, string what, string action)
            {
                if (!hasOwner)
                {
                    return refs;
                }
                return refs.Select(r =>
                {
                    if (r.Weight == 0)
                    {
                        return r;
                    }
                    ctx.Error(r.Location, $"({g.Name}) Cannot have weighted track {what} '{r.Name}' with member having priority 255 - {action}");
                    return r with { Weight = 0 };
                }).ToList();
            }
            result.Add(new VrrpSyncGroup(
                g.Name, members,
                Clear(g.TrackInterfaces, "interface", "clearing weight"),
                Clear(g.TrackScripts, "script", "clearing weight"),
                Clear(g.TrackFiles, "file", "setting weight 0"),
                Clear(g.TrackProcesses, "process", "setting weight 0"),
                g.BuildNotify(),
                g.SmtpAlert ?? (ctx.Global.SmtpAlertVrrp ?? ctx.Global.SmtpAlert ?? false),
                g.NotifyPriorityChanges ?? ctx.Global.NotifyPriorityChanges,
                g.TrackingWeight,
                g.Location));
        }
        return result;
    }
}
