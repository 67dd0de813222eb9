using System.Diagnostics;
using System.Globalization;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Interop;

/// <summary>Which VRRP daemon a node runs.</summary>
public enum DaemonKind
{
    Hadaemon,
    Keepalived,
}

/// <summary>
/// A VRRP daemon (keepalived or hadaemon, same keepalived-style command line) running in the foreground inside a test
/// network namespace, with its pid files and log under a private temporary directory. Signals go to the pids this
/// object started or read from its own pid files, never to processes found by name. Dispose stops it (SIGTERM, then
/// SIGKILL to every pid it owns) and removes the directory, so a failing test leaves nothing running.
/// </summary>
public abstract class DaemonProcess : IDisposable
{
    private readonly string directory;
    private Process? process;
    private int starts;

    protected DaemonProcess(NetworkNamespace ns, string configText, string configId)
    {
        Namespace = ns;
        ConfigId = configId;
        directory = Directory.CreateTempSubdirectory($"hd-interop-{configId}-").FullName;
        ConfigPath = Path.Combine(directory, "keepalived.conf");
        File.WriteAllText(ConfigPath, configText);
    }

    public abstract DaemonKind Kind { get; }

    public NetworkNamespace Namespace { get; }

    /// <summary>The <c>-i</c> value: selects the <c>@id</c> lines of the shared configuration text.</summary>
    public string ConfigId { get; }

    public string ConfigPath { get; }

    /// <summary>The directory tests may use for files the configuration refers to (track files…).</summary>
    public string WorkDirectory => directory;

    private string LogPath => Path.Combine(directory, $"daemon-{starts}.log");

    private string PidFile => Path.Combine(directory, "daemon.pid");

    private string VrrpPidFile => Path.Combine(directory, "vrrp.pid");

    public bool IsRunning => process is { HasExited: false };

    /// <summary>The executable and the arguments before the keepalived-style options.</summary>
    protected abstract (string File, IReadOnlyList<string> Prefix) Command { get; }

    /// <summary>Starts the daemon (again, after a stop or kill): <c>-n -l -P -f CONF -p PID -r VRRP_PID -i ID</c>.</summary>
    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Kind} in {Namespace.Name} is already running");
        }
        starts++;
        File.Delete(PidFile);
        File.Delete(VrrpPidFile);
        var (file, prefix) = Command;
        // A shell only to redirect into the log file: "exec" keeps the pid we hold the daemon's own pid.
        var arguments = new List<string> { "netns", "exec", Namespace.Name, file };
        arguments.AddRange(prefix);
        arguments.AddRange(["-n", "-l", "-P", "-f", ConfigPath, "-p", PidFile, "-r", VrrpPidFile, "-i", ConfigId]);
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$@\" >\"$0\" 2>&1 </dev/null");
        info.ArgumentList.Add(LogPath);
        info.ArgumentList.Add("ip");
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + file);
    }

    /// <summary>Every log line of every start so far (for assertion messages).</summary>
    public string Log()
    {
        var text = new System.Text.StringBuilder();
        for (var i = 1; i <= starts; i++)
        {
            var path = Path.Combine(directory, $"daemon-{i}.log");
            text.Append(CultureInfo.InvariantCulture, $"--- {Kind} {ConfigId} start {i} ---\n");
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                text.Append(reader.ReadToEnd());
            }
            catch (IOException e)
            {
                text.Append(e.Message).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>The daemon's own pids: the process we started plus a VRRP child named in the -r file (keepalived).</summary>
    public IReadOnlyList<int> Pids()
    {
        var pids = new List<int>();
        if (process is { HasExited: false })
        {
            pids.Add(process.Id);
        }
        foreach (var file in new[] { VrrpPidFile, PidFile })
        {
            if (File.Exists(file)
                && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && IsOurs(pid))
            {
                pids.Add(pid);
            }
        }
        return pids.Distinct().ToList();
    }

    /// <summary>A pid from our pid file counts only while it is the started process or one of its children.</summary>
    private bool IsOurs(int pid)
    {
        if (process is null)
        {
            return false;
        }
        if (pid == process.Id)
        {
            return !process.HasExited;
        }
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture) == process.Id;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM to the main process (keepalived's parent forwards it to its VRRP child).</summary>
    public void Terminate() => Signal(15, main: true);

    /// <summary>SIGKILL to every process of the daemon at once: no priority-0 advert, no VIP removal.</summary>
    public void Kill() => Signal(9, main: false);

    /// <summary>Waits for the started process to exit; true when it did.</summary>
    public bool WaitForExit(TimeSpan timeout) => process is null || process.WaitForExit(timeout);

    private void Signal(int signal, bool main)
    {
        var pids = main ? (process is { HasExited: false } ? [process.Id] : []) : Pids();
        foreach (var pid in pids)
        {
            _ = Native.Kill(pid, signal);
        }
    }

    /// <summary>Stops the daemon gracefully when possible, then by force; waits until it is gone.</summary>
    public void Stop()
    {
        if (process is null)
        {
            return;
        }
        var children = Pids();
        Terminate();
        if (!WaitForExit(TimeSpan.FromSeconds(5)))
        {
            Kill();
            WaitForExit(TimeSpan.FromSeconds(5));
        }
        // keepalived's VRRP child normally exits with its parent; an orphan of ours is killed by pid.
        foreach (var pid in children.Where(p => p != process.Id && File.Exists($"/proc/{p}/stat")))
        {
            _ = Native.Kill(pid, 9);
        }
    }

    public void Dispose()
    {
        Stop();
        process?.Dispose();
        process = null;
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open by a dying child: the temp directory is harmless
        }
        GC.SuppressFinalize(this);
    }

    private static class Native
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}

/// <summary>Debian's keepalived 2.2.7: a parent and a VRRP child (<c>-r</c> names it).</summary>
public sealed class KeepalivedProcess(NetworkNamespace ns, string configText, string configId)
    : DaemonProcess(ns, configText, configId)
{
    public static string Binary => Environment.GetEnvironmentVariable("KEEPALIVED_BIN") ?? "/usr/sbin/keepalived";

    public override DaemonKind Kind => DaemonKind.Keepalived;

    protected override (string File, IReadOnlyList<string> Prefix) Command => (Binary, []);
}

/// <summary>
/// hadaemon: <c>HADAEMON_BIN</c> when set (e.g. the NativeAOT binary), else the build referenced by this test project
/// (the apphost beside the tests, or <c>dotnet hadaemon.dll</c>).
/// </summary>
public sealed class HadaemonProcess(NetworkNamespace ns, string configText, string configId)
    : DaemonProcess(ns, configText, configId)
{
    public override DaemonKind Kind => DaemonKind.Hadaemon;

    /// <summary><c>HADAEMON_BIN</c> when set, else the apphost beside the tests; null when neither exists.</summary>
    public static string? Executable
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("HADAEMON_BIN");
            if (!string.IsNullOrEmpty(configured))
            {
                return configured;
            }
            var apphost = Path.Combine(AppContext.BaseDirectory, "hadaemon");
            return File.Exists(apphost) ? apphost : null;
        }
    }

    protected override (string File, IReadOnlyList<string> Prefix) Command =>
        Executable is { } executable
            ? (executable, [])
            : ("dotnet", [Path.Combine(AppContext.BaseDirectory, "hadaemon.dll")]);
}
