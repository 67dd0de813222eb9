using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace HaDaemon.Mapping;

/// <summary>The addresses an interface has now, for choosing an instance's source address.</summary>
public interface IInterfaceAddresses
{
    /// <summary>The interface's addresses of <paramref name="family"/> in kernel order (IPv4 primary first).</summary>
    IReadOnlyList<IPAddress> Addresses(string interfaceName, AddressFamily family);

    /// <summary>
    /// True when an interface of that name exists and is not a macvlan: a VMAC must not take its name (keepalived then
    /// picks the next free one). Without a way to tell, no name is taken.
    /// </summary>
    bool IsNonMacvlanInterface(string interfaceName) => false;
}

/// <summary>The current network namespace's addresses, through getifaddrs (System.Net.NetworkInformation).</summary>
public sealed class SystemInterfaceAddresses : IInterfaceAddresses
{
    public IReadOnlyList<IPAddress> Addresses(string interfaceName, AddressFamily family)
    {
        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == interfaceName);
        return nic is null
            ? []
            : nic.GetIPProperties().UnicastAddresses.Select(u => u.Address).Where(a => a.AddressFamily == family).ToList();
    }

    /// <summary>Asked only for VMAC names at load: a short-lived rtnetlink socket tells the link's kind.</summary>
    public bool IsNonMacvlanInterface(string interfaceName)
    {
        if (!Directory.Exists(Path.Combine("/sys/class/net", interfaceName)))
        {
            return false;
        }
        var net = Linux.LinuxNetwork.Open();
        if (!net.IsSuccess)
        {
            return false;
        }
        using var open = net.Value!;
        return open.Interfaces.Find(interfaceName) is { IsSuccess: true } found && found.Value!.Kind != "macvlan";
    }
}
