using System.ComponentModel;
using System.Runtime.InteropServices;
using HaDaemon.Core.Time;

namespace HaDaemon.Timing;

/// <summary>
/// Puts the event-loop thread to sleep until an absolute deadline or a wake-up, whichever is first.
/// The deadline is a timerfd armed with TFD_TIMER_ABSTIME on CLOCK_MONOTONIC (hrtimer precision, no drift from
/// relative sleeps); wake-ups are an eventfd, so a <see cref="Wake"/> that races ahead of <see cref="WaitUntil"/> is
/// never lost (the counter stays readable). .NET's own timers tick on the 4 ms coarse clock here and cannot keep
/// 10 ms adverts on time.
/// </summary>
public sealed unsafe class LoopWaiter : IDisposable
{
    private readonly int _eventFd;
    private readonly int _timerFd;
    private Instant _armed = Instant.Never;
    private readonly Lock _gate = new();
    private bool _disposed;

    public LoopWaiter()
    {
        _eventFd = Check(NativeTime.EventFd(0, NativeTime.CloExec | NativeTime.NonBlock), "eventfd");
        _timerFd = Check(NativeTime.TimerFdCreate(NativeTime.ClockMonotonic, NativeTime.CloExec | NativeTime.NonBlock),
            "timerfd_create");
    }

    /// <summary>Makes the current or next <see cref="WaitUntil"/> return. Safe from any thread.</summary>
    public void Wake()
    {
        ulong one = 1;
        // The lock keeps a late Wake (a signal during shutdown) from writing into a closed, possibly reused fd.
        lock (_gate)
        {
            if (!_disposed)
            {
                // EAGAIN only when the counter is saturated, i.e. a wake-up is already pending: nothing to do.
                _ = NativeTime.Write(_eventFd, &one, sizeof(ulong));
            }
        }
    }

    /// <summary>Blocks until <paramref name="deadline"/> has passed or <see cref="Wake"/> was called.</summary>
    /// <returns>true when woken by <see cref="Wake"/>, false when the deadline fired.</returns>
    public bool WaitUntil(Instant deadline)
    {
        Arm(deadline);
        var fds = stackalloc NativeTime.PollFd[2];
        fds[0] = new NativeTime.PollFd { Fd = _eventFd, Events = NativeTime.PollIn };
        fds[1] = new NativeTime.PollFd { Fd = _timerFd, Events = NativeTime.PollIn };
        while (NativeTime.Poll(fds, 2, -1) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != NativeTime.EINTR)
            {
                throw new Win32Exception(errno, "poll");
            }
        }
        var woken = Drain(_eventFd);
        if (Drain(_timerFd))
        {
            _armed = Instant.Never; // a fired one-shot timerfd is disarmed
        }
        return woken;
    }

    private void Arm(Instant deadline)
    {
        if (deadline == _armed)
        {
            return;
        }
        var spec = new NativeTime.ITimerSpec();
        if (deadline != Instant.Never)
        {
            // 0/0 would disarm; a deadline at the clock's origin is in the past anyway.
            var ns = Math.Max(1, MonotonicClock.ToMonotonicNanoseconds(deadline));
            spec.Value = new NativeTime.TimeSpec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
        }
        Check(NativeTime.TimerFdSetTime(_timerFd, NativeTime.TimerAbsTime, &spec, null), "timerfd_settime");
        _armed = deadline;
    }

    private static bool Drain(int fd)
    {
        ulong value;
        return NativeTime.Read(fd, &value, sizeof(ulong)) == sizeof(ulong);
    }

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new Win32Exception(Marshal.GetLastPInvokeError(), call);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _ = NativeTime.Close(_eventFd);
            _ = NativeTime.Close(_timerFd);
        }
    }
}
