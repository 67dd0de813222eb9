using HaDaemon.Cli;
using HaDaemon.Config.Loading;
using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Syntax;
using HaDaemon.Config.Model;
using HaDaemon.Hosting;
using HaDaemon.Logging;
using HaDaemon.Mapping;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Runtime;

/// <summary>
/// Reads keepalived.conf for start and reload with the command line's options (-f, -i, -e), logs every diagnostic
/// with its file:line:column, and turns a usable model into a <see cref="RuntimeConfig"/>. Each usable load hands
/// its <c>hadaemon_log_format</c> to the log (<paramref name="logFormat"/>; the command line's choice wins there).
/// </summary>
public sealed class ConfigSource(CommandLineOptions options, IInterfaceAddresses interfaces, ILogger logger, LogFormatGate? logFormat = null)
{
    public string Path { get; } = options.ConfigFile ?? DefaultConfigPath.Resolve(File.Exists);

    public LoadOptions LoadOptions => OptionsFor(options);

    /// <summary>-i (default: the node name, as keepalived) and -e as the loader's options.</summary>
    public static LoadOptions OptionsFor(CommandLineOptions options) => new()
    {
        ConfigId = options.ConfigId ?? ConfigReadOptions.DefaultConfigId(System.Environment.MachineName),
        Read = new ConfigReadOptions { IncludeCheck = options.AllConfig ? IncludeChecks.All : IncludeChecks.None },
    };

    /// <summary>The configuration, or <see cref="DaemonExitException"/> with keepalived's exit code when it cannot run.</summary>
    public RuntimeConfig Load()
    {
        if (!File.Exists(Path))
        {
            throw new DaemonExitException(ExitCodes.NoConfig, $"Configuration file '{Path}' does not exist or cannot be read");
        }
        var result = ConfigLoader.Load(Path, LoadOptions);
        foreach (var d in result.Diagnostics)
        {
            logger.Log(Level(d.Severity), "{Diagnostic}", d.ToString());
        }
        if (!result.CanRun || result.Config is null)
        {
            // A reload keeps the running configuration, and with it the format; a first load that fails decides it.
            logFormat?.SettleIfOpen(result.Config?.Global.LogFormat);
            throw new DaemonExitException(ExitCodes.Config, $"Configuration '{Path}' cannot be run; see the errors above");
        }
        foreach (var ignored in result.Config.IgnoredFeatures)
        {
            logger.LogWarning("{Location}: '{Keyword}' is not implemented by hadaemon ({Count} occurrence(s)); ignored",
                ignored.FirstLocation, ignored.Keyword, ignored.Occurrences);
        }
        WarnNotApplied(result.Config);
        var config = RuntimeConfig.Build(result.Config, interfaces);
        if (logFormat?.ApplyConfigured(result.Config.Global.LogFormat) == true)
        {
            logger.LogInformation("Log format is now {LogFormat} (hadaemon_log_format)", LogFormatNames.Of(logFormat.Current ?? LogFormat.Text));
        }
        return config;
    }

    /// <summary>
    /// Parsed and checked, but not yet carried out by the host: said at every load so that nobody relies on them silently.
    /// </summary>
    private void WarnNotApplied(Config.Model.KeepalivedConfig config)
    {
        foreach (var i in config.Instances)
        {
            foreach (var r in i.VirtualRoutes)
            {
                NotMapped(r.Location, i.Name, RoutingSpecMapper.Route(r).Error);
            }
            foreach (var r in i.VirtualRules)
            {
                NotMapped(r.Location, i.Name, RoutingSpecMapper.Rule(r).Error);
            }
        }
        foreach (var r in config.StaticRoutes)
        {
            NotMapped(r.Location, "static_routes", RoutingSpecMapper.Route(r).Error);
        }
        foreach (var r in config.StaticRules)
        {
            NotMapped(r.Location, "static_rules", RoutingSpecMapper.Rule(r).Error);
        }
    }

    private void NotMapped(SourceLocation location, string instance, string? error)
    {
        if (error is not null)
        {
            logger.LogError("{Location}: ({Instance}) {Error}; this line is not installed", location, instance, error);
        }
    }

    private static LogLevel Level(Severity severity) => severity switch
    {
        Severity.Info => LogLevel.Information,
        Severity.Warning => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
