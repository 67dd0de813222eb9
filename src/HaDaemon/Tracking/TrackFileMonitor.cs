using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Tracking;

/// <summary>
/// Watches <c>track_file</c>s and reports their integer value: once at <see cref="Start"/>, then whenever it changes.
/// Like keepalived (inotify on the file's directory for close-write/move/delete, see <see cref="DirectoryNotifier"/>),
/// the directory is watched, so a file that is replaced by rename, deleted (value 0) or created later is followed,
/// and a rewrite is read once its writer closed it. Bursts of events are coalesced (default 50 ms).
/// Unparsable content is logged and ignored (the previous value stays), as keepalived does.
/// </summary>
public sealed class TrackFileMonitor : IDisposable
{
    private readonly IReadOnlyList<TrackFileDefinition> _files;
    private readonly ChannelWriter<TrackFileValue> _values;
    private readonly ILogger _logger;
    private readonly TimeSpan _debounce;
    private readonly ConcurrentDictionary<string, long> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Timer> _pending = new(StringComparer.Ordinal);
    private DirectoryNotifier? _notifier;
    private readonly Lock _gate = new();
    private bool _disposed;

    public TrackFileMonitor(IEnumerable<TrackFileDefinition> files, ChannelWriter<TrackFileValue> values, ILogger logger, TimeSpan? debounce = null)
    {
        _files = files.ToList();
        _values = values;
        _logger = logger;
        _debounce = debounce ?? TimeSpan.FromMilliseconds(50);
    }

    /// <summary>The last value read for a track file (0 before the first read).</summary>
    public long ValueOf(string name) => _current.GetValueOrDefault(name);

    public void Start()
    {
        var byDirectory = _files.GroupBy(f => Path.GetDirectoryName(Path.GetFullPath(f.Path)) ?? "/", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToLookup(f => Path.GetFileName(f.Path), StringComparer.Ordinal), StringComparer.Ordinal);
        try
        {
            _notifier = DirectoryNotifier.Open((directory, name) =>
            {
                if (name is null)
                {
                    // inotify queue overflow: re-read everything rather than miss a change.
                    _logger.LogWarning("track file watcher lost events; re-reading every track file");
                    Touch(_files);
                }
                else if (byDirectory.TryGetValue(directory, out var names))
                {
                    Touch(names[name]);
                }
            });
            foreach (var (directory, names) in byDirectory)
            {
                if (_notifier.Watch(directory) is { } error)
                {
                    _logger.LogWarning("Cannot watch directory {Dir} of track file(s) {Names}: {Error}",
                        directory, string.Join(", ", names.SelectMany(n => n).Select(f => f.Name)), error);
                }
            }
            _notifier.Start();
        }
        catch (IOException e)
        {
            _logger.LogWarning("Cannot watch track files: {Error}; their values are read at start only", e.Message);
        }

        foreach (var file in _files)
        {
            Read(file, initial: true);
        }
    }

    private void Touch(IEnumerable<TrackFileDefinition> files)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            foreach (var file in files)
            {
                if (_pending.TryGetValue(file.Name, out var timer))
                {
                    timer.Change(_debounce, Timeout.InfiniteTimeSpan);
                }
                else
                {
                    _pending[file.Name] = new Timer(_ => Read(file, initial: false), null, _debounce, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    private void Read(TrackFileDefinition file, bool initial)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var value = TrackFileParser.ReadFile(file.Path);
            if (value is null)
            {
                _logger.LogInformation("Invalid number read from {Path} - ignoring", file.Path);
                if (initial)
                {
                    _current[file.Name] = 0;
                    _values.TryWrite(new TrackFileValue(file.Name, 0));
                }

                return;
            }

            var changed = !_current.TryGetValue(file.Name, out var previous) || previous != value.Value;
            _current[file.Name] = value.Value;
            if (initial || changed)
            {
                _values.TryWrite(new TrackFileValue(file.Name, value.Value));
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;

            foreach (var timer in _pending.Values)
            {
                timer.Dispose();
            }

            _pending.Clear();
        }
        // Outside the lock: the notifier's thread may be waiting for it in Touch, and Dispose joins that thread.
        _notifier?.Dispose();
    }
}
