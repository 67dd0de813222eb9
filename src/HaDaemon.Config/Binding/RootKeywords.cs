using HaDaemon.Config.Environment;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>
/// Top-level keywords (§1.5) and the entry point of binding: syntax tree → drafts + diagnostics.
/// </summary>
internal static class RootKeywords
{
    private readonly record struct Root;

    private static readonly KeywordTable<Root> Table = Build();

    public static BindContext Bind(ConfigDocument document, IInterfaceCatalog interfaces, RouteNames? routeNames = null)
    {
        var ctx = new BindContext(interfaces, routeNames ?? RouteNames.BuiltIn());
        Table.BindAll(ctx, document.Statements, default);
        return ctx;
    }

    private static KeywordTable<Root> Build()
    {
        var t = new KeywordTable<Root>("top level");
        t.Block("global_defs", (c, s, _) => GlobalDefsKeywords.Table.BindAll(c, s.Block!.Statements, c.Global))
         .Block("vrrp_script", (c, s, _) => Named(c, s, "vrrp_script", c.ScriptsByName.ContainsKey, "vrrp_script", name =>
         {
             var d = new ScriptDraft(name, s.Location);
             TrackerKeywords.Script.BindAll(c, s.Block!.Statements, d);
             if (d.Script is null)
             {
                 c.Error(s.Location, $"No script set for vrrp_script {name} - removing", "script-missing");
                 return;
             }
             d.Timeout ??= d.Interval;
             c.Scripts.Add(d);
             c.ScriptsByName[name] = d;
         }))
         .Block("track_file", TrackFile)
         .Block("vrrp_track_file", TrackFile)
         .Block("vrrp_track_process", (c, s, _) => Named(c, s, "vrrp_track_process", c.TrackProcessesByName.ContainsKey, "track process", name =>
         {
             var d = new TrackProcessDraft(name, s.Location);
             TrackerKeywords.Process.BindAll(c, s.Block!.Statements, d);
             if (d.Process is null)
             {
                 c.Error(s.Location, $"track process '{name}' process name not specified", "process-missing");
                 return;
             }
             c.TrackProcesses.Add(d);
             c.TrackProcessesByName[name] = d;
         }))
         .Block("vrrp_sync_group", (c, s, _) => Named(c, s, "vrrp_sync_group", name => c.SyncGroups.Exists(g => g.Name == name), "vrrp sync group", name =>
         {
             var d = new SyncGroupDraft(name, s.Location);
             SyncGroupKeywords.Table.BindAll(c, s.Block!.Statements, d);
             c.SyncGroups.Add(d);
         }))
         .Block("vrrp_instance", (c, s, _) => Named(c, s, "vrrp_instance", c.InstancesByName.ContainsKey, "vrrp instance", name =>
         {
             var d = new InstanceDraft(name, s.Location);
             InstanceKeywords.Table.BindAll(c, s.Block!.Statements, d);
             c.Instances.Add(d);
             c.InstancesByName[name] = d;
         }))
         .Block("static_ipaddress", (c, s, _) =>
             c.StaticAddresses.AddRange(s.Block!.Statements.Select(l => AddressParser.Parse(c, l, isStatic: true)).OfType<IpAddressSpec>()))
         .Block("static_routes", (c, s, _) =>
             c.StaticRoutes.AddRange(s.Block!.Statements.Select(l => RouteParser.Parse(c, l, isStatic: true)).OfType<RouteSpec>()))
         .Block("static_rules", (c, s, _) =>
             c.StaticRules.AddRange(s.Block!.Statements.Select(l => RuleParser.Parse(c, l, isStatic: true)).OfType<RuleSpec>()))
         .Block("garp_group", (c, s, _) => GarpGroupKeywords.Bind(c, s))
         .Block("interface_up_down_delays", (c, s, _) =>
         {
             foreach (var line in s.Block!.Statements)
             {
                 InterfaceDelayParser.Parse(c, line);
             }
         })
         // Recognised, not implemented by HaDaemon: LVS, BFD, static track groups, linkbeat,
         // namespaces and process-level switches.
         .Unsupported("virtual_server", "virtual_server_group", "bfd_instance", "track_group", "linkbeat_interfaces",
             "net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "instance", "use_pid_dir",
             "linkbeat_use_polling", "child_wait_time");
        return t;
    }

    private static void TrackFile(BindContext c, ConfigStatement s, Root _) =>
        Named(c, s, s.Keyword.Text, c.TrackFilesByName.ContainsKey, "track_file", name =>
        {
            if (s.Keyword.Text == "vrrp_track_file")
            {
                c.Warning(s.Location, "vrrp_track_file is deprecated - please use track_file", "deprecated");
            }
            var d = new TrackFileDraft(name, s.Location);
            TrackerKeywords.File.BindAll(c, s.Block!.Statements, d);
            if (d.Path is null)
            {
                c.Error(s.Location, $"No file set for track_file {name} - removing", "file-missing");
                return;
            }
            c.TrackFiles.Add(d);
            c.TrackFilesByName[name] = d;
        });

    /// <summary>A named top-level block: the name is required and unique (a duplicate block is skipped).</summary>
    private static void Named(BindContext c, ConfigStatement s, string keyword, Func<string, bool> exists, string what, Action<string> bind)
    {
        if (s.Arguments.Count == 0)
        {
            c.Error(s.Location, $"{keyword} must have a name - skipping", "missing-name");
            return;
        }
        var name = s.Arguments[0].Text;
        if (exists(name))
        {
            c.Error(s.Loc(0), $"{what} {name} already defined", "duplicate-name");
            return;
        }
        bind(name);
    }
}
