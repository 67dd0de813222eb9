using HaDaemon.Config.Binding;
using HaDaemon.Config.Loading;
using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Model;

namespace HaDaemon.Config.Normalisation;

/// <summary>
/// keepalived's vrrp_complete_init (vrrp.c) after binding: bad interfaces stop everything, then script security,
/// minimal instance checks, sync groups, per-instance completion, VRID conflicts and sync-group weights.
/// </summary>
internal static class ConfigNormaliser
{
    /// <summary>
    /// Returns the model, or null when keepalived would not start VRRP at all (non-existent interface): in that
    /// case keepalived does not run the later checks either, so their diagnostics are not produced.
    /// <paramref name="canRun"/> is false when keepalived's VRRP process would refuse the configuration.
    /// </summary>
    public static KeepalivedConfig? Normalise(BindContext ctx, IScriptEnvironment env, out bool canRun)
    {
        canRun = true;
        RefuseRemoteStatusUnlessAllowed(ctx);
        var global = BuildGlobal(ctx.Global);
        if (ctx.NonExistentInterface)
        {
            var first = ctx.Diagnostics.FirstOrDefault(d => d.Code == "missing-interface");
            ctx.Report(Severity.Fatal, "bad-interface", first?.Location ?? default, "Non-existent interface specified in configuration");
            canRun = false;
            return null;
        }

        var security = new ScriptSecurity(ctx, env);
        security.Run();
        foreach (var t in ctx.Instances.Cast<TrackingDraft>().Concat(ctx.SyncGroups))
        {
            DropDisabled(t, security.Disabled);
        }
        var fifo = ctx.Global.NotifyFifoScript is { } nfs && !security.Disabled.Contains(nfs) ? nfs : null;
        var vrrpFifo = ctx.Global.VrrpNotifyFifoScript is { } vfs && !security.Disabled.Contains(vfs) ? vfs : null;
        var process = global.Process;
        global = global with
        {
            Process = process with
            {
                StartupScript = process.StartupScript is { } up && !security.Disabled.Contains(up) ? up : null,
                ShutdownScript = process.ShutdownScript is { } down && !security.Disabled.Contains(down) ? down : null,
            },
            NotifyFifo = global.NotifyFifo is null ? null : global.NotifyFifo with { Script = fifo },
            VrrpNotifyFifo = global.VrrpNotifyFifo is null ? null : global.VrrpNotifyFifo with { Script = vrrpFifo },
        };
        if (global.NotifyFifo is { } nf && global.VrrpNotifyFifo is { } vf && nf.Path == vf.Path)
        {
            // The same FIFO would get every line twice (global_data.c).
            ctx.Info(vf.Location, $"notify FIFO {vf.Path} has been specified for global and vrrp FIFO - ignoring vrrp FIFO", "duplicate-fifo");
            global = global with { VrrpNotifyFifo = null };
        }
        ReportSmtpAlertWithoutServer(ctx, global);
        var enabledScripts = ctx.Scripts.Where(s => s.Enabled).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var t in ctx.Instances.Cast<TrackingDraft>().Concat(ctx.SyncGroups))
        {
            t.TrackScripts.RemoveAll(r => !enabledScripts.Contains(r.Name));
        }

        foreach (var d in ctx.Instances)
        {
            if (d.VirtualRouterId == 0)
            {
                ctx.Error(d.Location, $"({d.Name}) the virtual router id must be set", "vrrp-refuses-start");
                canRun = false;
            }
            else if (d.Interface is null && !(d.UnicastConfigured && d.UnicastPeers.Count > 0))
            {
                ctx.Error(d.Location, $"({d.Name}) Unknown interface!", "vrrp-refuses-start");
                canRun = false;
            }
        }

        var groupOf = SyncGroups.Resolve(ctx);
        var instances = new List<VrrpInstance>();
        foreach (var d in ctx.Instances)
        {
            groupOf.TryGetValue(d.Name, out var group);
            var inst = InstanceNormaliser.Complete(ctx, d, global, group);
            if (inst is null)
            {
                canRun = false;
                continue;
            }
            instances.Add(inst);
        }
        if (VridConflicts.Check(ctx, instances))
        {
            canRun = false;
        }
        var groups = SyncGroups.Build(ctx, instances, groupOf);

        var model = new KeepalivedConfig(
            global,
            ctx.Scripts.Select(s => new VrrpScript(s.Name, s.Script!, s.Interval, s.Timeout ?? s.Interval, s.Weight, s.WeightReverse,
                s.Rise, s.Fall, s.InitFail, s.Enabled, s.Location)).ToArray(),
            ctx.TrackFiles.Select(f => new TrackFile(f.Name, f.Path!, f.Weight, f.WeightReverse, f.InitFile, f.InitValue, f.InitOverwrite,
                f.Location)).ToArray(),
            ctx.TrackProcesses.Select(p => new TrackProcess(p.Name, p.Process!, p.Parameters, p.ParamMatch, p.FullCommand, p.Weight,
                p.WeightReverse, p.Quorum, p.QuorumMax, p.Delay, p.TerminateDelay, p.ForkDelay, p.Location)).ToArray(),
            groups,
            instances,
            ctx.StaticAddresses.ToArray(),
            ctx.StaticRoutes.ToArray(),
            ctx.StaticRules.ToArray(),
            ctx.InterfaceDelays.Values.ToArray(),
            ctx.IgnoredFeatures())
        {
            GarpGroups = GarpGroupKeywords.Build(ctx),
        };
        return model;
    }

    private static void DropDisabled(TrackingDraft t, HashSet<ScriptInvocation> disabled)
    {
        ScriptInvocation? Keep(ScriptInvocation? s) => s is not null && disabled.Contains(s) ? null : s;
        t.NotifyMaster = Keep(t.NotifyMaster);
        t.NotifyBackup = Keep(t.NotifyBackup);
        t.NotifyFault = Keep(t.NotifyFault);
        t.NotifyStop = Keep(t.NotifyStop);
        t.NotifyDeleted = Keep(t.NotifyDeleted);
        t.NotifyMasterRxLowerPri = Keep(t.NotifyMasterRxLowerPri);
        t.Notify = Keep(t.Notify);
    }

    /// <summary>
    /// The status endpoint shows addresses, peers and script names, and /metrics is unauthenticated: it may listen
    /// beyond this host only when hadaemon_status_allow_remote says so. Otherwise it is an error and the endpoint
    /// stays off (VRRP itself is not affected).
    /// </summary>
    private static void RefuseRemoteStatusUnlessAllowed(BindContext ctx)
    {
        if (ctx.Global.StatusListen is { Address: { } address } listen && !ctx.Global.StatusAllowRemote
            && !(System.Net.IPAddress.TryParse(address, out var ip) && System.Net.IPAddress.IsLoopback(ip)))
        {
            ctx.Error(listen.Location,
                $"hadaemon_status_listen {address}:{listen.Port} is not a loopback address - the status endpoint stays off; " +
                "add hadaemon_status_allow_remote to serve status and metrics beyond this host", "status-listen-not-loopback");
            ctx.Global.StatusListen = null;
        }
    }

    /// <summary>
    /// keepalived quietly sends no alert mail when smtp_server or notification_email is missing; say so once, at the
    /// first instance or sync group that asks for mail, so an operator is not left waiting for mails that never come.
    /// </summary>
    private static void ReportSmtpAlertWithoutServer(BindContext ctx, GlobalDefs global)
    {
        if (global.SmtpServerEndpoint is not null && global.NotificationEmails.Count > 0)
        {
            return;
        }
        var fallback = ctx.Global.SmtpAlertVrrp ?? ctx.Global.SmtpAlert ?? false;
        var asking = ctx.Instances.Where(d => d.SmtpAlert ?? fallback).Select(d => (d.Name, d.Location))
            .Concat(ctx.SyncGroups.Where(g => g.SmtpAlert ?? fallback).Select(g => (g.Name, g.Location)))
            .OrderBy(t => t.Location.Line).FirstOrDefault();
        if (asking.Name is null)
        {
            return;
        }
        var missing = global.SmtpServerEndpoint is null ? "smtp_server" : "notification_email";
        ctx.Info(asking.Location, $"({asking.Name}) smtp_alert is set but global_defs has no {missing} - no alert mail is sent", "smtp-alert-not-sent");
    }

    private static GlobalDefs BuildGlobal(GlobalDraft g) => new(
        g.RouterId, g.NotificationEmails.ToArray(), g.NotificationEmailFrom, g.SmtpServer, g.SmtpAlert ?? false, g.SmtpAlertVrrp ?? false,
        g.VrrpStrict, g.SkipCheckAdvAddr, g.GarpInterval, g.GnaInterval, g.GarpMasterDelay, g.GarpMasterRepeat, g.GarpMasterRefresh,
        g.GarpMasterRefreshRepeat, g.GarpLowerPrioDelay ?? g.GarpMasterDelay, g.GarpLowerPrioRepeat ?? g.GarpMasterRepeat,
        g.GarpExtraIf, g.GarpExtraIfAll, g.LowerPrioNoAdvert, g.HigherPrioSendAdvert, g.VrrpVersion, g.V3ChecksumAsV2,
        g.McastGroup4, g.McastGroup6, g.CheckUnicastSrc, g.DownTimerAdverts, g.OwnerIgnoreAdverts, g.StartupDelay,
        g.NotifyFifo, g.VrrpNotifyFifo, g.NotifyPriorityChanges, g.FifoWriteStatesOnReload, g.DynamicInterfaces, g.AllowIfChanges,
        g.DefaultInterface, g.EnableScriptSecurity, g.ScriptUser, g.ScriptGroup, g.StateDumpFile, g.StatsDumpFile, g.JsonDumpFile,
        g.VmacPrefix, g.VmacAddrPrefix, g.LogUnknownVrids, g.StatusListen, g.StatusAllowRemote)
    {
        LogFormat = g.LogFormat,
        DelayAfterBoot = g.DelayAfterBoot,
        SmtpServerEndpoint = g.SmtpServerEndpoint,
        SmtpHeloName = g.SmtpHeloName,
        SmtpConnectTimeout = g.SmtpConnectTimeout ?? TimeSpan.FromSeconds(30),
        NoEmailFaults = g.NoEmailFaults,
        Process = g.Process,
    };
}
