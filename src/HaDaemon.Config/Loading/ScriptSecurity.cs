using HaDaemon.Config.Binding;
using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Model;

namespace HaDaemon.Config.Loading;

/// <summary>
/// keepalived's start-up script check (vrrp.c check_vrrp_script_security, lib/notify.c check_script_secure): resolves
/// every script's program and run-as user, disables missing/non-executable/unsafe ones, and reports
/// "SECURITY VIOLATION" (-t exit code 6) when scripts would run as root without <c>enable_script_security</c>.
/// </summary>
internal sealed class ScriptSecurity(BindContext ctx, IScriptEnvironment env)
{
    [Flags]
    private enum Sc
    {
        None = 0,
        IsScript = 1,
        Executable = 2,
        Inhibit = 4,
        NotFound = 8,
        Insecure = 16,
        System = 32,
    }

    private bool Security => ctx.Global.EnableScriptSecurity;

    private (int Uid, int Gid)? _defaultUser;
    private bool _defaultResolved;
    private Sc _all;
    private SourceLocation? _firstScript;

    /// <summary>The notify/fifo scripts that must not run (keepalived frees them).</summary>
    public HashSet<ScriptInvocation> Disabled { get; } = new(ReferenceEqualityComparer.Instance);

    public void Run()
    {
        if (ctx.Instances.Count == 0)
        {
            return;
        }
        foreach (var s in ctx.Scripts)
        {
            CheckTrackScript(s);
        }
        foreach (var t in ctx.Instances.Cast<TrackingDraft>().Concat(ctx.SyncGroups))
        {
            foreach (var cmd in new[] { t.NotifyBackup, t.NotifyMaster, t.NotifyFault, t.NotifyStop, t.NotifyDeleted, t.Notify, t.NotifyMasterRxLowerPri })
            {
                CheckNotify(cmd, "notify");
            }
        }
        CheckNotify(ctx.Global.NotifyFifoScript, "notify_fifo");
        CheckNotify(ctx.Global.VrrpNotifyFifoScript, "vrrp_notify_fifo");
        // keepalived's check_start_stop_script_secure: the same rules, and they count towards the violation.
        CheckNotify(ctx.Global.Process.StartupScript, "startup");
        CheckNotify(ctx.Global.Process.ShutdownScript, "shutdown");
        if (!Security && (_all & Sc.IsScript) != 0)
        {
            ctx.Report(Severity.Error, ConfigCheck.SecurityViolationCode, _firstScript ?? default,
                "SECURITY VIOLATION - scripts are being executed but script_security not enabled." +
                ((_all & Sc.Insecure) != 0 ? " There are insecure scripts." : ""));
        }
    }

    private void CheckTrackScript(ScriptDraft s)
    {
        // The "user" keyword overrides a user given after the script string.
        var user = Resolve(s.User ?? s.Script!.User, s.User is null ? s.Script!.Group : s.Group, s.Location, $"vrrp script {s.Name}", isTrackScript: true);
        if (user is null)
        {
            s.Enabled = false;
            return;
        }
        var flags = Check(s.Script!, user.Value);
        if ((flags & Sc.Inhibit) != 0)
        {
            ctx.Error(s.Location, $"Disabling track script {s.Name} due to insecure", "script-insecure");
            s.Enabled = false;
        }
        else if ((flags & Sc.NotFound) != 0)
        {
            ctx.Error(s.Location, $"Disabling track script {s.Name} since not found/accessible", "script-not-found");
            s.Enabled = false;
        }
        else if ((flags & (Sc.Executable | Sc.System)) == 0)
        {
            s.Enabled = false;
        }
    }

    private void CheckNotify(ScriptInvocation? cmd, string type)
    {
        if (cmd is null)
        {
            return;
        }
        var user = Resolve(cmd.User, cmd.Group, cmd.Location, $"{type} script {cmd.Program}", isTrackScript: false);
        if (user is null)
        {
            Disabled.Add(cmd);
            return;
        }
        var flags = Check(cmd, user.Value);
        if ((flags & (Sc.Inhibit | Sc.NotFound)) != 0 || (flags & Sc.Executable) == 0)
        {
            Disabled.Add(cmd);
        }
    }

    /// <summary>The uid/gid a script runs as: its own <c>user [group]</c>, else the default script user.</summary>
    private (int Uid, int Gid)? Resolve(string? user, string? group, SourceLocation at, string what, bool isTrackScript)
    {
        if (user is null)
        {
            var def = DefaultUser();
            if (def is null)
            {
                if (isTrackScript)
                {
                    ctx.Error(at, $"Unable to set default user for {what} - removing", "script-user");
                }
                else
                {
                    ctx.Info(at, $"Failed to set default user for {what} - ignoring", "script-user");
                }
            }
            return def;
        }
        var resolved = Lookup(user, group);
        if (resolved is null)
        {
            if (isTrackScript)
            {
                ctx.Error(at, $"Unable to set uid/gid for script {what} - removing", "script-user");
            }
            else
            {
                ctx.Info(at, $"Invalid user/group for {what} - ignoring", "script-user");
            }
        }
        return resolved;
    }

    private (int Uid, int Gid)? Lookup(string user, string? group)
    {
        if (env.FindUser(user) is not { } u)
        {
            return null;
        }
        if (group is null)
        {
            return (u.Uid, u.Gid);
        }
        return env.FindGroup(group) is { } gid ? (u.Uid, gid) : null;
    }

    /// <summary>get_default_script_user: script_user, else keepalived_script if it exists, else our own uid.</summary>
    private (int Uid, int Gid)? DefaultUser()
    {
        if (_defaultResolved)
        {
            return _defaultUser;
        }
        _defaultResolved = true;
        var g = ctx.Global;
        if (g.ScriptUser is not null)
        {
            _defaultUser = Lookup(g.ScriptUser, g.ScriptGroup);
            if (_defaultUser is null)
            {
                ctx.Error(g.ScriptUserLocation ?? default, "Error setting global script uid/gid", "script-user");
            }
            return _defaultUser;
        }
        _defaultUser = Lookup("keepalived_script", null);
        if (_defaultUser is null)
        {
            if (Security)
            {
                ctx.Error(FirstScriptLocation(), "Unable to set default user keepalived_script for script", "script-user");
                return null;
            }
            _defaultUser = (env.OwnUid, env.OwnGid);
        }
        return _defaultUser;
    }

    private SourceLocation FirstScriptLocation() =>
        ctx.Scripts.Select(s => (SourceLocation?)s.Location).FirstOrDefault() ?? ctx.Instances[0].Location;

    private Sc Check(ScriptInvocation cmd, (int Uid, int Gid) user)
    {
        var flags = CheckScript(cmd, user);
        if ((flags & Sc.IsScript) != 0)
        {
            _firstScript ??= cmd.Location;
        }
        _all |= flags;
        return flags;
    }

    private Sc CheckScript(ScriptInvocation cmd, (int Uid, int Gid) user)
    {
        var program = cmd.Program;
        // "</dev/tcp/…" only tests that a file opens: run by the shell, never executed as a program.
        if (program.StartsWith('<') && program[1..].TrimStart(' ', '\t').StartsWith('/'))
        {
            return Sc.System;
        }
        var path = program;
        if (!program.Contains('/'))
        {
            var found = env.FindInPath(program);
            if (found is null)
            {
                ctx.Info(cmd.Location, $"Cannot find script {program} in path - disabling", "script-not-found");
                return Sc.NotFound;
            }
            path = found;
        }
        var real = env.RealPath(path);
        if (real is null)
        {
            ctx.Info(cmd.Location, $"Script {path} cannot be accessed - No such file or directory", "script-not-found");
            return Sc.NotFound;
        }
        if (env.Status(real) is not { } st)
        {
            ctx.Info(cmd.Location, $"Unable to access script `{path}` - disabling", "script-not-found");
            return Sc.NotFound;
        }
        var flags = Sc.IsScript;
        var needProtection = false;
        if (IsExecutable(st, user.Uid, user.Gid))
        {
            flags |= Sc.Executable;
            needProtection = user.Uid == 0 || user.Gid == 0
                || (st.Uid == 0 && (st.Mode & UnixFileMode.UserExecute) != 0 && (st.Mode & UnixFileMode.SetUser) != 0)
                || (st.Gid == 0 && (st.Mode & UnixFileMode.GroupExecute) != 0 && (st.Mode & UnixFileMode.SetGroup) != 0);
        }
        else
        {
            ctx.Info(cmd.Location, $"WARNING - script '{path}' is not executable for uid:gid {user.Uid}:{user.Gid} - disabling.", "script-not-executable");
        }
        if (!needProtection)
        {
            return flags;
        }
        // keepalived replaces the command with its realpath (so "/bin/true" is checked as "/usr/bin/true" and a
        // symlinked /bin is no "wrong file type"), keeping the original file name when it differs and still names
        // the same file (some programs behave by the name they are called); then it checks the real file as well.
        var checkedPath = real;
        string? realFilePath = null;
        if (real != path && Path.GetFileName(path) != Path.GetFileName(real))
        {
            var sameName = Path.Combine(Path.GetDirectoryName(real) ?? "/", Path.GetFileName(path));
            if (env.RealPath(sameName) == real)
            {
                checkedPath = sameName;
                realFilePath = real;
            }
        }
        flags |= PathSecurity(checkedPath, cmd);
        if (realFilePath is not null)
        {
            flags |= PathSecurity(realFilePath, cmd);
        }
        return flags;
    }

    private static bool IsExecutable(FileStatus st, int uid, int gid)
    {
        const UnixFileMode anyX = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (uid == 0 && (st.Mode & anyX) != 0)
            || (uid == st.Uid && (st.Mode & UnixFileMode.UserExecute) != 0)
            || (uid != st.Uid && ((gid == st.Gid && (st.Mode & UnixFileMode.GroupExecute) != 0)
                                  || (gid != st.Gid && (st.Mode & UnixFileMode.OtherExecute) != 0)));
    }

    /// <summary>check_security: every component from "/" must be root-owned and not group/world writable.</summary>
    private Sc PathSecurity(string path, ScriptInvocation cmd)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var prefix = "";
        for (var i = -1; i < parts.Length; i++)
        {
            var component = i < 0 ? "/" : prefix + "/" + parts[i];
            prefix = i < 0 ? "" : component;
            var last = i == parts.Length - 1;
            if (env.LinkStatus(component) is not { } st)
            {
                ctx.Info(cmd.Location, $"check_script_secure could not find script '{path}' - disabling", "script-not-found");
                return Sc.NotFound;
            }
            if ((!last && st.Kind != FileKind.Directory) || (last && st.Kind is not (FileKind.Regular or FileKind.SymbolicLink)))
            {
                ctx.Info(cmd.Location, $"Wrong file type found in script path '{path}'.", "script-insecure");
                return Sc.Inhibit;
            }
            var groupOrWorldWritable = (st.Gid != 0 && (st.Mode & UnixFileMode.GroupWrite) != 0) || (st.Mode & UnixFileMode.OtherWrite) != 0;
            var checkedKind = (st.Kind == FileKind.Directory && (st.Mode & UnixFileMode.StickyBit) == 0) || st.Kind == FileKind.Regular;
            if (st.Uid != 0 || (checkedKind && groupOrWorldWritable))
            {
                ctx.Info(cmd.Location, $"Unsafe permissions found for script '{path}'{(Security ? " - disabling" : "")}.", "script-unsafe");
                return Sc.Insecure | (Security ? Sc.Inhibit : Sc.None);
            }
        }
        return Sc.None;
    }
}
