using HaDaemon.Config.Model;
using HaDaemon.Notify;
using NotifyScriptSet = HaDaemon.Notify.NotifyScripts;
using RunnableCommand = HaDaemon.Scripts.ScriptCommand;

namespace HaDaemon.Mapping;

/// <summary>The config model's notify scripts, FIFOs and vrrp_scripts → the script runner's types.</summary>
public static class NotifyMapper
{
    public static RunnableCommand? Command(Config.Model.ScriptInvocation? c) =>
        c is null ? null : new RunnableCommand(c.Argv, c.User, c.Group);

    public static NotifyScriptSet Scripts(Config.Model.NotifyScripts n, bool smtpAlert = false) => new(
        Master: Command(n.Master),
        Backup: Command(n.Backup),
        Fault: Command(n.Fault),
        Stop: Command(n.Stop),
        Deleted: Command(n.Deleted),
        Generic: Command(n.Generic),
        MasterRxLowerPri: Command(n.MasterRxLowerPriority),
        NotifyDeleted: n.Deleted is not null || n.DeletedWithoutScript,
        SmtpAlert: smtpAlert);

    /// <summary><c>vrrp_notify_fifo</c> and <c>notify_fifo</c>: keepalived writes every VRRP line to both.</summary>
    public static IReadOnlyList<NotifyFifoDefinition> Fifos(GlobalDefs g) =>
        new[] { g.VrrpNotifyFifo, g.NotifyFifo }
            .Where(f => f is not null)
            .Select(f => new NotifyFifoDefinition(f!.Path, Command(f.Script), f.User, f.Group))
            .ToList();

    public static IReadOnlyList<Scripts.TrackScriptDefinition> TrackScripts(KeepalivedConfig config) =>
        config.Scripts.Where(s => s.Enabled)
            .Select(s => new Scripts.TrackScriptDefinition(s.Name, Command(s.Script)!, s.Interval, s.Timeout))
            .ToList();
}
