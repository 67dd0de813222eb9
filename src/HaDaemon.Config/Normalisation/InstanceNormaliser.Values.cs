using HaDaemon.Config.Binding;
using HaDaemon.Config.Model;

namespace HaDaemon.Config.Normalisation;

/// <summary>The advert-interval rounding and address-device rules of vrrp_complete_instance.</summary>
internal static partial class InstanceNormaliser
{
    /// <summary>v2: whole seconds, 1..255; v3: centiseconds, 0.01..40.95 (vrrp_complete_instance).</summary>
    private static TimeSpan AdvertInterval(BindContext c, InstanceDraft d, int version)
    {
        var at = d.AdvertLocation ?? d.Location;
        var micros = d.AdvertIntervalMicros == 0 ? Values.MicrosPerSecond : d.AdvertIntervalMicros;
        var seconds = Values.FormatMicros(micros);
        if (version == 2)
        {
            if (micros >= 256 * Values.MicrosPerSecond)
            {
                c.Error(at, $"({d.Name}) VRRPv2 advertisement interval {micros / 1e6:F2}s is out of range. Must be less than 256s. Setting to 255s");
                micros = 255 * Values.MicrosPerSecond;
            }
            else if (micros % Values.MicrosPerSecond != 0)
            {
                c.Warning(at, $"({d.Name}) VRRPv2 advertisement interval {seconds}s must be an integer. rounding", "advert-rounded");
                micros += Values.MicrosPerSecond / 2;
                micros -= micros % Values.MicrosPerSecond;
                if (micros == 0)
                {
                    micros = Values.MicrosPerSecond;
                }
            }
        }
        else
        {
            if (micros >= 4096 * CentiMicros)
            {
                c.Error(at, $"({d.Name}) VRRPv3 advertisement interval {micros / 1e6:F2}s is out of range. Must be less than 40.96s. Setting to 40.95s");
                micros = 4095 * CentiMicros;
            }
            else if (micros % CentiMicros != 0)
            {
                c.Warning(at, $"({d.Name}) VRRPv3 advertisement interval {seconds}s must be in units of 10ms - rounding", "advert-rounded");
                micros += CentiMicros / 2;
                micros -= micros % CentiMicros;
                if (micros == 0)
                {
                    micros = CentiMicros;
                }
            }
        }
        return Values.FromMicros(micros);
    }

    private static List<IpAddressSpec> ResolveDevices(BindContext c, string name, List<IpAddressSpec> list, string? iface, string prefix)
    {
        var result = new List<IpAddressSpec>(list.Count);
        foreach (var a in list)
        {
            if (a.Device is not null)
            {
                result.Add(a);
            }
            else if (iface is not null)
            {
                result.Add(a with { Device = iface });
            }
            else
            {
                c.Error(a.Location, $"({name}): no interface for {prefix}vip {a.Address} - removing");
            }
        }
        return result;
    }
}
