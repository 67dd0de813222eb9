using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>
/// One line of <c>interface_up_down_delays</c> as keepalived's alloc_if_up_down_delay (vrrp_parser.c):
/// <c>IFNAME DOWN_DELAY [UP_DELAY]</c>, each a timer of 0..255 s with up to 6 decimals, the up delay 0 when absent.
/// keepalived reads the timers with errors silenced and only logs its own info line, then ignores the line.
/// </summary>
internal static class InterfaceDelayParser
{
    private const long MaxMicros = 255 * Values.MicrosPerSecond;

    public static void Parse(BindContext c, ConfigStatement line)
    {
        var name = line.Keyword.Text;
        if (!c.Interfaces.Exists(name))
        {
            if (!c.Global.DynamicInterfaces)
            {
                c.Report(Severity.Fatal, "unknown-interface", line.Location, $"unknown interface {name} specified for up/down delay");
                return;
            }
            c.InterfaceUsable(name, line.Location);
        }
        var words = line.Arguments;
        if (words.Count < 1)
        {
            c.Info(line.Location, $"No timeouts specified for {name} up/down delays", "delay-missing");
            return;
        }
        if (words.Count > 2)
        {
            c.Info(words[2].Location, $"Too many parameters for {name} up/down delays", "extra-arguments");
        }
        if (!Values.TryMicros(c, words[0], 0, MaxMicros, out var down, silent: true))
        {
            c.Info(words[0].Location, $"Invalid down delay {words[0].Text} for {name}", "invalid-delay");
            return;
        }
        long up = 0;
        if (words.Count > 1 && !Values.TryMicros(c, words[1], 0, MaxMicros, out up, silent: true))
        {
            c.Info(words[1].Location, $"Invalid up delay {words[1].Text} for {name}", "invalid-delay");
            return;
        }
        c.InterfaceDelays[name] = new InterfaceDelay(name, Values.FromMicros(down), Values.FromMicros(up), line.Location);
    }
}
