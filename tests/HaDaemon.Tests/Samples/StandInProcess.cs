using System.Diagnostics;

namespace HaDaemon.Tests.Samples;

/// <summary>
/// A process that <c>pidof NAME</c> finds: a copy of /bin/sleep named NAME in a private temp directory. The samples'
/// checks look for nginx/haproxy; both test nodes share the machine's process table, so each node's check is
/// rewritten to its own unique name and this stand-in plays the service. Stop kills exactly the pid it started.
/// </summary>
public sealed class StandInProcess : IDisposable
{
    private readonly string directory;
    private Process? process;

    public StandInProcess(string prefix)
    {
        Name = $"{prefix}-{Environment.ProcessId % 10000}{Random.Shared.Next(0x1000):x3}";
        directory = Directory.CreateTempSubdirectory("hd-standin-").FullName;
        File.Copy("/bin/sleep", Executable);
    }

    /// <summary>The process name the rewritten check looks for.</summary>
    public string Name { get; }

    private string Executable => System.IO.Path.Combine(directory, Name);

    public void Start()
    {
        Stop();
        process = Process.Start(new ProcessStartInfo(Executable, "3600") { UseShellExecute = false })
                  ?? throw new InvalidOperationException("cannot start " + Executable);
    }

    public void Stop()
    {
        if (process is null)
        {
            return;
        }
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }
        process.Dispose();
        process = null;
    }

    public void Dispose()
    {
        Stop();
        Directory.Delete(directory, recursive: true);
    }
}
