using System.Net;
using System.Net.Sockets;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Namespaces;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Adverts;

/// <summary>
/// Raw protocol-112 sockets shared by instances: one listening socket per (interface, family) demultiplexing by VRID,
/// one sending socket per (interface, family, source). Both close with their last attachment.
/// </summary>
internal sealed class LinuxAdvertTransport(INetworkContext context, IInterfaceCatalog catalog, Action<Exception>? onHandlerError)
    : IAdvertTransport
{
    private readonly object gate = new();
    private readonly Dictionary<(int Index, AddressFamily Family), ReceivePort> receivers = [];
    private readonly Dictionary<(int Index, IPAddress Source), (SendPort Port, int Users)> senders = [];
    private bool disposed;

    public PlatformResult<IAdvertLink> Attach(AdvertBinding binding, byte virtualRouterId, Action<AdvertDatagram> onAdvert)
    {
        const string operation = "attach VRRP instance";
        if (binding.Family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) ||
            (binding.SourceAddress is { } s && s.AddressFamily != binding.Family) ||
            binding.Group.AddressFamily != binding.Family)
        {
            return PlatformError.Invalid(operation, $"{binding}: addresses must all be of the binding's family");
        }
        var found = catalog.Find(binding.Interface);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var link = found.Value!;
        var source = binding.SourceAddress is { } configured
            ? configured
            : binding.Family == AddressFamily.InterNetwork
                ? catalog.PrimaryIPv4(binding.SourceInterface ?? link.Name)
                : catalog.Ipv6LinkLocal(binding.SourceInterface ?? link.Name);
        if (!source.IsSuccess)
        {
            return source.Error!;
        }
        var sourceAddress = source.Value!;
        lock (gate)
        {
            if (disposed)
            {
                return PlatformError.Disposed(operation);
            }
            var receiverKey = (link.Index, binding.Family);
            if (!receivers.TryGetValue(receiverKey, out var receiver))
            {
                var opened = ReceivePort.Open(context, link, binding.Family, onHandlerError);
                if (!opened.IsSuccess)
                {
                    return opened.Error!;
                }
                receiver = receivers[receiverKey] = opened.Value!;
            }
            if (binding.JoinMulticast)
            {
                var joined = receiver.Join(binding.Group);
                if (!joined.IsSuccess)
                {
                    CloseReceiverIfUnused(receiverKey, receiver);
                    return joined.Error!;
                }
            }
            var senderKey = (link.Index, sourceAddress);
            if (!senders.TryGetValue(senderKey, out var sender))
            {
                var opened = SendPort.Open(context, link, sourceAddress);
                if (!opened.IsSuccess)
                {
                    if (binding.JoinMulticast)
                    {
                        receiver.Leave(binding.Group);
                    }
                    CloseReceiverIfUnused(receiverKey, receiver);
                    return opened.Error!;
                }
                sender = (opened.Value!, 0);
            }
            senders[senderKey] = (sender.Port, sender.Users + 1);
            receiver.Subscribe(virtualRouterId, onAdvert);
            return new Attachment(this, binding, virtualRouterId, onAdvert, receiverKey, senderKey, sender.Port);
        }
    }

    private void Detach(Attachment attachment)
    {
        lock (gate)
        {
            if (receivers.TryGetValue(attachment.ReceiverKey, out var receiver))
            {
                receiver.Unsubscribe(attachment.VirtualRouterId, attachment.Handler);
                if (attachment.Binding.JoinMulticast)
                {
                    receiver.Leave(attachment.Binding.Group);
                }
                CloseReceiverIfUnused(attachment.ReceiverKey, receiver);
            }
            if (senders.TryGetValue(attachment.SenderKey, out var sender))
            {
                if (sender.Users <= 1)
                {
                    senders.Remove(attachment.SenderKey);
                    sender.Port.Dispose();
                }
                else
                {
                    senders[attachment.SenderKey] = (sender.Port, sender.Users - 1);
                }
            }
        }
    }

    private void CloseReceiverIfUnused((int, AddressFamily) key, ReceivePort receiver)
    {
        if (receiver.SubscriberCount == 0)
        {
            receivers.Remove(key);
            receiver.Dispose();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            foreach (var receiver in receivers.Values)
            {
                receiver.Dispose();
            }
            foreach (var sender in senders.Values)
            {
                sender.Port.Dispose();
            }
            receivers.Clear();
            senders.Clear();
        }
    }

    private sealed class Attachment(
        LinuxAdvertTransport owner,
        AdvertBinding binding,
        byte virtualRouterId,
        Action<AdvertDatagram> handler,
        (int, AddressFamily) receiverKey,
        (int, IPAddress) senderKey,
        SendPort port) : IAdvertLink
    {
        private int disposed;

        public AdvertBinding Binding => binding;

        public IPAddress Source => port.Source;

        public int InterfaceIndex => port.Link.Index;

        public byte VirtualRouterId => virtualRouterId;

        public Action<AdvertDatagram> Handler => handler;

        public (int, AddressFamily) ReceiverKey => receiverKey;

        public (int, IPAddress) SenderKey => senderKey;

        public PlatformResult Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination, byte? unicastHopLimit = null) =>
            Volatile.Read(ref disposed) != 0
                ? PlatformError.Disposed("send advert")
                : port.Send(vrrpMessage, destination, unicastHopLimit);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Detach(this);
            }
        }
    }
}
