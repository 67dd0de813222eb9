using System.Collections.Concurrent;
using HaDaemon.Core.Time;
using HaDaemon.Timing;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Hosting;

/// <summary>
/// The daemon's single event-loop thread. Everything that touches the engine runs here, one item at a time, with the
/// current <see cref="Instant"/>: work posted from other threads (socket receives, netlink events, check results,
/// signals), host timers (watchdog) and the driver's deadline. Because the thread sleeps in
/// <see cref="LoopWaiter"/> until the earliest deadline, adverts leave on time without any .NET timer.
/// </summary>
public sealed class EventLoop : IDisposable
{
    private readonly ConcurrentQueue<Action<Instant>> _queue = new();
    private readonly PriorityQueue<Action<Instant>, Instant> _timers = new();
    private readonly LoopWaiter _waiter = new();
    private readonly Func<Instant> _clock;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private bool _stopRequested;

    public EventLoop(ILogger<EventLoop> logger, Func<Instant>? clock = null)
    {
        _logger = logger;
        _clock = clock ?? (() => MonotonicClock.Now);
    }

    /// <summary>The deadline source; set it before <see cref="Start"/> or from the loop thread.</summary>
    public ILoopDriver? Driver { get; set; }

    /// <summary>Runs first on the loop thread (process tuning makes it a realtime thread there).</summary>
    public Action? ThreadStarted { get; set; }

    /// <summary>
    /// Called on the loop thread when an iteration starts after the earliest deadline, with how late it is — the
    /// measurement keepalived's scheduler takes after epoll_wait for <c>max_auto_priority</c>.
    /// </summary>
    public Action<TimeSpan>? Overdue { get; set; }

    /// <summary>Called (on the loop thread) when posted work throws: a bug, which the host turns into exit code 70.</summary>
    public event Action<Exception>? Faulted;

    /// <summary>Completes when the loop thread has ended.</summary>
    public Task Completion => _completion.Task;

    public bool IsLoopThread => Thread.CurrentThread == _thread;

    public void Start()
    {
        _thread = new Thread(Run) { Name = "hadaemon-loop", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Queues work for the loop thread. Safe from any thread, including signal handlers.</summary>
    public void Post(Action<Instant> work)
    {
        _queue.Enqueue(work);
        _waiter.Wake();
    }

    /// <summary>Runs <paramref name="work"/> on the loop thread at or after <paramref name="due"/>.</summary>
    public void Schedule(Instant due, Action<Instant> work) => Post(_ => _timers.Enqueue(work, due));

    /// <summary>Ends the loop once the work queued before this call has run.</summary>
    public void RequestStop() => Post(_ => _stopRequested = true);

    private void Run()
    {
        try
        {
            StartThread();
            while (true)
            {
                var now = _clock();
                if (Overdue is { } overdue && NextDeadline() is var due && due < now)
                {
                    ReportOverdue(overdue, (now - due).ToTimeSpan());
                }
                RunDue(now);
                while (_queue.TryDequeue(out var work))
                {
                    Invoke(work);
                }
                if (_stopRequested)
                {
                    break;
                }
                var next = NextDeadline();
                if (next > _clock())
                {
                    _waiter.WaitUntil(next);
                }
            }
            _completion.TrySetResult();
        }
        catch (Exception ex)
        {
            // Only the waiter itself can land here (work items are guarded): the loop cannot continue.
            _logger.LogCritical(ex, "event loop failed");
            _completion.TrySetException(ex);
        }
    }

    private void StartThread()
    {
        try
        {
            ThreadStarted?.Invoke();
        }
        catch (Exception ex)
        {
            // Tuning the thread is best effort: the loop runs either way.
            _logger.LogError(ex, "event loop thread set-up failed");
        }
    }

    private void ReportOverdue(Action<TimeSpan> overdue, TimeSpan late)
    {
        try
        {
            overdue(late);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "lateness handler failed");
        }
    }

    private Instant NextDeadline()
    {
        var next = Driver?.NextDeadline ?? Instant.Never;
        return _timers.TryPeek(out _, out var due) ? Instant.Min(next, due) : next;
    }

    private void RunDue(Instant now)
    {
        while (_timers.TryPeek(out var work, out var due) && due <= now)
        {
            _timers.Dequeue();
            Invoke(work);
        }
        if (Driver is { } driver && driver.NextDeadline <= now)
        {
            Invoke(driver.OnDeadline);
        }
    }

    private void Invoke(Action<Instant> work)
    {
        try
        {
            work(_clock());
        }
        catch (Exception ex)
        {
            _logger.LogCritical(ex, "program error in the event loop");
            Faulted?.Invoke(ex);
        }
    }

    public void Dispose() => _waiter.Dispose();
}
