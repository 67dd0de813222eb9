using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>
/// One real <c>hadaemon</c> process (the build output next to this test assembly) run with
/// <c>ip netns exec NS hadaemon -n -l -G -p PID -f CONF</c>. "ip netns exec" execs in place, so the pid we hold is
/// the daemon's. Its console log is collected line by line; Dispose SIGKILLs it by pid if it is still running.
/// </summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    private DaemonProcess(Process process, string pidFile)
    {
        _process = process;
        PidFile = pidFile;
    }

    public static string Binary => Path.Combine(AppContext.BaseDirectory, "hadaemon");

    public string PidFile { get; }

    public int Pid => _process.Id;

    public static DaemonProcess Start(NetworkNamespace ns, string configFile, string workDir,
        IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs) =>
        StartUnder([], ns, configFile, workDir, environment, extraArgs);

    /// <summary>As <see cref="Start"/>, run through <paramref name="launcher"/> (e.g. <c>nohup</c>), which must exec its
    /// command in place so that the pid we hold stays the daemon's.</summary>
    public static DaemonProcess StartUnder(string[] launcher, NetworkNamespace ns, string configFile, string workDir,
        IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs) =>
        StartBinary(Binary, launcher, ns, configFile, workDir, environment, extraArgs);

    /// <summary>As <see cref="StartUnder"/> with another build of the daemon (the packaged NativeAOT binary).</summary>
    public static DaemonProcess StartBinary(string binary, string[] launcher, NetworkNamespace ns, string configFile,
        string workDir, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var pidFile = Path.Combine(workDir, ns.Name + ".pid");
        var info = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in launcher.Length > 0 ? [.. launcher[1..], "ip"] : Array.Empty<string>())
        {
            info.ArgumentList.Add(a);
        }
        foreach (var a in new[] { "netns", "exec", ns.Name, binary, "-n", "-l", "-G", "-D", "-p", pidFile, "-f", configFile })
        {
            info.ArgumentList.Add(a);
        }
        foreach (var a in extraArgs)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment.Remove("NOTIFY_SOCKET");
        info.Environment.Remove("JOURNAL_STREAM");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start hadaemon");
        var daemon = new DaemonProcess(process, pidFile);
        process.OutputDataReceived += (_, e) => daemon.Add(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _lines.Add(line);
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public string Log => string.Join("\n", Lines);

    public int Count(string pattern) => Lines.Count(l => Regex.IsMatch(l, pattern));

    /// <summary>Waits until <paramref name="pattern"/> has matched at least <paramref name="occurrences"/> log lines.</summary>
    public void WaitFor(string pattern, TimeSpan timeout, int occurrences = 1)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Count(pattern) < occurrences)
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"'{pattern}' ×{occurrences} not seen in {timeout} (exited: {_process.HasExited}). Log:\n{Log}");
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// The daemon's own timestamp (console template "yyyy-MM-dd HH:mm:ss.fff ...") of the
    /// <paramref name="occurrence"/>th line matching <paramref name="pattern"/>: intervals between daemon events measured
    /// on its clock, not on when this (possibly descheduled) test thread noticed them.
    /// </summary>
    public DateTime TimeOf(string pattern, int occurrence = 1)
    {
        var line = Lines.Where(l => Regex.IsMatch(l, pattern)).ElementAtOrDefault(occurrence - 1)
            ?? throw new InvalidOperationException($"'{pattern}' ×{occurrence} not in the log:\n{Log}");
        return DateTime.ParseExact(line[..23], "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
    }

    /// <summary>The daemon's timestamp of the last line matching <paramref name="pattern"/>.</summary>
    public DateTime LastTimeOf(string pattern) => TimeOf(pattern, Math.Max(1, Count(pattern)));

    public static string StatePattern(string instance, string state) => $@"\({Regex.Escape(instance)}\) Entering {state} STATE";

    public void WaitForState(string instance, string state, TimeSpan timeout, int occurrences = 1) =>
        WaitFor(StatePattern(instance, state), timeout, occurrences);

    public void Signal(string name) =>
        ProcessRunner.Check("kill", "-" + name, Pid.ToString(CultureInfo.InvariantCulture));

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"hadaemon {Pid} did not exit within {timeout}. Log:\n{Log}");
        }
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
