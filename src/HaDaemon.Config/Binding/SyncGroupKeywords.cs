using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>Notify keywords shared by <c>vrrp_instance</c> and <c>vrrp_sync_group</c>.</summary>
internal static class NotifyKeywords
{
    public static KeywordTable<T> AddNotify<T>(this KeywordTable<T> t, Func<T, string> owner, bool isGroup)
        where T : TrackingDraft
    {
        string Prefix(T d) => isGroup ? $"vrrp group {owner(d)}:" : $"({owner(d)})";
        void Set(BindContext c, ConfigStatement s, T d, Func<T, ScriptInvocation?> get, Action<T, ScriptInvocation> set, string name)
        {
            if (get(d) is not null)
            {
                c.Error(s.Location, $"{Prefix(d)} {name} script already specified - ignoring {s.Arguments[0].Text}", "duplicate-keyword");
                return;
            }
            if (ScriptCommands.Parse(c, s, name) is { } cmd)
            {
                set(d, cmd);
            }
        }
        t.Line("notify_master", (c, s, d) => Set(c, s, d, x => x.NotifyMaster, (x, v) => x.NotifyMaster = v, "notify_master"))
         .Line("notify_backup", (c, s, d) => Set(c, s, d, x => x.NotifyBackup, (x, v) => x.NotifyBackup = v, "notify_backup"))
         .Line("notify_fault", (c, s, d) => Set(c, s, d, x => x.NotifyFault, (x, v) => x.NotifyFault = v, "notify_fault"))
         .Line("notify_stop", (c, s, d) => Set(c, s, d, x => x.NotifyStop, (x, v) => x.NotifyStop = v, "notify_stop"))
         .Line("notify", (c, s, d) => Set(c, s, d, x => x.Notify, (x, v) => x.Notify = v, "notify"))
         .Flag("smtp_alert", (c, s, d) =>
         {
             if (s.Arguments.Count == 0)
             {
                 d.SmtpAlert = true;
             }
             else if (Values.ParseBool(s.Arguments[0].Text) is { } b)
             {
                 d.SmtpAlert = b;
             }
             else
             {
                 c.Error(s.Loc(0), $"Invalid {(isGroup ? "vrrp_group" : "vrrp_instance")} smtp_alert parameter {s.Arguments[0].Text}", "invalid-boolean");
             }
         })
         .Flag("notify_priority_changes", (c, s, d) =>
         {
             var b = s.Arguments.Count == 0 ? true : Values.ParseBool(s.Arguments[0].Text);
             if (b is null)
             {
                 c.Error(s.Loc(0), $"({owner(d)}) Invalid value '{s.Arguments[0].Text}' for {(isGroup ? "sync group " : "")}notify_priority_changes specified", "invalid-boolean");
                 return;
             }
             d.NotifyPriorityChanges = b;
         });
        if (!isGroup)
        {
            t.Flag("notify_deleted", (c, s, d) =>
            {
                if (d.NotifyDeletedSet)
                {
                    c.Error(s.Location, $"({owner(d)}) notify_deleted already specified - ignoring {(s.Arguments.Count > 0 ? s.Arguments[0].Text : "")}", "duplicate-keyword");
                    return;
                }
                d.NotifyDeletedSet = true;
                if (s.Arguments.Count > 0)
                {
                    d.NotifyDeleted = ScriptCommands.Parse(c, s, "notify_deleted");
                }
            })
            .Line("notify_master_rx_lower_pri", (c, s, d) => Set(c, s, d, x => x.NotifyMasterRxLowerPri, (x, v) => x.NotifyMasterRxLowerPri = v, "notify_master_rx_lower_pri"));
        }
        return t;
    }
}

/// <summary>The <c>vrrp_sync_group</c> keyword table (§1.10).</summary>
internal static class SyncGroupKeywords
{
    public static KeywordTable<SyncGroupDraft> Table { get; } = new KeywordTable<SyncGroupDraft>("vrrp_sync_group")
        .Block("group", (c, s, g) =>
        {
            if (g.GroupSeen)
            {
                c.Error(s.Location, $"Group list already specified for sync group {g.Name}", "duplicate-keyword");
                return;
            }
            g.GroupSeen = true;
            foreach (var line in s.Block!.Statements)
            {
                foreach (var tok in line.Arguments.Prepend(line.Keyword))
                {
                    g.Members.Add((tok.Text, tok.Location));
                }
            }
            if (g.Members.Count == 0)
            {
                c.Error(s.Location, $"Warning - sync group {g.Name} has empty group block", "empty-group");
            }
        })
        .Block("track_interface", (c, s, g) => TrackerLists.Interfaces(c, s, g.Name, g.TrackInterfaces))
        .Block("track_script", (c, s, g) => TrackerLists.Scripts(c, s, g.Name, g.TrackScripts))
        .Block("track_file", (c, s, g) => TrackerLists.Files(c, s, g.Name, g.TrackFiles))
        .Block("track_process", (c, s, g) => TrackerLists.Processes(c, s, g.Name, g.TrackProcesses))
        .Flag("global_tracking", (c, s, g) =>
            c.Error(s.Location, $"({g.Name}) global_tracking is deprecated. Use track_interface/script/file on the sync group", "deprecated"))
        .Flag("sync_group_tracking_weight", (c, s, g) => g.TrackingWeight = true)
        .AddNotify(g => g.Name, isGroup: true)
        .Unsupported("track_bfd");
}
