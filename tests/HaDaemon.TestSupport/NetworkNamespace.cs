using HaDaemon.Linux.Namespaces;

namespace HaDaemon.TestSupport;

/// <summary>
/// A throw-away network namespace (<c>ip netns add</c>) with a unique name (tag, process id, random suffix — other test
/// runs create namespaces at the same time). Dispose deletes it, which also destroys its interfaces; the namespace
/// thread used for in-process sockets is stopped first.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private NamespaceThread? thread;
    private bool disposed;

    private NetworkNamespace(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>A context whose Run executes on a thread inside this namespace: give it to LinuxNetwork.Open.</summary>
    public INetworkContext Context => thread ??= NamespaceThread.Enter(Name).Unwrap();

    public static NetworkNamespace Create(string tag)
    {
        NetnsRequirement.Ensure();
        var name = $"hd-{tag}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}";
        ProcessRunner.Check("ip", "netns", "add", name);
        var ns = new NetworkNamespace(name);
        try
        {
            ns.Ip("link", "set", "lo", "up");
            // No DAD inside test namespaces: link-locals are usable at once, so IPv6 tests need not wait ~1-2 s.
            ns.Exec("sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
        }
        catch
        {
            ns.Dispose();
            throw;
        }
        return ns;
    }

    /// <summary><c>ip -n NAME args…</c>; throws with ip's stderr on failure.</summary>
    public string Ip(params string[] arguments) => ProcessRunner.Check("ip", ["-n", Name, .. arguments]);

    public ProcessRunner.Result TryIp(params string[] arguments) => ProcessRunner.Run("ip", ["-n", Name, .. arguments]);

    /// <summary><c>ip netns exec NAME command…</c>.</summary>
    public string Exec(params string[] command) => ProcessRunner.Check("ip", ["netns", "exec", Name, .. command]);

    public T Run<T>(Func<T> action) => Context.Run(action);

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        thread?.Dispose();
        ProcessRunner.Run("ip", ["netns", "del", Name]);
    }
}
