using System.Globalization;
using System.Text;

namespace HaDaemon.Tests.Interop;

/// <summary>The VRRP flavours of the interop matrix.</summary>
public enum VrrpFlavor
{
    V2,
    V3Ipv4,
    V3Ipv6,
}

/// <summary>
/// One keepalived.conf text for both nodes of a cell: per-node lines use keepalived's <c>@n0</c>/<c>@n1</c> prefix
/// and are selected by <c>-i n0</c>/<c>-i n1</c>, so keepalived and hadaemon read byte-identical files.
/// Node 0 has priority 150 (the "high" node), node 1 priority 100.
/// </summary>
public sealed record InteropConfig
{
    public const int HighPriority = 150;
    public const int LowPriority = 100;
    public const int VirtualRouterId = 51;
    public const string Password = "secret12";

    public required VrrpFlavor Flavor { get; init; }

    public bool Unicast { get; init; }

    public bool NoPreempt { get; init; }

    /// <summary>v2 only: <c>authentication { auth_type PASS }</c>.</summary>
    public bool PasswordAuth { get; init; }

    /// <summary>v2 IPv4 only: <c>authentication { auth_type AH }</c> (IPsec AH, HMAC-MD5-96 keyed with <see cref="Password"/>).</summary>
    public bool AhAuth { get; init; }

    /// <summary>Whether both nodes track a per-node file (the cell fills in <see cref="TrackFile"/>).</summary>
    public bool TrackScript { get; init; }

    /// <summary>When set, node i tracks <c>test ! -e {TrackFile(i)}</c> with weight −100 (150 − 100 &lt; 100).</summary>
    public Func<int, string>? TrackFile { get; init; }

    /// <summary><c>use_vmac</c> on both nodes: the VIP lives on <see cref="VmacName"/>, whose MAC is <see cref="VirtualMac"/>.</summary>
    public bool UseVmac { get; init; }

    public string VmacName => Ipv6 ? "vrrp6.51" : "vrrp.51";

    public string VirtualMac => Ipv6 ? "00:00:5e:00:02:33" : "00:00:5e:00:01:33";

    /// <summary>Extra instance lines per node (hadaemon-only keywords go to hadaemon nodes only).</summary>
    public Func<int, IEnumerable<string>>? ExtraInstanceLines { get; init; }

    public bool Ipv6 => Flavor == VrrpFlavor.V3Ipv6;

    public int Version => Flavor == VrrpFlavor.V2 ? 2 : 3;

    /// <summary>v3 at 0.1 s keeps cells short; v2 cannot go below 1 s.</summary>
    public double AdvertInterval => Flavor == VrrpFlavor.V2 ? 1.0 : 0.1;

    /// <summary>3 × interval + skew of the low node: the slowest take-over the RFC allows.</summary>
    public TimeSpan MasterDown => TimeSpan.FromSeconds(
        (3 * AdvertInterval) + ((256.0 - LowPriority) / 256 * (Version == 2 ? 1.0 : AdvertInterval)));

    public static string NodeId(int node) => "n" + node.ToString(CultureInfo.InvariantCulture);

    public string Vip(InteropNetwork net) => Ipv6 ? net.Ipv6Prefix + "100" : net.Ipv4Prefix + "100";

    public string Render(InteropNetwork net)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"global_defs {{\n    vrrp_version {Version}\n}}\n");
        if (TrackFile is not null)
        {
            text.Append("vrrp_script chk_fail {\n");
            for (var node = 0; node < 2; node++)
            {
                text.Append(inv, $"@{NodeId(node)}    script \"/usr/bin/test ! -e {TrackFile(node)}\"\n");
            }
            text.Append("    interval 1\n    fall 1\n    rise 1\n}\n");
        }
        text.Append(inv, $"vrrp_instance VI_1 {{\n    state BACKUP\n    interface eth0\n    virtual_router_id {VirtualRouterId}\n");
        text.Append(inv, $"@n0    priority {HighPriority}\n@n1    priority {LowPriority}\n");
        text.Append(inv, $"    advert_int {AdvertInterval.ToString("0.0##", inv)}\n");
        if (NoPreempt)
        {
            text.Append("    nopreempt\n");
        }
        if (UseVmac)
        {
            text.Append("    use_vmac\n");
        }
        if (PasswordAuth || AhAuth)
        {
            text.Append(inv, $"    authentication {{\n        auth_type {(AhAuth ? "AH" : "PASS")}\n        auth_pass {Password}\n    }}\n");
        }
        if (Unicast)
        {
            for (var node = 0; node < 2; node++)
            {
                text.Append(inv, $"@{NodeId(node)}    unicast_src_ip {net.Address(node, Ipv6)}\n");
                text.Append(inv, $"@{NodeId(node)}    unicast_peer {{\n@{NodeId(node)}        {net.Address(1 - node, Ipv6)}\n@{NodeId(node)}    }}\n");
            }
        }
        if (TrackFile is not null)
        {
            text.Append("    track_script {\n        chk_fail weight -100\n    }\n");
        }
        for (var node = 0; node < 2 && ExtraInstanceLines is not null; node++)
        {
            foreach (var line in ExtraInstanceLines(node))
            {
                text.Append(inv, $"@{NodeId(node)}    {line}\n");
            }
        }
        text.Append(inv, $"    virtual_ipaddress {{\n        {Vip(net)}/{(Ipv6 ? 64 : 24)}\n    }}\n}}\n");
        return text.ToString();
    }
}

/// <summary>The addressing of a lab: node i is prefix + (i + 1).</summary>
public sealed record InteropNetwork(string Ipv4Prefix, string Ipv6Prefix)
{
    public string Address(int node, bool ipv6) =>
        (ipv6 ? Ipv6Prefix : Ipv4Prefix) + (node + 1).ToString(CultureInfo.InvariantCulture);
}
