using HaDaemon.Cli;
using HaDaemon.Core.Time;
using HaDaemon.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

namespace HaDaemon.Hosting;

/// <summary>Composes the generic host around one <see cref="DaemonService"/> and runs it until stopped.</summary>
public static class DaemonHost
{
    public static async Task<int> RunAsync(CommandLineOptions options, Serilog.ILogger logger,
        Func<IServiceProvider, IDaemonRuntime> runtimeFactory, SdNotifier notifier, Duration? watchdogInterval,
        Tuning.ProcessTuning? tuning = null)
    {
        // Empty builder: no appsettings.json, environment or command-line configuration — keepalived.conf is the config.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddSerilog(logger);
        builder.Services.AddSingleton<IHostLifetime, DaemonLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(notifier);
        builder.Services.AddSingleton<DaemonExit>();
        builder.Services.AddSingleton<EventLoop>();
        builder.Services.AddSingleton<IDaemonRuntime>(runtimeFactory);
        builder.Services.AddSingleton(sp => new DaemonService(sp.GetRequiredService<EventLoop>(),
            sp.GetRequiredService<IDaemonRuntime>(), notifier, sp.GetRequiredService<DaemonExit>(),
            sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<DaemonService>>(),
            watchdogInterval));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DaemonService>());

        using var host = builder.Build();
        var service = host.Services.GetRequiredService<DaemonService>();
        if (tuning is not null)
        {
            var loop = host.Services.GetRequiredService<EventLoop>();
            // The loop thread lives as long as the process: its enlistment is never withdrawn.
            loop.ThreadStarted = () => _ = tuning.EnlistCurrentThread("hadaemon-loop");
            Linux.Adverts.TimingThreads.Enlist = tuning.EnlistCurrentThread;
            loop.Overdue = tuning.OnOverdue;
            service.Tuning = tuning;
        }
        // Resolved now: RunAsync disposes the container before it returns.
        var exit = host.Services.GetRequiredService<DaemonExit>();
        using var signals = new SignalHub(options.IgnoreSigint, service.OnSignal);
        try
        {
            await host.RunAsync();
        }
        finally
        {
            Linux.Adverts.TimingThreads.Enlist = null;
        }
        return exit.Code;
    }
}
