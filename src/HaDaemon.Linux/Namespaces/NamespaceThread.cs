using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Namespaces;

/// <summary>
/// A dedicated thread that has joined a named network namespace (<c>/var/run/netns/NAME</c>) and runs work items there.
/// setns() changes only the calling thread, so the thread is never returned to a pool: it lives until Dispose, and
/// a namespace change can never leak into unrelated code.
/// </summary>
public sealed class NamespaceThread : INetworkContext, IDisposable
{
    private readonly BlockingCollection<Action> work = new();
    private readonly Thread thread;

    private NamespaceThread(string name, Thread thread)
    {
        Name = name;
        this.thread = thread;
    }

    public string Name { get; }

    /// <summary>Starts a thread inside namespace <paramref name="name"/>; fails (as a value) if it cannot join it.</summary>
    public static PlatformResult<NamespaceThread> Enter(string name)
    {
        var path = Path.Combine("/var/run/netns", name);
        var joined = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        NamespaceThread? self = null;
        var thread = new Thread(() => Loop(path, joined, () => self!)) { IsBackground = true, Name = "netns:" + name };
        self = new NamespaceThread(name, thread);
        thread.Start();
        var errno = joined.Task.GetAwaiter().GetResult();
        if (errno != 0)
        {
            self.work.Dispose();
            return PlatformError.FromErrno($"setns({path})", errno);
        }
        return self;
    }

    private static void Loop(string path, TaskCompletionSource<int> joined, Func<NamespaceThread> self)
    {
        var fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            joined.SetResult(Libc.LastErrno);
            return;
        }
        var rc = Libc.SetNs(fd, Libc.CLONE_NEWNET);
        var errno = rc < 0 ? Libc.LastErrno : 0;
        Libc.Close(fd);
        joined.SetResult(errno);
        if (errno != 0)
        {
            return;
        }
        foreach (var item in self().work.GetConsumingEnumerable())
        {
            item();
        }
    }

    public T Run<T>(Func<T> action)
    {
        if (Environment.CurrentManagedThreadId == thread.ManagedThreadId)
        {
            return action();
        }
        var done = new ManualResetEventSlim();
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        work.Add(() =>
        {
            try
            {
                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        done.Dispose();
        failure?.Throw();
        return result;
    }

    public void Dispose()
    {
        work.CompleteAdding();
        if (Environment.CurrentManagedThreadId != thread.ManagedThreadId)
        {
            thread.Join();
        }
        work.Dispose();
    }
}
