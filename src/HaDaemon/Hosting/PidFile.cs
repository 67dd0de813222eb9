using System.Globalization;

namespace HaDaemon.Hosting;

/// <summary>
/// A pid file (<c>-p</c>, <c>-r</c>): written at start, removed at exit if it still holds our pid, and checked first —
/// like keepalived, a live process named in the file means "daemon is already running".
/// </summary>
public sealed class PidFile : IDisposable
{
    public const string DefaultPath = "/run/hadaemon.pid";

    private readonly int _pid;
    private bool _written;

    public PidFile(string path, int pid)
    {
        Path = path;
        _pid = pid;
    }

    public string Path { get; }

    /// <summary>The pid in the file when that process is alive and is not us; null otherwise.</summary>
    public int? RunningOther()
    {
        try
        {
            var text = File.ReadAllText(Path).Trim();
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != _pid
                && Directory.Exists($"/proc/{pid}"))
            {
                return pid;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }

    public void Write()
    {
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        File.WriteAllText(Path, _pid.ToString(CultureInfo.InvariantCulture) + "\n");
        _written = true;
    }

    public void Dispose()
    {
        if (!_written)
        {
            return;
        }
        _written = false;
        try
        {
            // Another instance may have taken the file over (started with the same -p); leave its pid alone.
            if (File.ReadAllText(Path).Trim() == _pid.ToString(CultureInfo.InvariantCulture))
            {
                File.Delete(Path);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
