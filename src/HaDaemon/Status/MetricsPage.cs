using System.Globalization;
using HaDaemon.Dumps;

namespace HaDaemon.Status;

/// <summary>
/// GET /metrics. The keepalived_* families carry keepalived-exporter's names, types, help texts and labels
/// (iname, intf, vrid; ip_address on the state gauges; name on the script gauges), so dashboards built for
/// keepalived-exporter work unchanged. hadaemon_* families are ours.
/// </summary>
public static class MetricsPage
{
    /// <summary>keepalived-exporter's per-instance counters: (metric, help, value).</summary>
    private static readonly (string Name, string Help, Func<InstanceStatsDump, ulong> Value)[] Counters =
    [
        ("keepalived_advertisements_received_total", "Advertisements received", s => s.AdvertReceived),
        ("keepalived_advertisements_sent_total", "Advertisements sent", s => s.AdvertSent),
        ("keepalived_become_master_total", "Became master", s => s.BecameMaster),
        ("keepalived_release_master_total", "Released master", s => s.ReleasedMaster),
        ("keepalived_packet_length_errors_total", "Packet length errors", s => s.PacketLengthErrors),
        ("keepalived_advertisements_interval_errors_total", "Advertisement interval errors", s => s.AdvertIntervalErrors),
        ("keepalived_ip_ttl_errors_total", "TTL errors", s => s.TtlErrors),
        ("keepalived_invalid_type_received_total", "Invalid type errors", s => s.InvalidTypeReceived),
        ("keepalived_address_list_errors_total", "Address list errors", s => s.AddressListErrors),
        ("keepalived_authentication_invalid_total", "Authentication invalid", s => s.InvalidAuthType),
        ("keepalived_authentication_mismatch_total", "Authentication mismatch", s => s.AuthTypeMismatch),
        ("keepalived_authentication_failure_total", "Authentication failure", s => s.AuthFailure),
        ("keepalived_priority_zero_received_total", "Priority zero received", s => s.PriorityZeroReceived),
        ("keepalived_priority_zero_sent_total", "Priority zero sent", s => s.PriorityZeroSent),
    ];

    public static byte[] Render(StatusSnapshot snapshot)
    {
        // ~1.6 KB per instance keeps the builder from regrowing for large configurations.
        using var text = new PrometheusText(8192 + snapshot.Instances.Count * 1700);
        var common = snapshot.Instances.Select(i => i.MetricLabels ?? PrometheusText.Labels("iname", i.Name, "intf", i.Interface, "vrid", Vrid(i))).ToArray();
        text.Family("keepalived_up", "gauge", "Status");
        text.Sample("keepalived_up", 1);

        text.Family("keepalived_vrrp_state", "gauge", "State of vrrp");
        foreach (var i in snapshot.Instances)
        {
            if (i.Vips.Count == 0)
            {
                // keepalived-exporter reports instances without VIPs with an empty ip_address.
                text.Sample("keepalived_vrrp_state", i.StateNumber, PrometheusText.Labels("iname", i.Name, "intf", i.Interface, "vrid", Vrid(i), "ip_address", ""));
            }
            foreach (var v in i.Vips)
            {
                text.Sample("keepalived_vrrp_state", i.StateNumber, VipLabels(i, v));
            }
        }
        text.Family("keepalived_vrrp_excluded_state", "gauge", "State of vrrp with excluded VIP");
        foreach (var i in snapshot.Instances)
        {
            foreach (var v in i.ExcludedVips)
            {
                text.Sample("keepalived_vrrp_excluded_state", i.StateNumber, VipLabels(i, v));
            }
        }

        text.Family("keepalived_gratuitous_arp_delay_total", "counter", "Gratuitous ARP delay");
        for (var n = 0; n < common.Length; n++)
        {
            text.Sample("keepalived_gratuitous_arp_delay_total", Math.Floor(snapshot.Instances[n].GarpMasterDelay.TotalSeconds), common[n]);
        }
        foreach (var (name, help, value) in Counters)
        {
            text.Family(name, "counter", help);
            for (var n = 0; n < common.Length; n++)
            {
                text.Sample(name, value(snapshot.Instances[n].Stats), common[n]);
            }
        }

        text.Family("keepalived_script_status", "gauge", "Tracker Script Status");
        foreach (var s in snapshot.Scripts)
        {
            text.Sample("keepalived_script_status", s.Good ? 1 : 0, PrometheusText.Labels("name", s.Name));
        }
        text.Family("keepalived_script_state", "gauge", "Tracker Script State");
        foreach (var s in snapshot.Scripts)
        {
            text.Sample("keepalived_script_state", s.StateNumber, PrometheusText.Labels("name", s.Name));
        }

        Ours(text, snapshot, common);
        return text.ToUtf8();
    }

    private static void Ours(PrometheusText text, StatusSnapshot snapshot, string[] common)
    {
        text.Family("hadaemon_effective_priority", "gauge", "Priority after tracking, as advertised");
        for (var n = 0; n < common.Length; n++)
        {
            text.Sample("hadaemon_effective_priority", snapshot.Instances[n].EffectivePriority, common[n]);
        }
        text.Family("hadaemon_vip_present", "gauge", "1 when the kernel has the virtual address on its device");
        foreach (var i in snapshot.Instances)
        {
            foreach (var v in i.Vips.Concat(i.ExcludedVips))
            {
                text.Sample("hadaemon_vip_present", v.Present ? 1 : 0, VipLabels(i, v));
            }
        }
        text.Family("hadaemon_split_brain", "gauge",
            "1 while this instance is MASTER and another router advertised as master within the last master-down interval");
        for (var n = 0; n < common.Length; n++)
        {
            text.Sample("hadaemon_split_brain", snapshot.Instances[n].SplitBrain ? 1 : 0, common[n]);
        }
        text.Family("hadaemon_other_master_adverts_total", "counter", "Adverts from another router received while MASTER");
        for (var n = 0; n < common.Length; n++)
        {
            text.Sample("hadaemon_other_master_adverts_total", snapshot.Instances[n].OtherMasterAdverts, common[n]);
        }
        text.Family("hadaemon_advert_rejections_total", "counter", "Adverts dropped, by reason (only reasons seen so far)");
        foreach (var i in snapshot.Instances)
        {
            foreach (var (reason, count) in i.Rejections)
            {
                text.Sample("hadaemon_advert_rejections_total", count, PrometheusText.Labels("iname", i.Name, "intf", i.Interface, "vrid", Vrid(i), "reason", reason));
            }
        }
        text.Family("hadaemon_peer_checksum_mode", "gauge",
            "1 for the checksum form each peer's last accepted advert used (pseudo-header, vrrp-only, old-unicast, kernel-verified-ipv6)");
        foreach (var i in snapshot.Instances)
        {
            foreach (var p in i.Peers)
            {
                text.Sample("hadaemon_peer_checksum_mode", 1, PrometheusText.Labels("iname", i.Name, "intf", i.Interface, "vrid", Vrid(i), "peer", p.Address, "mode", p.Checksum));
            }
        }
        text.Family("hadaemon_unknown_vrid_adverts_total", "counter", "Adverts for a VRID no instance has on the receiving interface");
        text.Sample("hadaemon_unknown_vrid_adverts_total", snapshot.UnknownVridAdverts);
        text.Family("hadaemon_advert_send_lateness_seconds", "histogram", "How late after its timer each scheduled advert was sent");
        text.Histogram("hadaemon_advert_send_lateness_seconds", snapshot.AdvertSendLateness);
        text.Family("hadaemon_advert_receive_delay_seconds", "histogram",
            "From an advert's arrival on the receiving thread to the event loop handling it (down timers are anchored at the arrival)");
        text.Histogram("hadaemon_advert_receive_delay_seconds", snapshot.AdvertReceiveDelay);
        text.Family("hadaemon_transition_duration_seconds", "histogram",
            "From the engine's decision to change state until the addresses, announcements and notifies were handed to the system");
        foreach (var (state, h) in snapshot.TransitionDuration.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Histogram("hadaemon_transition_duration_seconds", h, PrometheusText.Labels("to", state));
        }
    }

    private static string Vrid(InstanceSnapshot i) => i.Vrid.ToString(CultureInfo.InvariantCulture);

    private static string VipLabels(InstanceSnapshot i, VipSnapshot v) =>
        v.MetricLabels ?? PrometheusText.Labels("iname", i.Name, "intf", v.Device, "vrid", Vrid(i), "ip_address", v.Cidr);
}
