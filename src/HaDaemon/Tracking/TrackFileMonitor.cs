using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Tracking;

/// <summary>
/// Watches <c>track_file</c>s and reports their integer value: once at <see cref="Start"/>, then whenever it changes.
/// Like keepalived (inotify on the file's directory for close-write/move/delete), the directory is watched, so a file
/// that is replaced by rename, deleted (value 0) or created later is followed. Changes are debounced (default 50 ms)
/// because a writer may truncate and then write; the file is re-read when the burst of events is over.
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
    private readonly List<FileSystemWatcher> _watchers = [];
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
        foreach (var group in _files.GroupBy(f => Path.GetDirectoryName(Path.GetFullPath(f.Path)) ?? "/", StringComparer.Ordinal))
        {
            var names = group.ToLookup(f => Path.GetFileName(f.Path), StringComparer.Ordinal);
            try
            {
                var watcher = new FileSystemWatcher(group.Key)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                    IncludeSubdirectories = false,
                };
                FileSystemEventHandler changed = (_, e) => Touch(names[e.Name ?? string.Empty]);
                watcher.Changed += changed;
                watcher.Created += changed;
                watcher.Deleted += changed;
                watcher.Renamed += (_, e) =>
                {
                    Touch(names[e.Name ?? string.Empty]);
                    Touch(names[e.OldName ?? string.Empty]);
                };
                watcher.Error += (_, e) =>
                {
                    // inotify queue overflow: re-read everything rather than miss a change.
                    _logger.LogWarning("track file watcher for {Dir} lost events ({Error}); re-reading", group.Key, e.GetException().Message);
                    Touch(group);
                };
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                _logger.LogWarning("Cannot watch directory {Dir} of track file(s) {Names}: {Error}",
                    group.Key, string.Join(", ", group.Select(f => f.Name)), e.Message);
            }
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
            foreach (var watcher in _watchers)
            {
                watcher.Dispose();
            }

            foreach (var timer in _pending.Values)
            {
                timer.Dispose();
            }

            _pending.Clear();
        }
    }
}
