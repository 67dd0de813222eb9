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
        IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var pidFile = Path.Combine(workDir, ns.Name + ".pid");
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "netns", "exec", ns.Name, Binary, "-n", "-l", "-G", "-D", "-p", pidFile, "-f", configFile })
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

    public void WaitForState(string instance, string state, TimeSpan timeout, int occurrences = 1) =>
        WaitFor($@"\({Regex.Escape(instance)}\) Entering {state} STATE", timeout, occurrences);

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
