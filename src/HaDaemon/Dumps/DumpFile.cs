using System.Text;

namespace HaDaemon.Dumps;

/// <summary>Where the three dumps go: keepalived's fixed names in /tmp unless configured otherwise.</summary>
public sealed record DumpPaths
{
    public string Data { get; init; } = "/tmp/keepalived.data";

    public string Stats { get; init; } = "/tmp/keepalived.stats";

    public string Json { get; init; } = "/tmp/keepalived.json";
}

/// <summary>
/// Writes a dump atomically with mode 0600: a temporary file in the same directory (created 0600, so the content is
/// never readable by others even briefly), flushed, then renamed over the target. A reader such as
/// keepalived-exporter, which opens the file ~10 ms after sending the signal, sees the old or the new dump, never half
/// of one. The rename also replaces a symlink planted at the target instead of following it.
/// </summary>
public static class DumpFile
{
    public static void WriteAtomically(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? "/";
        var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
