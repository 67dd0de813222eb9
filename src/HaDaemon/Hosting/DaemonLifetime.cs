using Microsoft.Extensions.Hosting;

namespace HaDaemon.Hosting;

/// <summary>
/// Replaces the host's ConsoleLifetime: signals belong to <see cref="SignalHub"/> (TERM, INT, HUP, USR1…), so the
/// host must not install its own SIGTERM/SIGINT/SIGQUIT handlers or print "Press Ctrl+C".
/// </summary>
public sealed class DaemonLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
