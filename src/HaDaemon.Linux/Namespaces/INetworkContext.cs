namespace HaDaemon.Linux.Namespaces;

/// <summary>
/// Where sockets are created. A socket stays in the network namespace of the thread that created it, so every
/// socket (and every /proc/sys/net write) in this library is made inside <see cref="Run{T}"/>. Production uses the
/// process's own namespace; tests and keepalived's <c>net_namespace</c> use a <see cref="NamespaceThread"/>.
/// </summary>
public interface INetworkContext
{
    /// <summary>For messages: "current" or the namespace name.</summary>
    string Name { get; }

    /// <summary>Runs <paramref name="action"/> on a thread inside this namespace and returns its result (exceptions propagate).</summary>
    T Run<T>(Func<T> action);
}

/// <summary>The namespace of the calling thread (the daemon's own, in production).</summary>
public sealed class CurrentNetworkContext : INetworkContext
{
    public static readonly CurrentNetworkContext Instance = new();

    private CurrentNetworkContext()
    {
    }

    public string Name => "current";

    public T Run<T>(Func<T> action) => action();
}
