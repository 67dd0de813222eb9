using HaDaemon.Config.Model;
using HaDaemon.Mapping;
using HaDaemon.Scripts;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Tuning;

/// <summary>
/// keepalived's <c>startup_script</c> / <c>shutdown_script</c> (core/main.c): the startup script runs, and is waited
/// for, before VRRP starts; the shutdown script after VRRP has stopped (addresses removed), before exit. On the
/// timeout the script's process group gets SIGTERM, then SIGKILL 2 s later (handle_child_timeout). The script runs
/// as its configured user like notify scripts (script security was checked with the configuration).
/// </summary>
public static class StartStopScripts
{
    public static async Task RunAsync(ScriptInvocation? script, TimeSpan timeout, string type, ILogger logger, ScriptRunner? runner = null)
    {
        if (NotifyMapper.Command(script) is not { } command)
        {
            return;
        }
        logger.LogDebug("Running {Type} script {Program}", type, command.Argv[0]);
        var result = await (runner ?? ScriptRunner.Instance).RunAsync(command, new ScriptRunOptions { Timeout = timeout });
        // keepalived's texts (its type string already ends in "script", hence "startup script script failed").
        switch (result.Outcome)
        {
            case ScriptOutcome.Success:
                logger.LogDebug("{Type} script script succeeded", type);
                break;
            case ScriptOutcome.Timeout:
                logger.LogInformation("{Type} script timed out", type);
                break;
            case ScriptOutcome.NotStarted:
                logger.LogInformation("Call of {Type} script {Program} failed - {Error}", type, command.Argv[0], result.Describe());
                break;
            case ScriptOutcome.Failure when result.ExitCode is { } status:
                logger.LogInformation("{Type} script script failed, status {Status}", type, status);
                break;
            default:
                logger.LogInformation("{Type} script {Program}: {Result}", type, command.Argv[0], result.Describe());
                break;
        }
    }
}
