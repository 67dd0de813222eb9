using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using HaDaemon.Linux.Addresses;
using HaDaemon.Logging;
using HaDaemon.Notify;
using HaDaemon.Timing;
using Microsoft.Extensions.Logging;
using EngineNotify = HaDaemon.Core.Engine.Notify;
using EngineNotifyEvent = HaDaemon.Core.Engine.NotifyEvent;
using NotifyEvent = HaDaemon.Notify.NotifyEvent;

namespace HaDaemon.Runtime;

/// <summary>Carrying out the engine's commands: each instance's in queue order (advert, addresses, GARPs, notifies).</summary>
public sealed partial class VrrpRuntime
{
    private readonly byte[] _sendBuffer = new byte[2048];
    private readonly Dictionary<(string, IPAddress), string> _sendErrors = [];

    private readonly List<EngineCommand> _afterAdverts = [];

    /// <summary>
    /// Carries out what the engine asked for, in three passes that keep each instance's order (advert, addresses,
    /// announcements, notifies, log) while letting a mass transition share work: adverts leave at once (peers time
    /// them); then the address changes, consecutive ones of all instances in one netlink batch (1000 instances
    /// failing over together are one batch, not 1000 round trips); then GARP/NA, notifies and log lines.
    /// </summary>
    private void Drain(Instant now)
    {
        var rest = _afterAdverts;
        rest.Clear();
        while (_router.TryPollCommand(out var command))
        {
            if (command is SendAdvert s)
            {
                Send(s);
            }
            else
            {
                rest.Add(command);
            }
        }
        ApplyAddressChanges(rest);
        List<(StateChanged Change, IPAddress? Peer)>? transitions = null;
        foreach (var command in rest)
        {
            switch (command)
            {
                case SendGratuitous g:
                    Announce(g);
                    break;
                case EngineNotify n:
                    Dispatch(n);
                    break;
                case MasterHeardAdvert h:
                    KeepalivedLines.Heard(_logger, h);
                    break;
                case PriorityChanged p:
                    KeepalivedLines.PriorityChanged(_logger, p);
                    break;
                case ScriptStatusChanged sc:
                    KeepalivedLines.ScriptStatus(ScriptLog, sc.Script, sc.Good, _lastScriptRuns.GetValueOrDefault(sc.Script));
                    break;
                case StateChanged c:
                    var status = _router.GetStatus(c.Instance);
                    TransitionLog.Write(_logger, c, status);
                    (transitions ??= []).Add((c, TransitionLog.Peer(c, status)));
                    break;
            }
        }
        rest.Clear();
        if (transitions is not null)
        {
            RecordTransitions(now, transitions);
            ScheduleExtraGarps(now, transitions);
        }
    }

    /// <summary>
    /// Consecutive acquisitions (or releases) become one batch each — the GARPs, notifies and log lines between them
    /// run afterwards anyway, so only a change of direction ends a run. The order between runs is kept, so a release
    /// and a later acquisition of the same address still happen in that order. keepalived's order within an instance
    /// holds: VIPs, routes, rules on the way up; rules, routes, VIPs on the way down.
    /// </summary>
    private void ApplyAddressChanges(List<EngineCommand> commands)
    {
        var run = new List<(string Instance, IReadOnlyList<IPAddress>? Addresses)>();
        bool? adding = null;
        foreach (var command in commands)
        {
            (bool Add, string Instance, IReadOnlyList<IPAddress>? Addresses)? change = command switch
            {
                AcquireAddresses a => (true, a.Instance, a.Addresses),
                ReleaseAddresses r => (false, r.Instance, r.Addresses),
                _ => null,
            };
            if (change is not var (direction, instance, addresses))
            {
                continue;
            }
            if (adding is { } current && current != direction)
            {
                ApplyRun(run, current);
                run.Clear();
            }
            adding = direction;
            run.Add((instance, addresses));
        }
        if (adding is { } last)
        {
            ApplyRun(run, last);
        }
    }

    /// <summary>One run; a null address list means everything the instance owns, routes and rules included.</summary>
    private void ApplyRun(List<(string Instance, IReadOnlyList<IPAddress>? Addresses)> run, bool add)
    {
        // -V: leave VIPs in place at stop (keepalived's --dont-release-vrrp); transitions still release.
        if (!add && _stopping && _options.DontReleaseVrrp)
        {
            return;
        }
        var whole = run.Where(r => r.Addresses is null).Select(r => r.Instance).ToList();
        if (!add)
        {
            whole.ForEach(instance => ChangeRouting(instance, add: false));
        }
        ChangeAddresses([.. run.SelectMany(r => Specs(r.Instance, r.Addresses).Select(spec => (r.Instance, spec)))], add);
        if (add)
        {
            whole.ForEach(instance => ChangeRouting(instance, add: true));
        }
    }

    private void Send(SendAdvert s)
    {
        if (!_links.TryGetValue(s.Instance, out var link) || PlanOf(s.Instance) is not { } plan)
        {
            return;
        }
        if (s.Authentication is { } ah)
        {
            SendAuthenticated(s, ah, link, plan);
        }
        else
        {
            foreach (var destination in s.Destinations)
            {
                var length = VrrpEncoder.EncodeMessage(s.Advert, _sendBuffer, plan.SendChecksum, link.Source,
                    plan.SendChecksum == ChecksumMode.OldUnicastPseudoHeader ? Linux.Adverts.AdvertBinding.Ipv4Group : destination);
                var sent = link.Send(_sendBuffer.AsSpan(0, length), destination, s.Multicast ? null : plan.UnicastTtl);
                ReportSend(s.Instance, destination, sent.Error?.Message);
            }
        }
        if (s.Due is { } due)
        {
            _status.AdvertSendLateness.Observe((MonotonicClock.Now - due).TotalSeconds);
        }
    }

    /// <summary>keepalived's per-instance IP identification (vrrp->ip_id): inside the AH ICV, so we choose it ourselves.</summary>
    private readonly Dictionary<string, ushort> _ipIdentifications = [];

    /// <summary>
    /// auth_type AH: we build the whole IPv4 packet (IP_HDRINCL) because the ICV covers its header. As keepalived, one
    /// IP id per advert, starting at 1 and skipping 0 (which the kernel would replace), the same for every unicast peer.
    /// </summary>
    private void SendAuthenticated(SendAdvert s, AuthenticationHeaderSeal ah, Linux.Adverts.IAdvertLink link, InstancePlan plan)
    {
        var id = unchecked((ushort)(_ipIdentifications.GetValueOrDefault(s.Instance) + 1));
        if (id == 0)
        {
            id = 1;
        }
        _ipIdentifications[s.Instance] = id;
        Span<byte> source = stackalloc byte[4];
        Span<byte> destinationBytes = stackalloc byte[4];
        if (!link.Source.TryWriteBytes(source, out var sourceLength) || sourceLength != 4)
        {
            ReportSend(s.Instance, link.Source, "AH adverts need an IPv4 source address");
            return;
        }
        foreach (var destination in s.Destinations)
        {
            if (!destination.TryWriteBytes(destinationBytes, out var destinationLength) || destinationLength != 4)
            {
                ReportSend(s.Instance, destination, "AH adverts need an IPv4 destination");
                continue;
            }
            var ttl = s.Multicast ? VrrpWire.RequiredHopLimit : plan.UnicastTtl ?? VrrpWire.RequiredHopLimit;
            var length = VrrpEncoder.EncodeIpv4AuthenticatedPacket(s.Advert, _sendBuffer, source, destinationBytes, id,
                ah.SequenceNumber, ah.Key.Span, unicast: !s.Multicast, ttl);
            var sent = link.SendPacket(_sendBuffer.AsSpan(0, length), destination);
            ReportSend(s.Instance, destination, sent.Error?.Message);
        }
    }

    /// <summary>A failing send (link down, no route) is logged when it starts and when it ends, not 100 times a second.</summary>
    private void ReportSend(string instance, IPAddress destination, string? error)
    {
        var key = (instance, destination);
        var previous = _sendErrors.GetValueOrDefault(key);
        if (error == previous)
        {
            return;
        }
        if (error is null)
        {
            _sendErrors.Remove(key);
            _logger.LogInformation("({Instance}) adverts to {Destination} are being sent again", instance, destination);
        }
        else
        {
            _sendErrors[key] = error;
            _logger.LogWarning("({Instance}) advert to {Destination} not sent: {Error}", instance, destination, error);
        }
    }

    private void ChangeAddresses(List<(string Instance, AddressSpec Spec)> batch, bool add)
    {
        if (batch.Count == 0)
        {
            return;
        }
        var specs = batch.ConvertAll(b => b.Spec);
        var results = add ? _net!.Addresses.AddMany(specs) : _net!.Addresses.DeleteMany(specs);
        foreach (var ((instance, spec), result) in batch.Zip(results))
        {
            if (!result.IsSuccess)
            {
                _logger.LogError("({Instance}) {Verb} {Address} failed: {Error}", instance, add ? "adding" : "removing", spec, result.Error);
            }
            else if (_startingUp && !add && result.Outcome == Linux.Results.ChangeOutcome.Applied)
            {
                _logger.LogInformation("({Instance}) Removed leftover VIP {Address}", instance, spec);
            }
            else if (_options.LogDetail > 0)
            {
                _logger.LogDebug("({Instance}) {Verb} {Address}", instance, add ? "added" : "removed", spec);
            }
        }
    }

    /// <summary>
    /// The <c>ip addr</c> requests behind the engine's addresses: all of the instance's when null. During a reload
    /// the engine releases VIPs that only the previous configuration still describes, so that one is consulted too.
    /// </summary>
    private List<AddressSpec> Specs(string instance, IReadOnlyList<IPAddress>? addresses)
    {
        var current = _config.Instances.GetValueOrDefault(instance);
        var previous = _previous?.Instances.GetValueOrDefault(instance);
        if (addresses is null)
        {
            return [.. (current ?? previous)?.Addresses ?? []];
        }
        var specs = new List<AddressSpec>();
        foreach (var address in addresses)
        {
            if ((current?.SpecFor(address) ?? previous?.SpecFor(address)) is { } spec)
            {
                specs.Add(spec);
            }
            else
            {
                _logger.LogError("({Instance}) no configuration for address {Address}", instance, address);
            }
        }
        return specs;
    }

    private InstancePlan? PlanOf(string instance) =>
        _config.Instances.GetValueOrDefault(instance) ?? _previous?.Instances.GetValueOrDefault(instance);

    private void Dispatch(EngineNotify n)
    {
        if (_notify is null)
        {
            return;
        }
        var scripts = n.Scope == NotifyScope.Group
            ? _config.GroupNotify.GetValueOrDefault(n.Name) ?? _previous?.GroupNotify.GetValueOrDefault(n.Name)
            : PlanOf(n.Name)?.Notify;
        _notify.Notify(new NotifyEvent(
            n.Scope == NotifyScope.Group ? NotifyTargetKind.Group : NotifyTargetKind.Instance,
            n.Name,
            State(n.Event),
            n.Priority,
            n.TransitionId,
            scripts ?? NotifyScripts.None));
    }

    private static NotifyState State(EngineNotifyEvent e) => e switch
    {
        EngineNotifyEvent.Master => NotifyState.Master,
        EngineNotifyEvent.Backup => NotifyState.Backup,
        EngineNotifyEvent.Fault => NotifyState.Fault,
        EngineNotifyEvent.Stop => NotifyState.Stop,
        EngineNotifyEvent.Deleted => NotifyState.Deleted,
        EngineNotifyEvent.MasterRxLowerPriority => NotifyState.MasterRxLowerPri,
        EngineNotifyEvent.MasterPriority => NotifyState.MasterPriority,
        _ => NotifyState.BackupPriority,
    };
}
