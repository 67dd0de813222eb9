using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace HaDaemon.Mapping;

/// <summary>The addresses an interface has now, for choosing an instance's source address.</summary>
public interface IInterfaceAddresses
{
    /// <summary>The interface's addresses of <paramref name="family"/> in kernel order (IPv4 primary first).</summary>
    IReadOnlyList<IPAddress> Addresses(string interfaceName, AddressFamily family);
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
}
