namespace HaDaemon.Config.Environment;

/// <summary>
/// The network interfaces keepalived would see when it loads the configuration. keepalived -t reports
/// non-existent interfaces (CONFIG_BAD_IF); injecting the catalog lets tests supply the interfaces of a
/// namespace without creating one.
/// </summary>
public interface IInterfaceCatalog
{
    bool Exists(string name);

    bool IsLoopback(string name);
}

/// <summary>A fixed set of interface names (tests, simulations). "lo" is the loopback if listed.</summary>
public sealed class FixedInterfaceCatalog(IEnumerable<string> names) : IInterfaceCatalog
{
    private readonly HashSet<string> _names = new(names, StringComparer.Ordinal);

    public bool Exists(string name) => _names.Contains(name);

    public bool IsLoopback(string name) => name == "lo" && _names.Contains(name);
}

/// <summary>The interfaces of the current network namespace, read from /sys/class/net.</summary>
public sealed class SysClassNetInterfaceCatalog : IInterfaceCatalog
{
    private const string Root = "/sys/class/net";

    // ARPHRD_LOOPBACK from linux/if_arp.h, shown in /sys/class/net/IF/type.
    private const string LoopbackType = "772";

    public bool Exists(string name) =>
        name.Length > 0 && !name.Contains('/') && name != "." && name != ".." && Directory.Exists(Path.Combine(Root, name));

    public bool IsLoopback(string name)
    {
        if (!Exists(name))
        {
            return false;
        }
        try
        {
            return File.ReadAllText(Path.Combine(Root, name, "type")).Trim() == LoopbackType;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
