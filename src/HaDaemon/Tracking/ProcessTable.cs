using System.Globalization;
using System.Text;

namespace HaDaemon.Tracking;

/// <summary>keepalived's <c>param_match</c>; <see cref="None"/> = parameters are not looked at.</summary>
public enum ProcessParamMatch
{
    None,
    Exact,
    Initial,
    Partial,
}

/// <summary>
/// A <c>vrrp_track_process</c> block's matching part: <c>process NAME|"path" [params…]</c>, <c>param_match</c>,
/// <c>full_command</c>. quorum/quorum_max/weight/delays are applied by the engine to the counts reported.
/// </summary>
public sealed record TrackProcessDefinition(
    string Name,
    string Process,
    IReadOnlyList<string>? Parameters = null,
    ProcessParamMatch ParamMatch = ProcessParamMatch.None,
    bool FullCommand = false)
{
    /// <summary>Parameters imply exact matching unless param_match says otherwise (vrrp_parser.c).</summary>
    public ProcessParamMatch EffectiveParamMatch =>
        ParamMatch == ProcessParamMatch.None && Parameters is { Count: > 0 } ? ProcessParamMatch.Exact : ParamMatch;

    /// <summary>Parameters or param_match make keepalived compare the cmdline, not comm.</summary>
    public bool UsesCommandLine => FullCommand || EffectiveParamMatch != ProcessParamMatch.None;

    /// <summary>The configured parameters as they sit in /proc/PID/cmdline: each NUL-terminated.</summary>
    internal byte[] ParameterBytes { get; } = Parameters is { Count: > 0 }
        ? Encoding.UTF8.GetBytes(string.Concat(Parameters.Select(p => p + "\0")))
        : [];
}

/// <summary>
/// Counts running processes per <see cref="TrackProcessDefinition"/> by scanning /proc, as keepalived's read_procs()
/// does: comm (/proc/PID/comm; zombies, seen in /proc/PID/stat, skipped) compared exactly, or with full_command/parameters argv[0] of
/// /proc/PID/cmdline compared exactly and the remaining arguments by check_params(): exact = same arguments,
/// partial = the configured arguments are the first ones, initial = like partial but the last configured argument
/// only has to be a prefix.
/// </summary>
public static class ProcessTable
{
    public static Dictionary<string, int> Count(IReadOnlyList<TrackProcessDefinition> definitions, string procRoot = "/proc")
    {
        var counts = definitions.ToDictionary(d => d.Name, _ => 0, StringComparer.Ordinal);
        var needCmdline = definitions.Any(d => d.UsesCommandLine);
        var needComm = definitions.Any(d => !d.UsesCommandLine);
        IEnumerable<string> dirs;
        try
        {
            dirs = Directory.EnumerateDirectories(procRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return counts;
        }

        foreach (var dir in dirs)
        {
            var pidText = Path.GetFileName(dir);
            if (pidText.Length == 0 || pidText[0] is < '1' or > '9' || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            var cmdline = needCmdline ? ReadBytes(Path.Combine(dir, "cmdline")) : null;
            var comm = needComm ? ReadComm(Path.Combine(dir, "comm")) : null;
            bool? zombie = null; // /proc/PID/stat is costly to read (per-thread totals): only read it for a match
            foreach (var d in definitions)
            {
                var match = d.UsesCommandLine
                    ? cmdline is not null && MatchesCommandLine(d, cmdline)
                    : comm == d.Process && !(zombie ??= IsZombie(Path.Combine(dir, "stat")));
                if (match)
                {
                    counts[d.Name]++;
                }
            }
        }

        return counts;
    }

    private static bool MatchesCommandLine(TrackProcessDefinition d, byte[] cmdline)
    {
        var nul = Array.IndexOf(cmdline, (byte)0);
        var argv0 = nul < 0 ? cmdline : cmdline[..nul];
        if (!argv0.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(d.Process)))
        {
            return false;
        }

        var match = d.EffectiveParamMatch;
        if (match == ProcessParamMatch.None)
        {
            return true;
        }

        var actual = nul < 0 ? ReadOnlySpan<byte>.Empty : cmdline.AsSpan(nul + 1);
        return CheckParams(match, d.ParameterBytes, actual);
    }

    /// <summary>keepalived's check_params(), byte for byte.</summary>
    public static bool CheckParams(ProcessParamMatch match, ReadOnlySpan<byte> configured, ReadOnlySpan<byte> actual)
    {
        if (match == ProcessParamMatch.Exact && configured.Length == 0 && actual.Length == 0)
        {
            return true;
        }

        if (actual.Length < configured.Length)
        {
            return false;
        }

        if (match == ProcessParamMatch.Exact)
        {
            return actual.Length == configured.Length && actual.SequenceEqual(configured);
        }

        if (configured.Length == 0)
        {
            return true;
        }

        return match == ProcessParamMatch.Partial
            ? actual.StartsWith(configured)
            : configured.Length == 1 || actual.StartsWith(configured[..^1]);
    }

    /// <summary>
    /// Reads up to <see cref="MaxRead"/> bytes of a /proc file (its size reads as 0, so File.ReadAllBytes would
    /// take a slow path). Longer command lines cannot match anyway: keepalived compares at most the configured length.
    /// </summary>
    private const int MaxRead = 8192;

    [ThreadStatic]
    private static byte[]? t_buffer;

    private static byte[]? ReadBytes(string path)
    {
        var buffer = t_buffer ??= new byte[MaxRead];
        try
        {
            using var handle = File.OpenHandle(path);
            var n = RandomAccess.Read(handle, buffer, 0);
            return buffer[..n];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process went away while we scanned
        }
    }

    /// <summary>/proc/PID/comm without its newline; null when the process went away.</summary>
    private static string? ReadComm(string commPath)
    {
        var bytes = ReadBytes(commPath);
        if (bytes is null)
        {
            return null;
        }

        var length = bytes.Length > 0 && bytes[^1] == '\n' ? bytes.Length - 1 : bytes.Length;
        return Encoding.UTF8.GetString(bytes, 0, length);
    }

    /// <summary>State field of /proc/PID/stat ("pid (comm) S …") is Z; unreadable counts as gone (zombie).</summary>
    private static bool IsZombie(string statPath)
    {
        var bytes = ReadBytes(statPath);
        if (bytes is null)
        {
            return true;
        }

        var close = Array.LastIndexOf(bytes, (byte)')');
        return close < 0 || close + 2 >= bytes.Length || bytes[close + 2] == 'Z';
    }
}
