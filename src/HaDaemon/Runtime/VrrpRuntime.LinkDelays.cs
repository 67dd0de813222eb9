using HaDaemon.Core.Engine.Tracking;
using HaDaemon.Core.Time;
using HaDaemon.Mapping;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Runtime;

/// <summary>
/// interface_up_down_delays: every link report (the instances' own interfaces and track_interface alike) passes the
/// core's <see cref="LinkDebouncer"/> before it reaches the engine; a held-back change reaches it from the
/// debouncer's deadline, which the event loop serves with the engine's.
/// </summary>
public sealed partial class VrrpRuntime
{
    private readonly LinkDebouncer _debouncer = new(new Dictionary<string, LinkDelays>());

    private Instant LinkDelayDeadline => _debouncer.NextDeadline;

    /// <summary>Instances whose own interface has a delay, with their settings: only their adverts can lower it further.</summary>
    private Dictionary<string, Core.Engine.Settings.InstanceSettings> _delayedInstances = new(StringComparer.Ordinal);

    /// <summary>The configured delays, limited as keepalived's check_debounce_timers against each instance's timers.</summary>
    private void ConfigureLinkDelays(RuntimeConfig config)
    {
        var configured = config.Model.InterfaceDelays.ToDictionary(
            d => d.Interface,
            d => new LinkDelays(EngineSettingsMapper.ToDuration(d.DownDelay), EngineSettingsMapper.ToDuration(d.UpDelay)),
            StringComparer.Ordinal);
        var notes = new List<LinkDelayNote>();
        _debouncer.Configure(LinkDelayLimits.Apply(configured, config.Settings.Instances, notes));
        _delayedInstances = config.Settings.Instances.Where(i => _debouncer.DelaysOf(i.Interface).Any)
            .ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var n in notes)
        {
            if (n.Limit == LinkDelayLimit.ResetForSingleAdvert)
            {
                _logger.LogInformation("{Instance}: cannot use debounce timers with down_timer_adverts = 1 - resetting", n.Instance);
            }
            else
            {
                // keepalived's wording, typo included, so log matchers written for it keep working.
                _logger.LogInformation("{Instance}: interface {Interface} debounce timer(s) not less that {Adverts} * advert_int - resetting",
                    n.Instance, n.Interface, n.DownTimerAdverts - 1);
            }
        }
    }

    /// <summary>
    /// keepalived's update_master_adver_int: a VRRPv3 master advertising a shorter interval than ours shortens the
    /// master-down time, so the instance's interface delays are cut again against it (logged only with -D, as there).
    /// </summary>
    /// <param name="advertInterval">The interval the processed advert carried: on the packet path, so an advert no
    /// shorter than ours (nearly all of them) costs one lookup and no status copy.</param>
    private void LimitLinkDelaysToMaster(string instance, Duration advertInterval)
    {
        if (!_delayedInstances.TryGetValue(instance, out var settings) || advertInterval >= settings.AdvertInterval
            || _router.GetStatus(instance) is not { } status)
        {
            return;
        }
        if (status.MasterAdvertInterval <= Duration.Zero || status.MasterAdvertInterval >= settings.AdvertInterval)
        {
            return;
        }
        var notes = new List<LinkDelayNote>();
        var limited = LinkDelayLimits.Apply(_debouncer.Delays, [settings with { AdvertInterval = status.MasterAdvertInterval }], notes);
        if (notes.Count == 0)
        {
            return;
        }
        _debouncer.Configure(limited);
        if (_options.LogDetail > 0)
        {
            _logger.LogInformation("{Instance}: lower advert_int reducing interface {Interface} debounce timer(s)", instance, settings.Interface);
        }
    }

    /// <summary>A link's reported state; <paramref name="immediate"/> at start-up, when nothing is debounced.</summary>
    private void LinkState(Instant now, string name, bool up, uint flags, bool immediate = false)
    {
        var d = _debouncer.Observe(now, name, up, flags, immediate);
        switch (d.Verdict)
        {
            case LinkVerdict.Apply:
                _router.InterfaceState(now, name, up);
                break;
            case LinkVerdict.Delayed:
                _logger.LogInformation("{Interface}: Adding flags change from 0x{From:x} to 0x{To:x} delay by {Delay}",
                    name, d.FromFlags, flags, d.Delay.Ticks / Duration.TicksPerMicrosecond);
                break;
            case LinkVerdict.Cancelled:
                _logger.LogInformation("Delay timer for {Interface} cancelled", name);
                break;
        }
    }

    private void LinkGone(Instant now, string name)
    {
        _debouncer.Removed(name);
        _router.InterfaceState(now, name, false);
    }

    /// <summary>Held-back link changes whose delay has passed (called from the loop's deadline).</summary>
    private void ApplyDueLinkChanges(Instant now)
    {
        foreach (var c in _debouncer.HandleTimeout(now))
        {
            _logger.LogInformation("Netlink reports {Interface} {State}", c.Interface, c.Up ? "up" : "down");
            _router.InterfaceState(now, c.Interface, c.Up);
        }
    }
}
