using HaDaemon.Config.Model;
using HaDaemon.Linux.Announcements;

namespace HaDaemon.Runtime;

/// <summary>
/// An interface's gratuitous ARP / unsolicited NA spacing, as keepalived assigns garp_delay: the interface's
/// garp_group if it is in one (all the group's interfaces share one lane; an interval the group leaves unset means no
/// spacing of that kind there, not the global one), otherwise vrrp_garp_interval / vrrp_gna_interval for it alone.
/// </summary>
public static class GarpSpacing
{
    public static AnnouncementSpacing For(KeepalivedConfig model, string interfaceName)
    {
        for (var i = 0; i < model.GarpGroups.Count; i++)
        {
            var group = model.GarpGroups[i];
            if (group.Interfaces.Contains(interfaceName, StringComparer.Ordinal))
            {
                return new AnnouncementSpacing(group.GarpInterval ?? TimeSpan.Zero, group.GnaInterval ?? TimeSpan.Zero,
                    Lane: $"garp_group {i}");
            }
        }
        return new AnnouncementSpacing(model.Global.GarpInterval, model.Global.GnaInterval);
    }
}
