using System.Net;
using System.Net.Sockets;
using HaDaemon.Mapping;

namespace HaDaemon.Tests.Mapping;

/// <summary>Interface addresses described by the test, in kernel order.</summary>
internal sealed class FakeInterfaceAddresses : IInterfaceAddresses
{
    private readonly Dictionary<string, List<IPAddress>> _byInterface = new(StringComparer.Ordinal);

    public FakeInterfaceAddresses Add(string interfaceName, params string[] addresses)
    {
        if (!_byInterface.TryGetValue(interfaceName, out var list))
        {
            _byInterface[interfaceName] = list = [];
        }
        list.AddRange(addresses.Select(IPAddress.Parse));
        return this;
    }

    public IReadOnlyList<IPAddress> Addresses(string interfaceName, AddressFamily family) =>
        _byInterface.TryGetValue(interfaceName, out var list) ? list.Where(a => a.AddressFamily == family).ToList() : [];
}
