using HaDaemon.Core.Engine;
using HaDaemon.Core.Time;
using HaDaemon.Hosting;
using HaDaemon.Dumps;
using HaDaemon.Mapping;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Runtime;

/// <summary>Stop and reload.</summary>
public sealed partial class VrrpRuntime
{
    public Task Stop(Instant now)
    {
        _stopping = true;
        if (_router.IsStarted)
        {
            // Masters send priority 0 and release their addresses; every instance and group reports STOP.
            _router.Shutdown(now);
            Drain(now);
        }
        RemoveStatic(_config.Static);
        RemoveVmacs(null);
        return FinishStopAsync();
    }

    private async Task FinishStopAsync()
    {
        await StopTrackersAsync();
        if (_notify is not null)
        {
            // Runs the queued STOP notifies (keepalived gives them 1 s) and closes the FIFOs.
            await _notify.StopAsync();
        }
        if (_statusService is { } status)
        {
            // Last: a scrape during the stop still sees the instances leave.
            _statusService = null;
            await status.DisposeAsync();
        }
        _logger.LogInformation("Stopped");
    }

    public Action<Instant>? PrepareReload()
    {
        RuntimeConfig next;
        try
        {
            next = _source.Load();
        }
        catch (DaemonExitException ex)
        {
            _logger.LogError("Reload: {Message}; keeping the running configuration", ex.Message);
            return null;
        }
        var problems = next.Settings.Validate();
        if (problems.Count > 0)
        {
            _logger.LogError("Reload: {Problems}; keeping the running configuration", string.Join("; ", problems));
            return null;
        }
        return now => ApplyReload(now, next);
    }

    private void ApplyReload(Instant now, RuntimeConfig next)
    {
        if (_stopping)
        {
            return;
        }
        _previous = _config;
        _config = next;
        _notify?.UpdateSmtp(Notify.Smtp.SmtpAlertSettings.Of(next.Model.Global));
        WatchRouting();
        RemoveStatic(_previous.Static.Without(next.Static));
        InstallStatic(next.Static);
        CreateVmacs(next, now);
        // Links of changed or new instances must exist before the engine sends from them; removed instances keep
        // theirs until the drain is done, so a removed MASTER's priority-0 advert still leaves.
        var retired = new List<string>();
        foreach (var (name, link) in _links)
        {
            if (!next.Instances.TryGetValue(name, out var plan) || plan.Binding != link.Binding)
            {
                retired.Add(name);
            }
        }
        var replaced = retired.Where(next.Instances.ContainsKey).ToList();
        foreach (var name in replaced)
        {
            _links[name].Dispose();
            _links.Remove(name);
        }
        foreach (var plan in next.Instances.Values.Where(p => !_links.ContainsKey(p.Name)))
        {
            Attach(plan);
        }
        _router.Reload(now, next.Settings);
        ConfigureLinkDelays(next);
        _status.Retain(next.Instances.Keys.ToHashSet(StringComparer.Ordinal));
        _statusService?.Apply(next.Model.Global.StatusListen, next.Model.Global.StatusAllowRemote);
        ReportInterfaces(now);
        Drain(now);
        RestartTrackersIfChanged(_previous, next);
        foreach (var name in retired.Except(replaced))
        {
            _links[name].Dispose();
            _links.Remove(name);
        }
        RemoveVmacs(next);
        _previous = null;
        _logger.LogInformation("Reloaded {Path}: {Count} VRRP instance(s)", _source.Path, next.Instances.Count);
    }

    /// <summary>USR1 data, USR2 stats, STATS_CLEAR stats then zeroed counters, JSON — to global_defs' dump paths.</summary>
    public void Dump(DaemonSignal which, Instant now)
    {
        var global = _config.Model.Global;
        var writer = new DumpWriter(new DumpPaths { Data = global.StateDumpFile, Stats = global.StatsDumpFile, Json = global.JsonDumpFile },
            _logger);
        var wallNow = DateTimeOffset.Now;
        var snapshot = DumpSnapshotMapper.Map(_config.Model, _router, t => t == Instant.Never ? wallNow : wallNow - (now - t).ToTimeSpan(),
            VmacsForDump());
        var written = which switch
        {
            DaemonSignal.Data => writer.WriteData(snapshot),
            DaemonSignal.Json => writer.WriteJson(snapshot),
            _ => writer.WriteStats(snapshot),
        };
        if (which == DaemonSignal.StatsClear)
        {
            _router.ClearStatistics();
        }
        if (written)
        {
            _logger.LogInformation("{Signal} dump written", which);
        }
    }
}
