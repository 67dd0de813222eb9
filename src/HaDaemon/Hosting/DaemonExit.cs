namespace HaDaemon.Hosting;

/// <summary>The process exit code, settable by whoever decides the daemon must stop; the first non-zero code wins.</summary>
public sealed class DaemonExit
{
    private int _code;

    public int Code => Volatile.Read(ref _code);

    public void Fail(int code) => Interlocked.CompareExchange(ref _code, code, 0);
}
