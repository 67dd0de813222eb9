using System.Globalization;
using HaDaemon.Scripts.Native;

namespace HaDaemon.Scripts;

/// <summary>
/// What exactly gets exec'd for a script, decided the way keepalived's check_script_secure()/system_call_script() do:
/// <list type="bullet">
/// <item>argv[0] starting with "&lt;" then optional blanks then "/" (a "can I open this file" test) → <c>/bin/sh -c cmd_str</c>;</item>
/// <item>argv[0] without '/' → searched in PATH; not found → not started;</item>
/// <item>missing, a directory, or no execute bit → not started (keepalived disables such scripts);</item>
/// <item>a file that is not a real executable (no "#!" shebang, no ELF header; keepalived asks libmagic) →
///   <c>/bin/sh -c cmd_str</c> (keepalived uses system());</item>
/// <item>otherwise execve(path, argv) directly — no shell, so arguments arrive literally.</item>
/// </list>
/// A run-as user is applied by exec'ing <c>setpriv --reuid U --regid G --init-groups --pdeathsig TERM --</c> in front
/// (posix_spawn cannot change credentials; forking from managed code to call setuid is unsafe).
/// </summary>
public sealed record ScriptLaunchPlan(string Path, IReadOnlyList<string> Argv, bool ViaShell)
{
    public const string Shell = "/bin/sh";
    public const string SetPriv = "/usr/bin/setpriv";

    public static ScriptLaunchPlan? Resolve(ScriptCommand command, IReadOnlyList<string> extraArgs, string? pathVariable, out string? error)
    {
        error = null;
        if (command.Argv.Count == 0 || command.Argv[0].Length == 0)
        {
            error = "empty script command";
            return null;
        }

        var args = command.Argv.Concat(extraArgs).ToArray();
        var argv0 = args[0];
        ScriptLaunchPlan plan;
        if (IsFileReadabilityTest(argv0))
        {
            plan = ViaShellPlan(args);
        }
        else
        {
            var path = argv0.Contains('/', StringComparison.Ordinal) ? argv0 : SearchPath(argv0, pathVariable);
            if (path is null)
            {
                error = $"Cannot find script {argv0} in path";
                return null;
            }

            if (Directory.Exists(path) || !File.Exists(path))
            {
                error = $"script {path} does not exist";
                return null;
            }

            if (!IsExecutable(path))
            {
                error = $"script '{path}' is not executable";
                return null;
            }

            plan = HasExecutableHeader(path) ? new ScriptLaunchPlan(path, args, false) : ViaShellPlan(args);
        }

        return command.User is null ? plan : WithRunAs(plan, command, out error);
    }

    private static ScriptLaunchPlan ViaShellPlan(string[] args) => new(Shell, [Shell, "-c", CommandString.Format(args)], true);

    private static bool IsFileReadabilityTest(string argv0)
    {
        if (argv0[0] != '<')
        {
            return false;
        }

        var rest = argv0.AsSpan(1).TrimStart(" \t");
        return rest.Length > 0 && rest[0] == '/';
    }

    private static string? SearchPath(string name, string? pathVariable)
    {
        // glibc's execvp default when PATH is unset.
        foreach (var dir in (pathVariable ?? "/bin:/usr/bin").Split(':'))
        {
            var candidate = System.IO.Path.Combine(dir.Length == 0 ? "." : dir, name);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path)
    {
        const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return (File.GetUnixFileMode(path) & AnyExecute) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>"#!" script or ELF binary — what libmagic calls an "executable"/"shared object".</summary>
    private static bool HasExecutableHeader(string path)
    {
        Span<byte> head = stackalloc byte[4];
        try
        {
            using var file = File.OpenHandle(path);
            var n = RandomAccess.Read(file, head, 0);
            return (n >= 2 && head[0] == '#' && head[1] == '!') ||
                   (n == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable for us (root) is unusual; let the shell report it.
            return false;
        }
    }

    private static ScriptLaunchPlan? WithRunAs(ScriptLaunchPlan plan, ScriptCommand command, out string? error)
    {
        error = null;
        var user = UserAccounts.LookupUser(command.User!);
        if (user is null)
        {
            error = $"unknown user '{command.User}' for script {command}";
            return null;
        }

        var gid = user.Value.Gid;
        if (command.Group is not null)
        {
            if (UserAccounts.LookupGroup(command.Group) is not { } g)
            {
                error = $"unknown group '{command.Group}' for script {command}";
                return null;
            }

            gid = g;
        }

        if (!File.Exists(SetPriv))
        {
            error = $"{SetPriv} (util-linux) is needed to run scripts as user '{command.User}'";
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        string[] prefix =
        [
            SetPriv, "--reuid", user.Value.Uid.ToString(inv), "--regid", gid.ToString(inv), "--init-groups",
            "--pdeathsig", "TERM", "--", plan.Path,
        ];
        return new ScriptLaunchPlan(SetPriv, [.. prefix, .. plan.Argv.Skip(1)], plan.ViaShell);
    }
}
