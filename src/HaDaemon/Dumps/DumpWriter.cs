using Microsoft.Extensions.Logging;

namespace HaDaemon.Dumps;

/// <summary>
/// What the host calls on USR1 / USR2 / SIGRTMIN+2: format the snapshot and write it atomically (mode 0600).
/// Errors are logged like keepalived's "Can't open …", never thrown: a dump request must not hurt the daemon.
/// </summary>
public sealed class DumpWriter(DumpPaths paths, ILogger logger)
{
    public DumpPaths Paths => paths;

    /// <summary>USR1: keepalived.data.</summary>
    public bool WriteData(DumpSnapshot snapshot) => Write(paths.Data, () => DataDumpWriter.Format(snapshot));

    /// <summary>USR2 (and STATS_CLEAR, after which the host clears its counters): keepalived.stats.</summary>
    public bool WriteStats(DumpSnapshot snapshot) => Write(paths.Stats, () => StatsDumpWriter.Format(snapshot));

    /// <summary>SIGRTMIN+2: keepalived.json.</summary>
    public bool WriteJson(DumpSnapshot snapshot) => Write(paths.Json, () => JsonDumpWriter.Format(snapshot));

    private bool Write(string path, Func<string> format)
    {
        try
        {
            DumpFile.WriteAtomically(path, format());
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            logger.LogWarning("Can't open {Path} ({Error})", path, e.Message);
            return false;
        }
    }
}
