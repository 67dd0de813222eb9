using HaDaemon.Core.Engine;
using HaDaemon.Core.Time;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Status;
using HaDaemon.Timing;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Runtime;

/// <summary>What the status endpoint reads: the ledger the runtime keeps, and the snapshot taken from it on the loop.</summary>
public sealed partial class VrrpRuntime
{
    private readonly StatusLedger _status = new();
    private readonly DateTimeOffset _started = DateTimeOffset.Now;
    private StatusService? _statusService;

    /// <summary>The status endpoint's bound address (tests bind port 0), null when off.</summary>
    public System.Net.EndPoint? StatusEndPoint => _statusService?.LocalEndPoint;

    /// <summary>Runs on the loop thread: everything /status and /metrics show, as of <paramref name="now"/>.</summary>
    public StatusSnapshot CollectStatus(Instant now) =>
        StatusCollector.Collect(_config, _router, _status, name => _scheduler?.StateOf(name) ?? Scripts.TrackScriptState.Idle,
            new DaemonInfo(Cli.VersionText.Version, Environment.ProcessId, _source.Path, _started, DateTimeOffset.Now), now);

    /// <summary>Which addresses the kernel holds, so /status can say whether each VIP is really there.</summary>
    private void TrackKernelAddresses(IReadOnlyList<InterfaceInfo> links)
    {
        foreach (var link in links)
        {
            _status.Interface(link.Name, link.Index);
        }
        var addresses = _net!.Interfaces.ListAddresses();
        if (addresses.IsSuccess)
        {
            _status.ResetAddresses(addresses.Value!.Select(a => (a.InterfaceIndex, a.Address)));
        }
        else
        {
            _logger.LogWarning("Cannot list addresses for the status page: {Error}", addresses.Error);
        }
    }

    /// <summary>
    /// Logged transitions go to the ledger with the master that caused them (the same peer as the log line), and the
    /// time from the engine's decision (<paramref name="decided"/>) to now — after the addresses, announcements and
    /// notifies were handed over — into the transition histogram.
    /// </summary>
    private void RecordTransitions(Instant decided, List<(StateChanged Change, System.Net.IPAddress? Peer)> transitions)
    {
        var seconds = (MonotonicClock.Now - decided).TotalSeconds;
        foreach (var (change, peer) in transitions)
        {
            _status.Transition(change, peer, decided);
            _status.ObserveTransitionDuration(change.To, seconds);
        }
    }
}
