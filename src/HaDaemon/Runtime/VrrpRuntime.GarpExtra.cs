using HaDaemon.Core.Engine;
using HaDaemon.Core.Time;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Runtime;

/// <summary>
/// garp_extra_if: keepalived's vrrp_gratuitous_arp_vmac_update_thread, first run garp_master_delay + interval after
/// entering MASTER, then every interval until the instance leaves MASTER.
/// </summary>
public sealed partial class VrrpRuntime
{
    /// <summary>Bumped at each transition of an instance: a scheduled round of an older MASTER period does nothing.</summary>
    private readonly Dictionary<string, long> _extraGarpPeriods = new(StringComparer.Ordinal);

    private void ScheduleExtraGarps(Instant now, List<(StateChanged Change, System.Net.IPAddress? Peer)> transitions)
    {
        foreach (var (c, _) in transitions)
        {
            var period = _extraGarpPeriods[c.Instance] = _extraGarpPeriods.GetValueOrDefault(c.Instance) + 1;
            if (c.To != VrrpState.Master || PlanOf(c.Instance)?.ExtraGarps is not { } extra || _loop is not { } loop)
            {
                continue;
            }
            var delay = _config.Settings.Instances.FirstOrDefault(i => i.Name == c.Instance)?.GarpMasterDelay ?? Duration.Zero;
            loop.Schedule(now + delay + Mapping.EngineSettingsMapper.ToDuration(extra.Interval), t => SendExtraGarps(c.Instance, period, t));
        }
    }

    private void SendExtraGarps(string instance, long period, Instant now)
    {
        if (_stopping || _extraGarpPeriods.GetValueOrDefault(instance) != period
            || PlanOf(instance)?.ExtraGarps is not { } extra || _announcer is not { } announcer)
        {
            return;
        }
        foreach (var (name, address) in extra.Targets)
        {
            var sent = announcer.AnnounceAsync(name, [address]);
            _ = sent.ContinueWith(s =>
            {
                if (!s.Result.IsSuccess)
                {
                    _logger.LogWarning("({Instance}) garp_extra_if on {Interface} failed: {Error}", instance, name, s.Result.Error);
                }
            }, TaskScheduler.Default);
        }
        _loop!.Schedule(now + Mapping.EngineSettingsMapper.ToDuration(extra.Interval), t => SendExtraGarps(instance, period, t));
    }
}
