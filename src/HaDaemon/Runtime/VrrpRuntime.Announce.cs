using HaDaemon.Core.Engine;
using HaDaemon.Linux.Announcements;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Runtime;

/// <summary>Gratuitous ARP / unsolicited NA bursts: sent off the loop thread, spaced by the announcer.</summary>
public sealed partial class VrrpRuntime
{
    private IAnnouncer? _announcer;

    private void OpenAnnouncer()
    {
        // Read per announcement from the configuration in force, so a reload's new intervals or groups apply.
        var opened = _net!.CreateAnnouncer(SpacingOf);
        if (opened.IsSuccess)
        {
            _announcer = opened.Value;
        }
        else
        {
            _logger.LogError("Gratuitous ARP/NA unavailable: {Error}", opened.Error);
        }
    }

    // Also called off the loop thread (later rounds of a burst): reads whichever configuration is in force.
    private AnnouncementSpacing SpacingOf(string interfaceName) => GarpSpacing.For(Volatile.Read(ref _config).Model, interfaceName);

    private void Announce(SendGratuitous g)
    {
        if (_announcer is not { } announcer || g.Repeat <= 0)
        {
            return;
        }
        // Each address goes out on the interface its VIP line names (dev), which may differ from the instance's.
        var byInterface = Specs(g.Instance, g.Addresses).GroupBy(s => s.Interface)
            .Select(group => (Interface: group.Key, Addresses: group.Select(s => s.Address).ToList()))
            .ToList();
        // The first round leaves from the loop thread right after the VIPs were added, as keepalived's does: a
        // thread-pool hop delayed it by ~100 ms under load, long enough for the next failure to overtake it.
        // AnnounceAsync does not block here: it only waits (asynchronously) when vrrp_garp_interval spacing applies.
        var firstRound = byInterface.Select(x => (x.Interface, Sent: announcer.AnnounceAsync(x.Interface, x.Addresses))).ToList();
        _ = Task.Run(async () =>
        {
            foreach (var (name, sent) in firstRound)
            {
                ReportAnnouncement(g, name, await sent);
            }
            for (var round = 1; round < g.Repeat; round++)
            {
                foreach (var (name, addresses) in byInterface)
                {
                    ReportAnnouncement(g, name, await announcer.AnnounceAsync(name, addresses));
                }
            }
        });
    }

    private void ReportAnnouncement(SendGratuitous g, string interfaceName, Linux.Results.PlatformResult sent)
    {
        if (!sent.IsSuccess)
        {
            _logger.LogWarning("({Instance}) gratuitous ARP/NA on {Interface} failed: {Error}", g.Instance, interfaceName, sent.Error);
        }
    }
}
