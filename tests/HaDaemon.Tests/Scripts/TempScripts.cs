using System.Runtime.Versioning;

namespace HaDaemon.Tests.Scripts;

/// <summary>A throw-away directory for test scripts, removed on dispose.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class TempScripts : IDisposable
{
    public TempScripts()
    {
        Dir = Directory.CreateTempSubdirectory("hadaemon-scripts-").FullName;
    }

    public string Dir { get; }

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    /// <summary>Writes a file and sets its mode (0755 = executable).</summary>
    public string Write(string name, string content, UnixFileMode mode = (UnixFileMode)0b111_101_101)
    {
        var path = Path(name);
        File.WriteAllText(path, content.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(path, mode);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>True when the pid no longer runs: gone, or a zombie nobody reaped yet (killed but not collected).</summary>
    public static bool ProcessIsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterComm = stat[(stat.LastIndexOf(')') + 2)..];
            return afterComm.StartsWith('Z') || afterComm.StartsWith('X');
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Polls a condition (process death is asynchronous) for up to <paramref name="limit"/>.</summary>
    public static async Task<bool> Eventually(Func<bool> condition, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return condition();
    }

    /// <summary>Reads a pid a script wrote, waiting until it is there (30 s: a starved CI machine forks slowly).</summary>
    public async Task<int> ReadPid(string name) =>
        await ReadPidUnless(name, Task.Delay(Timeout.Infinite)) ?? throw new TimeoutException("no pid in " + Path(name));

    /// <summary>
    /// Reads a pid a script wrote, or null once <paramref name="finished"/> completes without it: a script killed
    /// by its timeout before it got that far (a slow start on a loaded machine) never writes it.
    /// </summary>
    public async Task<int?> ReadPidUnless(string name, Task finished)
    {
        var path = Path(name);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until)
        {
            var done = finished.IsCompleted;
            if (File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out var pid))
            {
                return pid;
            }

            if (done)
            {
                return null;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("no pid in " + path);
    }
}
