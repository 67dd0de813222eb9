using System.Diagnostics;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary><c>ip -n NS monitor address</c> for the duration of a test step: what the kernel saw added and deleted.</summary>
public sealed class AddressMonitor : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    public AddressMonitor(NetworkNamespace ns)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-n", ns.Name, "monitor", "address" })
        {
            info.ArgumentList.Add(a);
        }
        _process = Process.Start(info) ?? throw new InvalidOperationException("cannot start ip monitor");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (_gate)
                {
                    _lines.Add(line);
                }
            }
        };
        _process.BeginOutputReadLine();
        // ip monitor prints nothing when it is ready; give it a moment to subscribe before the step starts.
        Thread.Sleep(300);
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

    public IReadOnlyList<string> Deleted => Lines.Where(l => l.StartsWith("Deleted", StringComparison.Ordinal)).ToList();

    public IReadOnlyList<string> Added => Lines.Where(l => !l.StartsWith("Deleted", StringComparison.Ordinal) && l.Contains("inet", StringComparison.Ordinal)).ToList();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }
}
