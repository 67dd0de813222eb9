namespace HaDaemon.Linux.Adverts;

/// <summary>
/// Where the advert receive threads announce themselves so the host can give them the event loop's realtime
/// scheduling (<c>vrrp_rt_priority</c>, <c>max_auto_priority</c>). The host sets <see cref="Enlist"/> once at start;
/// the returned handle is disposed when the thread ends, so its id is not kept for a thread that reuses it later.
/// </summary>
public static class TimingThreads
{
    public static Func<string, IDisposable?>? Enlist { get; set; }

    internal static IDisposable? EnlistCurrent(string name)
    {
        try
        {
            return Enlist?.Invoke(name);
        }
        catch (Exception)
        {
            // Scheduling is best effort; receiving must go on regardless.
            return null;
        }
    }
}
