using System.Diagnostics;
using System.Runtime.InteropServices;
using HaDaemon.Scripts.Native;
using static HaDaemon.Scripts.Native.LibC;

namespace HaDaemon.Scripts;

/// <summary>
/// Starts one script with posix_spawn in its own process group and supervises it until it is reaped, on the calling
/// (dedicated) thread: reads stdout/stderr into bounded tails, enforces the timeout (SIGTERM to the group, SIGKILL
/// after the grace period) and reaps exactly this pid with waitpid(pid) — never waitpid(-1), so children started by
/// .NET's Process class (which also only reaps its own pids) are not disturbed. Exit is noticed through a pidfd
/// (Linux ≥ 5.3) or, failing that, by polling waitpid(WNOHANG) every 10 ms.
/// </summary>
internal static unsafe class ScriptProcess
{
    private const int CancelCheckMs = 100;
    private const int NoPidfdPollMs = 10;

    public static ScriptRunResult Run(ScriptLaunchPlan plan, ScriptRunOptions options, CancellationToken cancellation)
    {
        var outPipe = stackalloc int[2];
        var errPipe = stackalloc int[2];
        if (pipe2(outPipe, O_CLOEXEC) != 0)
        {
            return ScriptRunResult.NotStarted("pipe2 failed: " + Marshal.GetLastPInvokeErrorMessage());
        }

        if (pipe2(errPipe, O_CLOEXEC) != 0)
        {
            close(outPipe[0]);
            close(outPipe[1]);
            return ScriptRunResult.NotStarted("pipe2 failed: " + Marshal.GetLastPInvokeErrorMessage());
        }

        var start = Stopwatch.GetTimestamp();
        var rc = Spawn(plan, options, outPipe[1], errPipe[1], out var pid);
        close(outPipe[1]);
        close(errPipe[1]);
        if (rc != 0)
        {
            close(outPipe[0]);
            close(errPipe[0]);
            return ScriptRunResult.NotStarted($"cannot start {plan.Path}: {Marshal.GetPInvokeErrorMessage(rc)}");
        }

        return Supervise(pid, outPipe[0], errPipe[0], start, options, cancellation);
    }

    private static int Spawn(ScriptLaunchPlan plan, ScriptRunOptions options, int stdoutFd, int stderrFd, out int pid)
    {
        var attr = NativeMemory.AllocZeroed(SpawnAttrSize);
        var actions = NativeMemory.AllocZeroed(FileActionsSize);
        var defaultSignals = NativeMemory.AllocZeroed(SigSetSize);
        var mask = NativeMemory.AllocZeroed(SigSetSize);
        var path = NativeStringArray.Utf8(plan.Path);
        var devNull = NativeStringArray.Utf8("/dev/null");
        using var argv = new NativeStringArray(plan.Argv);
        using var envp = new NativeStringArray(ScriptEnvironment.Build(options.ExtraEnvironment));
        try
        {
            posix_spawnattr_init(attr);
            posix_spawn_file_actions_init(actions);
            // The runtime ignores SIGPIPE and installs handlers; ignored dispositions survive exec, so reset all.
            sigfillset(defaultSignals);
            sigemptyset(mask);
            posix_spawnattr_setsigdefault(attr, defaultSignals);
            posix_spawnattr_setsigmask(attr, mask);
            posix_spawnattr_setpgroup(attr, 0);
            posix_spawnattr_setflags(attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
            posix_spawn_file_actions_addopen(actions, 0, devNull, O_RDONLY, 0);
            posix_spawn_file_actions_adddup2(actions, stdoutFd, 1);
            posix_spawn_file_actions_adddup2(actions, stderrFd, 2);
            return posix_spawn(out pid, path, actions, attr, argv.Pointer, envp.Pointer);
        }
        finally
        {
            posix_spawn_file_actions_destroy(actions);
            posix_spawnattr_destroy(attr);
            NativeMemory.Free(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(defaultSignals);
            NativeMemory.Free(mask);
            NativeMemory.Free(path);
            NativeMemory.Free(devNull);
        }
    }

    private static ScriptRunResult Supervise(int pid, int outFd, int errFd, long start, ScriptRunOptions options, CancellationToken cancellation)
    {
        var pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
        var stdout = new ByteTail(options.OutputTailBytes);
        var stderr = new ByteTail(options.OutputTailBytes);
        long? termAt = options.Timeout == Timeout.InfiniteTimeSpan ? null : start + ToTicks(options.Timeout);
        long? killAt = null;
        bool timedOut = false, cancelled = false, reaped = false, statusLost = false;
        var status = 0;
        var fds = stackalloc PollFd[3];

        void BeginKill(long now)
        {
            if (options.TermGrace <= TimeSpan.Zero)
            {
                kill(-pid, SIGKILL);
                return;
            }

            kill(-pid, SIGTERM);
            killAt = now + ToTicks(options.TermGrace);
        }

        while (!reaped)
        {
            var now = Stopwatch.GetTimestamp();
            if (!timedOut && !cancelled)
            {
                if (termAt is { } t && now >= t)
                {
                    timedOut = true;
                    BeginKill(now);
                }
                else if (cancellation.IsCancellationRequested)
                {
                    cancelled = true;
                    BeginKill(now);
                }
            }

            if (killAt is { } k && now >= k)
            {
                kill(-pid, SIGKILL);
                killAt = null;
            }

            var n = 0;
            if (pidfd >= 0)
            {
                fds[n++] = new PollFd { Fd = pidfd, Events = POLLIN };
            }

            if (outFd >= 0)
            {
                fds[n++] = new PollFd { Fd = outFd, Events = POLLIN };
            }

            if (errFd >= 0)
            {
                fds[n++] = new PollFd { Fd = errFd, Events = POLLIN };
            }

            var wait = WaitMs(now, timedOut || cancelled ? null : termAt, killAt,
                cancellation.CanBeCanceled && !cancelled && !timedOut, pidfd < 0);
            if (poll(fds, (nuint)n, wait) > 0)
            {
                ReadReady(fds, n, ref outFd, stdout, ref errFd, stderr);
            }

            var w = waitpid(pid, out status, WNOHANG);
            if (w == pid)
            {
                reaped = true;
            }
            else if (w < 0 && Marshal.GetLastPInvokeError() == ECHILD)
            {
                // Someone reaped it for us (only possible if SIGCHLD was SIG_IGN when .NET started).
                reaped = true;
                statusLost = true;
            }
        }

        DrainAndClose(ref outFd, stdout, ref errFd, stderr);
        if (pidfd >= 0)
        {
            close(pidfd);
        }

        if (killAt is { } pendingKill)
        {
            FinishGroupKill(pid, pendingKill);
        }

        var duration = Stopwatch.GetElapsedTime(start);
        int? exitCode = !statusLost && WIfExited(status) ? WExitStatus(status) : null;
        int? signal = !statusLost && WIfSignaled(status) ? WTermSig(status) : null;
        var outcome = timedOut ? ScriptOutcome.Timeout
            : cancelled ? ScriptOutcome.Cancelled
            : exitCode == 0 ? ScriptOutcome.Success
            : ScriptOutcome.Failure;
        return new ScriptRunResult(outcome, exitCode, signal, duration, stdout.ToString(), stderr.ToString(),
            statusLost ? "exit status lost: the child was reaped elsewhere" : null, pid);
    }

    /// <summary>
    /// The leader is gone but its group may live on (a grandchild ignoring SIGTERM): keep the SIGKILL promise.
    /// kill(-pgid, 0) tells whether any member is left.
    /// </summary>
    private static void FinishGroupKill(int pgid, long killAt)
    {
        while (kill(-pgid, 0) == 0)
        {
            var left = killAt - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                kill(-pgid, SIGKILL);
                return;
            }

            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(50, left * 1000.0 / Stopwatch.Frequency)));
        }
    }

    private static int WaitMs(long now, long? termAt, long? killAt, bool checkCancellation, bool noPidfd)
    {
        var ms = int.MaxValue;
        foreach (var deadline in new[] { termAt, killAt })
        {
            if (deadline is { } d)
            {
                ms = Math.Min(ms, (int)Math.Clamp((d - now) * 1000 / Stopwatch.Frequency + 1, 0, int.MaxValue));
            }
        }

        if (checkCancellation)
        {
            ms = Math.Min(ms, CancelCheckMs);
        }

        if (noPidfd)
        {
            ms = Math.Min(ms, NoPidfdPollMs);
        }

        return ms == int.MaxValue ? -1 : ms;
    }

    private static void ReadReady(PollFd* fds, int n, ref int outFd, ByteTail stdout, ref int errFd, ByteTail stderr)
    {
        for (var i = 0; i < n; i++)
        {
            if ((fds[i].REvents & (POLLIN | POLLHUP | POLLERR)) == 0)
            {
                continue;
            }

            if (fds[i].Fd == outFd)
            {
                ReadOnce(ref outFd, stdout);
            }
            else if (fds[i].Fd == errFd)
            {
                ReadOnce(ref errFd, stderr);
            }
        }
    }

    private static void ReadOnce(ref int fd, ByteTail tail)
    {
        var buf = stackalloc byte[4096];
        var r = read(fd, buf, 4096);
        if (r > 0)
        {
            tail.Append(new ReadOnlySpan<byte>(buf, (int)r));
            return;
        }

        if (r < 0 && Marshal.GetLastPInvokeError() is EINTR or EAGAIN)
        {
            return;
        }

        close(fd);
        fd = -1;
    }

    /// <summary>
    /// Collect what the script wrote before exiting, without waiting for descendants that still hold the pipes
    /// (a backgrounded grandchild must not delay the result).
    /// </summary>
    private static void DrainAndClose(ref int outFd, ByteTail stdout, ref int errFd, ByteTail stderr)
    {
        var fds = stackalloc PollFd[2];
        for (var round = 0; round < 64 && (outFd >= 0 || errFd >= 0); round++)
        {
            var n = 0;
            if (outFd >= 0)
            {
                fds[n++] = new PollFd { Fd = outFd, Events = POLLIN };
            }

            if (errFd >= 0)
            {
                fds[n++] = new PollFd { Fd = errFd, Events = POLLIN };
            }

            if (poll(fds, (nuint)n, 0) <= 0)
            {
                break;
            }

            ReadReady(fds, n, ref outFd, stdout, ref errFd, stderr);
        }

        if (outFd >= 0)
        {
            close(outFd);
        }

        if (errFd >= 0)
        {
            close(errFd);
        }

        outFd = errFd = -1;
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
