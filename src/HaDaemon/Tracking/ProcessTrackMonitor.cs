using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Tracking;

/// <summary>How many processes match one <c>vrrp_track_process</c> now.</summary>
public sealed record TrackProcessCount(string Name, int Count);

/// <summary>
/// Re-scans /proc every <c>scanInterval</c> (default 1 s) and reports each tracked process's count once at start
/// and then on every change. keepalived follows fork/exec/exit through the kernel proc connector and so reacts at
/// once; a periodic scan is simpler and needs no netlink socket, at the price of up to one scan interval of delay
/// (a /proc scan of a few hundred processes takes about a millisecond).
/// </summary>
public sealed class ProcessTrackMonitor : IAsyncDisposable
{
    private readonly IReadOnlyList<TrackProcessDefinition> _definitions;
    private readonly ChannelWriter<TrackProcessCount> _counts;
    private readonly ILogger _logger;
    private readonly TimeSpan _scanInterval;
    private readonly string _procRoot;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _last = new(StringComparer.Ordinal);
    private Task? _loop;

    public ProcessTrackMonitor(
        IEnumerable<TrackProcessDefinition> definitions,
        ChannelWriter<TrackProcessCount> counts,
        ILogger logger,
        TimeSpan? scanInterval = null,
        string procRoot = "/proc")
    {
        _definitions = definitions.ToList();
        _counts = counts;
        _logger = logger;
        _scanInterval = scanInterval ?? TimeSpan.FromSeconds(1);
        _procRoot = procRoot;
    }

    public TimeSpan ScanInterval => _scanInterval;

    /// <summary>The count reported last (for dumps); 0 before the first scan.</summary>
    public int CountOf(string name)
    {
        lock (_last)
        {
            return _last.GetValueOrDefault(name);
        }
    }

    public void Start() => _loop ??= Task.Run(LoopAsync);

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_scanInterval);
        do
        {
            try
            {
                Scan();
            }
            catch (Exception e)
            {
                _logger.LogWarning("process scan failed: {Error}", e.Message);
            }
        }
        while (await WaitNext(timer));
    }

    private async Task<bool> WaitNext(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One scan; reports changed counts (all of them on the first scan).</summary>
    public void Scan()
    {
        var counts = ProcessTable.Count(_definitions, _procRoot);
        lock (_last)
        {
            foreach (var (name, count) in counts)
            {
                if (!_last.TryGetValue(name, out var previous) || previous != count)
                {
                    _last[name] = count;
                    _counts.TryWrite(new TrackProcessCount(name, count));
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
    }
}
