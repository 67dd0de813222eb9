using System.Net;
using System.Net.Sockets;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Simulation;

/// <summary>The glue between a node's engine and the virtual world: commands out, packets and timers in.</summary>
public sealed partial class Simulator
{
    /// <summary>Executes every command the node's engine queued, in order, then re-arms its timer.</summary>
    private void Pump(SimNode node)
    {
        if (node.Router is not { } router)
        {
            return;
        }
        while (router.TryPollCommand(out var command))
        {
            switch (command)
            {
                case SendAdvert send:
                    Transmit(node, send);
                    break;
                case AcquireAddresses acquire:
                    MoveAddresses(node, acquire.Instance, acquire.Addresses, acquired: true);
                    break;
                case ReleaseAddresses release:
                    MoveAddresses(node, release.Instance, release.Addresses, acquired: false);
                    break;
                case StateChanged changed:
                    node.States[changed.Instance] = changed.To;
                    RecordState(node, InstanceSettingsOf(node, changed.Instance), FormatState(changed.From), FormatState(changed.To),
                        changed.Reason.ToString(), changed.Priority);
                    break;
                default:
                    SideEffects.Add((Now, node.Name, command));
                    break;
            }
        }
        ArmTimer(node);
    }

    private void ArmTimer(SimNode node)
    {
        var deadline = node.Router?.NextDeadline ?? Instant.Never;
        if (deadline == node.ArmedDeadline)
        {
            return;
        }
        node.ArmedDeadline = deadline;
        if (deadline == Instant.Never)
        {
            return;
        }
        var incarnation = node.Incarnation;
        Scheduler.Schedule(deadline, () =>
        {
            // A later re-arm or a restart makes this event stale.
            if (node.Incarnation != incarnation || node.ArmedDeadline != deadline || node.Router is not { } router)
            {
                return;
            }
            node.ArmedDeadline = Instant.Never;
            router.HandleTimeout(Now);
            Pump(node);
        });
    }

    private void ScheduleScriptRuns(SimNode node, int incarnation)
    {
        if (node.Settings.Scripts.IsDefaultOrEmpty)
        {
            return;
        }
        Scheduler.Schedule(Now + Options.ScriptInterval, () =>
        {
            if (node.Incarnation != incarnation || node.Router is not { } router)
            {
                return;
            }
            foreach (var (script, success) in node.ScriptOutcomes)
            {
                router.ScriptResult(Now, script, success);
            }
            Pump(node);
            ScheduleScriptRuns(node, incarnation);
        });
    }

    // ------------------------------------------------------------------ wire

    /// <summary>Encodes the advert with the real encoder, one packet per destination, and puts it on the segment.</summary>
    private void Transmit(SimNode node, SendAdvert send)
    {
        var port = node.Port(send.Interface);
        var ipv6 = InstanceSettingsOf(node, send.Instance).Family == AddressFamily.InterNetworkV6;
        var source = send.Source ?? FirstAddress(port, ipv6)
            ?? throw new InvalidOperationException($"{node.Name}/{send.Interface} has no address to send {send.Instance}'s advert from");
        Span<byte> src = stackalloc byte[16];
        Span<byte> dst = stackalloc byte[16];
        source.TryWriteBytes(src, out var srcLength);
        foreach (var destination in send.Destinations)
        {
            destination.TryWriteBytes(dst, out var dstLength);
            var messageLength = VrrpEncoder.MessageLength(send.Advert);
            byte[] payload;
            if (ipv6)
            {
                // A raw IPv6 socket sees the VRRP message; the header fields travel beside it.
                payload = new byte[messageLength];
                VrrpEncoder.EncodeMessage(send.Advert, payload, ChecksumMode.PseudoHeader, src[..srcLength], dst[..dstLength]);
            }
            else if (send.Authentication is { } ah)
            {
                payload = new byte[Ipv4Header.Length + AuthenticationHeader.Length + messageLength];
                VrrpEncoder.EncodeIpv4AuthenticatedPacket(send.Advert, payload, src[..srcLength], dst[..dstLength],
                    node.TakeIpIdentification(), ah.SequenceNumber, ah.Key.Span, unicast: !send.Multicast);
            }
            else
            {
                payload = new byte[Ipv4Header.Length + messageLength];
                var mode = send.Advert.Version == VrrpVersion.V2 ? ChecksumMode.VrrpOnly : Options.V3Ipv4Checksum;
                VrrpEncoder.EncodeIpv4Packet(send.Advert, payload, mode, src[..srcLength], dst[..dstLength], node.TakeIpIdentification());
            }
            AdvertsSent++;
            Network.Send(port, new SimPacket(source, destination, VrrpWire.RequiredHopLimit, payload));
        }
    }

    /// <summary>A packet reached one of the node's ports: decode it as the platform layer would and hand it to the engine.</summary>
    private void Receive(SimNode node, NetworkPort port, SimPacket packet)
    {
        if (node.Router is not { } router)
        {
            return;
        }
        var ipv6 = packet.Source.AddressFamily == AddressFamily.InterNetworkV6;
        var expectMulticast = node.HasMulticastInstance(port.InterfaceName, ipv6);
        Span<byte> src = stackalloc byte[16];
        Span<byte> dst = stackalloc byte[16];
        packet.Source.TryWriteBytes(src, out var srcLength);
        packet.Destination.TryWriteBytes(dst, out var dstLength);
        var rejection = ipv6
            ? VrrpDecoder.DecodeIpv6(packet.Payload.Span, src[..srcLength], dst[..dstLength], packet.HopLimit, expectMulticast,
                checksumVerifiedByKernel: false, out var view)
            : VrrpDecoder.DecodeIpv4(packet.Payload.Span, expectMulticast, out view);
        if (rejection != AdvertRejection.None)
        {
            AdvertsRejectedByCodec++;
            router.RecordRejectedAdvert(port.InterfaceName, view.VirtualRouterId, packet.Source.AddressFamily, packet.Source, rejection);
        }
        else
        {
            AdvertsDelivered++;
            var received = view.ToReceivedAdvert(port.InterfaceName);
            AdvertObserved?.Invoke(Now, node.Name, received);
            router.HandleAdvert(Now, received);
        }
        Pump(node);
    }

    private static IPAddress? FirstAddress(NetworkPort port, bool ipv6)
    {
        foreach (var address in port.Addresses)
        {
            if ((address.AddressFamily == AddressFamily.InterNetworkV6) == ipv6)
            {
                return address;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ addresses and timeline

    private static InstanceSettings InstanceSettingsOf(SimNode node, string instance) =>
        node.InstanceSettings(instance)
            ?? throw new InvalidOperationException($"{node.Name}: the engine named an unknown instance '{instance}'");

    private static IEnumerable<IPAddress> OwnedAddresses(InstanceSettings instance) =>
        instance.VirtualAddresses.Concat(instance.ExcludedAddresses);

    private void MoveAddresses(SimNode node, string instanceName, IReadOnlyList<IPAddress>? addresses, bool acquired)
    {
        var instance = InstanceSettingsOf(node, instanceName);
        foreach (var address in addresses ?? OwnedAddresses(instance))
        {
            var key = address.ToString();
            if (!_holders.TryGetValue(key, out var set))
            {
                _holders[key] = set = new SortedSet<string>(StringComparer.Ordinal);
            }
            if (acquired)
            {
                set.Add(node.Name);
            }
            else
            {
                set.Remove(node.Name);
            }
        }
        Timeline.Add(new TimelineEntry(Now, acquired ? TimelineKind.AddressesAcquired : TimelineKind.AddressesReleased, node.Name,
            instance.Name, VirtualRouterOf(node, instance), null, null, "", null, DescribeHolders(instance)));
    }

    /// <summary>The node's addresses of this instance disappear without the engine asking (kill, or leftovers after stop).</summary>
    private void ForgetAddresses(SimNode node, InstanceSettings instance)
    {
        var held = OwnedAddresses(instance).Where(a => _holders.TryGetValue(a.ToString(), out var s) && s.Contains(node.Name)).ToList();
        if (held.Count > 0)
        {
            MoveAddresses(node, instance.Name, held, acquired: false);
        }
    }

    private string DescribeHolders(InstanceSettings instance) =>
        string.Join(" ", OwnedAddresses(instance).Select(a =>
            $"{a}@{(_holders.TryGetValue(a.ToString(), out var s) && s.Count > 0 ? string.Join("+", s) : "-")}"));

    private static string VirtualRouterOf(SimNode node, InstanceSettings instance) =>
        $"{node.Port(instance.Interface).Segment.Name}/{(instance.Family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")}/vrid {instance.VirtualRouterId}";

    private static string FormatState(VrrpState state) => state.ToString().ToUpperInvariant();

    private void RecordState(SimNode node, InstanceSettings instance, string from, string to, string reason, int? priority) =>
        Timeline.Add(new TimelineEntry(Now, TimelineKind.StateChange, node.Name, instance.Name, VirtualRouterOf(node, instance),
            from, to, reason, priority, DescribeHolders(instance)));

    private void RecordNode(SimNode node, string what) =>
        Timeline.Add(new TimelineEntry(Now, TimelineKind.Node, node.Name, null, null, null, null, what, null, ""));

    private void RecordFault(string node, string what) =>
        Timeline.Add(new TimelineEntry(Now, TimelineKind.Fault, node, null, null, null, null, what, null, ""));
}
