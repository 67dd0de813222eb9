using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Model;

/// <summary>
/// One line of keepalived's <c>interface_up_down_delays</c> block (<c>IFNAME DOWN_DELAY [UP_DELAY]</c>): a link
/// change of <see cref="Interface"/> in that direction takes effect only after the delay, and a change back before
/// then cancels it, so a flapping NIC does not flap the VIP. Zero means "no delay" for that direction.
/// </summary>
public sealed record InterfaceDelay(string Interface, TimeSpan DownDelay, TimeSpan UpDelay, SourceLocation Location);
