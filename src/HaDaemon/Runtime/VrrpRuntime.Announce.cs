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
        var global = _config.Model.Global;
        var spacing = new AnnouncementSpacing(global.GarpInterval, global.GnaInterval);
        var opened = _net!.CreateAnnouncer(_ => spacing);
        if (opened.IsSuccess)
        {
            _announcer = opened.Value;
        }
        else
        {
            _logger.LogError("Gratuitous ARP/NA unavailable: {Error}", opened.Error);
        }
    }

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
        _ = Task.Run(async () =>
        {
            for (var round = 0; round < g.Repeat; round++)
            {
                foreach (var (name, addresses) in byInterface)
                {
                    var sent = await announcer.AnnounceAsync(name, addresses);
                    if (!sent.IsSuccess)
                    {
                        _logger.LogWarning("({Instance}) gratuitous ARP/NA on {Interface} failed: {Error}", g.Instance, name, sent.Error);
                    }
                }
            }
        });
    }
}
