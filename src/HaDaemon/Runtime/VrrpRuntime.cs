using HaDaemon.Cli;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using HaDaemon.Hosting;
using HaDaemon.Linux;
using HaDaemon.Linux.Adverts;
using HaDaemon.Linux.Monitoring;
using HaDaemon.Logging;
using HaDaemon.Mapping;
using HaDaemon.Notify;
using HaDaemon.Scripts;
using HaDaemon.Timing;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Runtime;

/// <summary>
/// The VRRP daemon proper: one <see cref="VrrpRouter"/> fed from the Linux layer (adverts, link, address, route and rule events)
/// and the script schedulers, its commands carried out by the Linux layer and the notify dispatcher. Runs on the
/// <see cref="EventLoop"/> thread; the I/O threads only decode and post.
/// </summary>
public sealed partial class VrrpRuntime : IDaemonRuntime
{
    private readonly CommandLineOptions _options;
    private readonly ConfigSource _source;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;
    private readonly Dictionary<string, IAdvertLink> _links = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unattached = new(StringComparer.Ordinal);
    private RuntimeConfig _config;

    public Config.Model.ProcessDefs Process => Volatile.Read(ref _config).Model.Global.Process;
    private RuntimeConfig? _previous;
    private VrrpRouter _router;
    private EventLoop? _loop;
    private LinuxNetwork? _net;
    private IAdvertTransport? _transport;
    private ILinkMonitor? _monitor;
    private NotifyDispatcher? _notify;
    private TrackScriptScheduler? _scheduler;
    private bool _stopping;
    private bool _startingUp;
    private bool _disposed;

    public VrrpRuntime(CommandLineOptions options, ConfigSource source, RuntimeConfig initial, ILoggerFactory loggers)
    {
        _options = options;
        _source = source;
        _config = initial;
        _loggers = loggers;
        _logger = loggers.CreateLogger("Keepalived_vrrp");
        _router = new VrrpRouter(initial.Settings);
    }

    public Instant NextDeadline => Instant.Min(_router.NextDeadline, LinkDelayDeadline);

    public void OnDeadline(Instant now)
    {
        ApplyDueLinkChanges(now);
        _router.HandleTimeout(now);
        Drain(now);
    }

    public string StatusLine
    {
        get
        {
            var instances = _router.Instances;
            return $"{instances.Count} instance(s): "
                + string.Join(", ", instances.Select(i => $"{i.Name} {TransitionLog.Name(i.State)}"));
        }
    }

    public void Start(EventLoop loop, Instant now)
    {
        _loop = loop;
        var net = LinuxNetwork.Open();
        if (!net.IsSuccess)
        {
            throw new DaemonExitException(ExitCodes.MissingPermission, $"Cannot open rtnetlink: {net.Error}");
        }
        _net = net.Value!;
        _transport = _net.CreateAdvertTransport();
        OpenAnnouncer();
        InstallStatic(_config.Static);
        CreateVmacs(_config, now);
        ConfigureLinkDelays(_config);
        ReportInterfaces(now, immediate: true);
        foreach (var plan in _config.Instances.Values)
        {
            Attach(plan);
        }
        _notify = new NotifyDispatcher(new NotifyDispatcherOptions
        {
            Fifos = NotifyMapper.Fifos(_config.Model.Global),
            Smtp = Notify.Smtp.SmtpAlertSettings.Of(_config.Model.Global),
        },
            _loggers.CreateLogger("Notify"));
        _notify.Start();
        StartTrackers(_config, now);
        _monitor = _net.CreateLinkMonitor();
        var monitoring = _monitor.Start(e => loop.Post(t => OnNetEvent(t, e)),
            ex => _logger.LogError(ex, "link monitor handler failed"));
        if (!monitoring.IsSuccess)
        {
            _logger.LogError("Link monitoring unavailable: {Error}", monitoring.Error);
        }
        else
        {
            WatchRouting();
        }
        // The engine's first commands release every instance's addresses (keepalived's "removing VIPs" at start):
        // VIPs left behind by a crash or kill -9 go, so that only a MASTER ever holds them.
        _startingUp = true;
        _router.Start(now, SystemUptime.Read());
        if (_router.StartupDelay > Duration.Zero)
        {
            _logger.LogInformation("Delaying startup for {Seconds} seconds",
                _router.StartupDelay.TotalSeconds.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture));
        }
        Drain(now);
        _startingUp = false;
        _statusService = new Status.StatusService(loop, CollectStatus, _loggers.CreateLogger("Status"));
        _statusService.Apply(_config.Model.Global.StatusListen, _config.Model.Global.StatusAllowRemote);
        _logger.LogInformation("Started with {Count} VRRP instance(s) from {Path}", _config.Instances.Count, _source.Path);
        if (_config.Instances.Count == 0)
        {
            // keepalived's phrase ("has no configuration to run"), which config alerts match; like keepalived we stay
            // up, as a reload may bring instances.
            _logger.LogWarning("Warning - hadaemon has no configuration to run (no vrrp_instance in {Path})", _source.Path);
        }
    }

    /// <summary>The engine wants every interface's state before it picks first states (FAULT for a down interface).</summary>
    /// <param name="immediate">At start-up: the states apply as they are, no delay (keepalived's first read).</param>
    private void ReportInterfaces(Instant now, bool immediate = false)
    {
        var links = _net!.Interfaces.ListInterfaces();
        if (!links.IsSuccess)
        {
            _logger.LogError("Cannot list interfaces: {Error}", links.Error);
            return;
        }
        var present = links.Value!.ToDictionary(l => l.Name, StringComparer.Ordinal);
        TrackKernelAddresses(links.Value!);
        foreach (var name in InterfacesOfInterest(_config))
        {
            if (present.TryGetValue(name, out var l))
            {
                LinkState(now, name, l.AdminUp && l.OperUp, l.Flags, immediate);
            }
            else
            {
                LinkGone(now, name);
            }
        }
    }

    private static IEnumerable<string> InterfacesOfInterest(RuntimeConfig config) =>
        config.Settings.Instances.Select(i => i.Interface)
            .Concat(config.Settings.Instances.SelectMany(i => i.Trackers)
                .Concat(config.Settings.SyncGroups.SelectMany(g => g.Trackers))
                .Where(t => t.Kind == Core.Engine.Settings.TrackerKind.Interface).Select(t => t.Name))
            .Distinct(StringComparer.Ordinal);

    private void Attach(InstancePlan plan)
    {
        var vrid = _config.Settings.Instances.First(i => i.Name == plan.Name).VirtualRouterId;
        var loop = _loop!;
        var attached = _transport!.Attach(plan.Binding, vrid, d =>
        {
            // Taken on the receiving thread: the engine anchors the down timer at the advert's arrival, not at the
            // later moment the loop thread gets to it (a thread hop plus whatever the loop was doing).
            var receivedAt = MonotonicClock.Now;
            var decoded = DecodedDatagram.Decode(d, plan.Unicast, plan.EngineInterface);
            loop.Post(now => OnDatagram(now, receivedAt, decoded));
        });
        if (attached.IsSuccess)
        {
            _links[plan.Name] = attached.Value!;
            if (_unattached.Remove(plan.Name))
            {
                _logger.LogInformation("({Instance}) advert socket open on {Interface}", plan.Name, plan.Binding.Interface);
            }
        }
        else if (_unattached.Add(plan.Name))
        {
            // The engine still runs the instance; the socket is retried when the interface or an address changes.
            _logger.LogError("({Instance}) cannot open advert socket: {Error}", plan.Name, attached.Error);
        }
    }

    private void OnDatagram(Instant now, Instant receivedAt, DecodedDatagram decoded)
    {
        _status.AdvertReceiveDelay.Observe((now - receivedAt).TotalSeconds);
        // Never before an input the engine has already seen: its clock only moves forward.
        var arrival = receivedAt > _router.LastInputTime ? receivedAt : _router.LastInputTime;
        switch (decoded)
        {
            case DecodedDatagram.Accepted a:
                var result = _router.HandleAdvert(arrival, a.Advert);
                if (result.Outcome == AdvertOutcome.Processed && result.Instance is { } instance)
                {
                    _status.Peer(instance, a.Advert.Source, a.Advert.Checksum, now);
                    LimitLinkDelaysToMaster(instance, a.Advert.Advert.Interval);
                }
                else if (result.Outcome == AdvertOutcome.Rejected && result.Instance is { } rejecting)
                {
                    LogRejection(now, rejecting, result.Rejection, a.Advert.Source, a.Advert.HopLimit, a.Advert);
                }
                break;
            case DecodedDatagram.Rejected r:
                if (_router.RecordRejectedAdvert(r.Interface, r.VirtualRouterId, r.Family, r.Source, r.Reason) is { } target)
                {
                    LogRejection(now, target, r.Reason, r.Source, r.HopLimit, advert: null);
                }
                else
                {
                    _logger.LogDebug("advert from {Source} on {Interface} for VRID {Vrid} dropped: {Reason}", r.Source, r.Interface, r.VirtualRouterId, r.Reason);
                }
                break;
        }
        Drain(now);
    }

    private readonly RepeatLimiter<(string, AdvertRejection)> _rejectionLines = new(Duration.FromSeconds(60L));

    /// <summary>keepalived's line for a refused advert, at most one a minute per instance and reason.</summary>
    private void LogRejection(Instant now, string instance, AdvertRejection reason, System.Net.IPAddress source, byte hopLimit, ReceivedAdvert? advert)
    {
        if (_rejectionLines.ShouldLog((instance, reason), now, out var skipped))
        {
            var settings = _config.Settings.Instances.FirstOrDefault(i => i.Name == instance);
            KeepalivedLines.Rejected(_logger, instance, reason, source, hopLimit, advert, settings, skipped);
        }
    }

    private void OnNetEvent(Instant now, NetEvent e)
    {
        _logger.LogDebug("netlink: {Event}", e);
        switch (e)
        {
            case LinkChanged l:
                _status.Interface(l.Link.Name, l.Link.Index);
                LinkState(now, l.Link.Name, l.Link.AdminUp && l.Link.OperUp, l.Link.Flags);
                break;
            case LinkRemoved r:
                LinkGone(now, r.Name);
                break;
            case AddressRemoved a:
                _status.AddressRemoved(a.Address.InterfaceIndex, a.Address.Address);
                _router.AddressRemoved(now, a.Address.Address);
                ReinstateStaticAddress(a.Address);
                break;
            case RouteRemoved r:
                OnRouteRemoved(now, r.Route);
                break;
            case RuleRemoved r:
                OnRuleRemoved(now, r.Rule);
                break;
            case AddressAdded a:
                _status.AddressAdded(a.Address.InterfaceIndex, a.Address.Address);
                break;
            case EventsLost:
                _logger.LogWarning("netlink events were lost; re-reading interface states");
                ReportInterfaces(now);
                break;
        }
        RepairVmacs(now, e);
        RetryAttach();
        Drain(now);
    }

    /// <summary>Instances whose interface had no usable source address (or did not exist) get their socket once it has.</summary>
    private void RetryAttach()
    {
        foreach (var name in _unattached.ToList())
        {
            if (_config.Instances.TryGetValue(name, out var plan))
            {
                Attach(plan);
            }
            else
            {
                _unattached.Remove(name);
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var link in _links.Values)
        {
            link.Dispose();
        }
        _links.Clear();
        _monitor?.Dispose();
        // Normally closed at the end of Stop; this only covers a start that failed half-way.
        _ = _statusService?.DisposeAsync().AsTask();
        _announcer?.Dispose();
        _transport?.Dispose();
        // Normally deleted in Stop; this covers a start that failed after creating some.
        RemoveVmacs(null);
        _net?.Dispose();
    }
}
