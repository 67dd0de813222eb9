using System.Collections.Concurrent;
using HaDaemon.Linux.Adverts;

namespace HaDaemon.Linux.Tests;

/// <summary>Collects datagrams a transport delivers, for assertions with a generous timeout.</summary>
internal sealed class AdvertInbox : IDisposable
{
    private readonly BlockingCollection<AdvertDatagram> received = new();

    public Action<AdvertDatagram> Handler => received.Add;

    public AdvertDatagram Next(int timeoutMs = 5000) =>
        received.TryTake(out var d, timeoutMs) ? d : throw new TimeoutException("no advert received within " + timeoutMs + " ms");

    public bool TryNext(int timeoutMs, out AdvertDatagram? datagram)
    {
        var ok = received.TryTake(out var d, timeoutMs);
        datagram = d;
        return ok;
    }

    public void Dispose() => received.Dispose();
}
