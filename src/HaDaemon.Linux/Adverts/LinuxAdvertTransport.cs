using System.Net;
using System.Net.Sockets;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Namespaces;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Adverts;

/// <summary>
/// Raw protocol-112 sockets shared by instances: one listening socket per (interface, family) demultiplexing by VRID,
/// one sending socket per (interface, family, source). Both close with their last attachment. auth_type AH instances
/// also get a protocol-51 listening socket per interface and a header-included sending socket per source.
/// </summary>
internal sealed class LinuxAdvertTransport(INetworkContext context, IInterfaceCatalog catalog, Action<Exception>? onHandlerError)
    : IAdvertTransport
{
    private readonly object gate = new();
    private readonly Dictionary<ReceiverKey, ReceivePort> receivers = [];
    private readonly Dictionary<SenderKey, (SendPort Port, int Users)> senders = [];
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
            // An AH instance listens on protocol 51 for its adverts and on 112 for plain ones, which it rejects and counts.
            ReceiverKey[] receiverKeys = binding.AuthenticationHeader
                ? [new(link.Index, binding.Family, SocketOptions.IPPROTO_AH), new(link.Index, binding.Family, SocketOptions.IPPROTO_VRRP)]
                : [new(link.Index, binding.Family, SocketOptions.IPPROTO_VRRP)];
            var joined = new List<(ReceiverKey Key, ReceivePort Port)>();
            foreach (var key in receiverKeys)
            {
                var receiver = OpenReceiver(key, link, binding);
                if (!receiver.IsSuccess)
                {
                    Release(joined, binding);
                    return receiver.Error!;
                }
                joined.Add((key, receiver.Value!));
            }
            var senderKey = new SenderKey(link.Index, sourceAddress, binding.AuthenticationHeader);
            if (!senders.TryGetValue(senderKey, out var sender))
            {
                var opened = SendPort.Open(context, link, sourceAddress, binding.AuthenticationHeader);
                if (!opened.IsSuccess)
                {
                    Release(joined, binding);
                    return opened.Error!;
                }
                sender = (opened.Value!, 0);
            }
            senders[senderKey] = (sender.Port, sender.Users + 1);
            foreach (var (_, receiver) in joined)
            {
                receiver.Subscribe(virtualRouterId, onAdvert);
            }
            return new Attachment(this, binding, virtualRouterId, onAdvert, receiverKeys, senderKey, sender.Port);
        }
    }

    /// <summary>The receiver for <paramref name="key"/>, opened if needed and joined to the binding's group.</summary>
    private PlatformResult<ReceivePort> OpenReceiver(ReceiverKey key, InterfaceInfo link, AdvertBinding binding)
    {
        if (!receivers.TryGetValue(key, out var receiver))
        {
            var opened = ReceivePort.Open(context, link, key.Family, onHandlerError, key.Protocol);
            if (!opened.IsSuccess)
            {
                return opened.Error!;
            }
            receiver = receivers[key] = opened.Value!;
        }
        if (binding.JoinMulticast)
        {
            var joined = receiver.Join(binding.Group);
            if (!joined.IsSuccess)
            {
                CloseReceiverIfUnused(key, receiver);
                return joined.Error!;
            }
        }
        return receiver;
    }

    /// <summary>Undoes <see cref="OpenReceiver"/> for receivers a failed attachment had joined (not yet subscribed).</summary>
    private void Release(List<(ReceiverKey Key, ReceivePort Port)> joined, AdvertBinding binding)
    {
        foreach (var (key, receiver) in joined)
        {
            if (binding.JoinMulticast)
            {
                receiver.Leave(binding.Group);
            }
            CloseReceiverIfUnused(key, receiver);
        }
    }

    private void Detach(Attachment attachment)
    {
        lock (gate)
        {
            foreach (var key in attachment.ReceiverKeys)
            {
                if (receivers.TryGetValue(key, out var receiver))
                {
                    receiver.Unsubscribe(attachment.VirtualRouterId, attachment.Handler);
                    if (attachment.Binding.JoinMulticast)
                    {
                        receiver.Leave(attachment.Binding.Group);
                    }
                    CloseReceiverIfUnused(key, receiver);
                }
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

    private void CloseReceiverIfUnused(ReceiverKey key, ReceivePort receiver)
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
        ReceiverKey[] receiverKeys,
        SenderKey senderKey,
        SendPort port) : IAdvertLink
    {
        private int disposed;

        public AdvertBinding Binding => binding;

        public IPAddress Source => port.Source;

        public int InterfaceIndex => port.Link.Index;

        public byte VirtualRouterId => virtualRouterId;

        public Action<AdvertDatagram> Handler => handler;

        public ReceiverKey[] ReceiverKeys => receiverKeys;

        public SenderKey SenderKey => senderKey;

        public PlatformResult Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination, byte? unicastHopLimit = null) =>
            Volatile.Read(ref disposed) != 0
                ? PlatformError.Disposed("send advert")
                : port.Send(vrrpMessage, destination, unicastHopLimit);

        public PlatformResult SendPacket(ReadOnlySpan<byte> ipv4Packet, IPAddress destination) =>
            Volatile.Read(ref disposed) != 0
                ? PlatformError.Disposed("send AH advert")
                : port.SendPacket(ipv4Packet, destination);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Detach(this);
            }
        }
    }

    private readonly record struct ReceiverKey(int Index, AddressFamily Family, int Protocol);

    private readonly record struct SenderKey(int Index, IPAddress Source, bool HeaderIncluded);
}
