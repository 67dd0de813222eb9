using HaDaemon.Config.Loading;

namespace HaDaemon.Cli;

/// <summary>
/// <c>-t[FILE]</c>: check the configuration and exit with keepalived's -t code, diagnostics to stderr or FILE
/// (appended, created 0644, as keepalived opens it). With <c>-d</c> the normalised model is printed as JSON too.
/// </summary>
public static class ConfigTestCommand
{
    public static int Run(CommandLineOptions options)
    {
        var path = options.ConfigFile ?? DefaultConfigPath.Resolve(File.Exists);
        TextWriter output = Console.Error;
        StreamWriter? file = null;
        try
        {
            if (options.ConfigTestLogFile is { } logPath)
            {
                try
                {
                    file = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite));
                    output = file;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"Unable to open config-test log file {logPath} - {ex.Message}");
                    return ExitCodes.Fatal;
                }
            }
            var result = ConfigLoader.Load(path, Runtime.ConfigSource.OptionsFor(options));
            foreach (var d in result.Diagnostics)
            {
                output.WriteLine(d.ToString());
            }
            if (options.DumpConfig && result.Config is not null)
            {
                Console.Out.WriteLine(ConfigJson.Serialize(result.Config));
            }
            return result.ExitCode;
        }
        finally
        {
            file?.Dispose();
        }
    }
}
