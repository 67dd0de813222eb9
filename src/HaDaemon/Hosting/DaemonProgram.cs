using HaDaemon.Cli;
using HaDaemon.Mapping;
using HaDaemon.Runtime;
using HaDaemon.Systemd;
using HaDaemon.Tuning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace HaDaemon.Hosting;

/// <summary>
/// keepalived's main(): command line → (-t) → logging → config → pid files → run until stopped → exit code.
/// hadaemon never forks: it stays in the foreground with or without -n (systemd Type=notify, or a supervisor).
/// </summary>
public static class DaemonProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        switch (CommandLineParser.Parse(args))
        {
            case ParseOutcome.Exit exit:
                (exit.ToStdout ? Console.Out : Console.Error).Write(exit.Text);
                return exit.ExitCode;
            case ParseOutcome.Run run:
                foreach (var warning in run.Warnings)
                {
                    Console.Error.WriteLine(warning);
                }
                return await RunAsync(run.Options);
            default:
                return ExitCodes.ProgramError;
        }
    }

    private static async Task<int> RunAsync(CommandLineOptions options)
    {
        if (options.Umask is { } mask)
        {
            NativeProcess.SetUmask(mask);
        }
        if (options.ConfigTest)
        {
            return ConfigTestCommand.Run(options);
        }
        // Here, on the main thread and before the handlers exist: the mask is per thread, and this one lives to the end.
        var (ignored, blocked) = SignalHub.ResetInherited();
        // Until the configuration is read, log events wait for its hadaemon_log_format (unless --log-format chose).
        using var serilog = Logging.LoggingSetup.Create(options, Environment.GetEnvironmentVariable, out var logFormat);
        using var loggers = new SerilogLoggerFactory(serilog);
        var logger = loggers.CreateLogger("hadaemon");
        logger.LogInformation("Starting hadaemon v{Version}", VersionText.Version);
        logger.LogInformation("Command line: {Args}", string.Join(' ', Environment.GetCommandLineArgs()));
        foreach (var note in options.Notes)
        {
            logger.LogInformation("{Note}", note);
        }
        foreach (var signal in ignored)
        {
            logger.LogInformation("Signal {Signal} was inherited as ignored (nohup?); handling it as keepalived does", signal);
        }
        foreach (var signal in blocked)
        {
            logger.LogInformation("Signal {Signal} was inherited blocked; unblocked, as keepalived handles it", signal);
        }
        try
        {
            var source = new ConfigSource(options, new SystemInterfaceAddresses(), loggers.CreateLogger("Config"), logFormat);
            var config = source.Load();
            if (options.DumpConfig)
            {
                logger.LogInformation("Configuration dump:\n{Json}", Config.Loading.ConfigJson.Serialize(config.Model));
            }
            using var pidFiles = PidFiles.Claim(options, logger);
            if (pidFiles is null)
            {
                return ExitCodes.Ok; // "daemon is already running": keepalived exits 0 here too.
            }
            using var notifier = SdNotifier.FromEnvironment();
            var watchdog = WatchdogSettings.PingInterval(Environment.GetEnvironmentVariable, Environment.ProcessId);
            var process = config.Model.Global.Process;
            await StartStopScripts.RunAsync(process.StartupScript, process.StartupScriptTimeout, "startup", logger);
            using var tuning = new ProcessTuning(process, loggers.CreateLogger("Process"));
            tuning.ApplyToProcess();
            VrrpRuntime? runtime = null;
            var code = await DaemonHost.RunAsync(options, serilog,
                sp => runtime = new VrrpRuntime(options, source, config, sp.GetRequiredService<ILoggerFactory>()), notifier, watchdog, tuning);
            // The shutdown script of the configuration in force: a reload may have changed it.
            var last = runtime?.Process ?? process;
            await StartStopScripts.RunAsync(last.ShutdownScript, last.ShutdownScriptTimeout, "shutdown", logger);
            return code;
        }
        catch (DaemonExitException ex)
        {
            logger.LogError("{Message}", ex.Message);
            return ex.ExitCode;
        }
        catch (Exception ex)
        {
            logger.LogCritical(ex, "program error");
            return ExitCodes.ProgramError;
        }
    }
}
