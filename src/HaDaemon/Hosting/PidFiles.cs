using Microsoft.Extensions.Logging;

namespace HaDaemon.Hosting;

/// <summary>The <c>-p</c> pid file (default /run/hadaemon.pid) and, when given, the <c>-r</c> one, written and removed together.</summary>
public sealed class PidFiles : IDisposable
{
    private readonly List<PidFile> _files;

    private PidFiles(List<PidFile> files) => _files = files;

    /// <summary>Writes the pid files, or returns null (after logging) when one names another live daemon.</summary>
    public static PidFiles? Claim(Cli.CommandLineOptions options, ILogger logger)
    {
        var paths = new[] { options.PidFile ?? PidFile.DefaultPath, options.VrrpPidFile }
            .Where(p => p is not null).Distinct(StringComparer.Ordinal);
        var files = paths.Select(p => new PidFile(p!, Environment.ProcessId)).ToList();
        foreach (var file in files)
        {
            if (file.RunningOther() is { } pid)
            {
                logger.LogInformation("daemon is already running (pid {Pid} in {Path})", pid, file.Path);
                return null;
            }
        }
        var claimed = new PidFiles(files);
        try
        {
            files.ForEach(f => f.Write());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            claimed.Dispose();
            throw new DaemonExitException(Cli.ExitCodes.MissingPermission, $"Cannot write pid file: {ex.Message}", ex);
        }
        return claimed;
    }

    public void Dispose() => _files.ForEach(f => f.Dispose());
}
