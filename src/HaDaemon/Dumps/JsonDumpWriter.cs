using System.Globalization;
using System.Text;

namespace HaDaemon.Dumps;

/// <summary>
/// The SIGRTMIN+2 (36) dump (keepalived.json) as keepalived 2.2.7's vrrp_json.c writes it with its json_writer:
/// one line, no whitespace, fields in keepalived's order, floats as "%g" (last_transition "%f"), arrays omitted
/// when empty, a final newline. keepalived-exporter decodes it with Go's encoding/json (iname, state, wantstate,
/// ifp_ifname, garp_delay, vrid, vips and the stats object).
/// String escaping follows keepalived (\t \n \r \f \b \" and \/) except two of its bugs: a backslash is written
/// as \\ (keepalived writes \n) and other control characters as \u00XX (keepalived writes them raw: invalid JSON).
/// </summary>
public static class JsonDumpWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Format(DumpSnapshot snapshot)
    {
        var j = new Json();
        j.Raw("[");
        var firstInstance = true;
        foreach (var v in snapshot.Instances)
        {
            j.Raw(firstInstance ? "{" : ",{");
            firstInstance = false;
            Data(j, v);
            j.Raw(",");
            Stats(j, v.Stats);
            j.Raw("}");
        }

        j.Raw("]\n");
        return j.ToString();
    }

    private static void Data(Json j, InstanceDump v)
    {
        j.Raw("\"data\":{");
        j.Field("iname", v.Name, first: true);
        j.Field("dont_track_primary", v.DontTrackPrimary ? 1 : 0);
        j.Field("skip_check_adv_addr", v.SkipCheckAdvertAddresses ? 1 : 0);
        j.Field("strict_mode", v.StrictMode ? 1 : 0);
        j.Field("vmac_ifname", v.Vmac ?? string.Empty);
        if ((v.Vmac ?? v.Interface) is { } ifp)
        {
            j.Field("ifp_ifname", ifp);
        }

        j.Field("master_priority", v.MasterPriority);
        j.RawField("last_transition", CFormat.Timeval(v.LastTransition));
        j.RawField("garp_delay", CFormat.G(v.GarpDelay.TotalSeconds));
        j.Field("garp_refresh", v.GarpRefreshSeconds);
        j.Field("garp_rep", v.GarpRepeat);
        j.Field("garp_refresh_rep", v.GarpRefreshRepeat);
        j.Field("garp_lower_prio_delay", v.GarpLowerPriorityDelaySeconds);
        j.Field("garp_lower_prio_rep", v.GarpLowerPriorityRepeat);
        j.Field("lower_prio_no_advert", v.LowerPriorityNoAdvert ? 1 : 0);
        j.Field("higher_prio_send_advert", v.HigherPrioritySendAdvert ? 1 : 0);
        j.Field("vrid", v.Vrid);
        j.Field("base_priority", v.BasePriority);
        j.Field("effective_priority", v.EffectivePriority);
        j.Field("vipset", v.VipsInstalled);
        j.Field("promote_secondaries", v.PromoteSecondaries);
        j.RawField("adver_int", CFormat.G(v.AdvertInterval.TotalSeconds));
        j.RawField("master_adver_int", CFormat.G(v.MasterAdvertInterval.TotalSeconds));
        j.Field("accept", v.Accept ? 1 : 0);
        j.Field("nopreempt", v.NoPreempt);
        j.Field("preempt_delay", (long)v.PreemptDelay.TotalSeconds);
        j.Field("state", (int)v.State);
        j.Field("wantstate", (int)v.WantState);
        j.Field("version", v.Version);
        j.Field("smtp_alert", v.SmtpAlert);
        j.Field("notify_deleted", v.NotifyDeleted);
        j.OptionalField("script_backup", v.NotifyBackup?.Command);
        j.OptionalField("script_master", v.NotifyMaster?.Command);
        j.OptionalField("script_fault", v.NotifyFault?.Command);
        j.OptionalField("script_stop", v.NotifyStop?.Command);
        j.OptionalField("script_deleted", v.NotifyDeletedScript?.Command);
        j.OptionalField("script", v.Notify?.Command);
        j.OptionalField("script_master_rx_lower_pri", v.NotifyMasterRxLowerPri?.Command);
        j.Array("vips", v.Vips.Select(DataDumpWriter.FormatVip));
        j.Array("evips", v.ExcludedVips.Select(DataDumpWriter.FormatVip));
        j.Array("track_ifp", v.TrackedInterfaces.Select(t => t.Name));
        j.Array("track_script", v.TrackedScripts.Select(t => t.Command));
        j.Field("auth_type", (int)v.AuthType);
        if (v.AuthType != DumpAuthType.None)
        {
            j.Field("auth_data", v.AuthType == DumpAuthType.Password ? v.AuthPassword : string.Empty);
        }

        j.Raw("}");
    }

    private static void Stats(Json j, InstanceStatsDump s)
    {
        j.Raw("\"stats\":{");
        j.Field("advert_rcvd", s.AdvertReceived, first: true);
        j.Field("advert_sent", s.AdvertSent);
        j.Field("become_master", s.BecameMaster);
        j.Field("release_master", s.ReleasedMaster);
        j.Field("packet_len_err", s.PacketLengthErrors);
        j.Field("advert_interval_err", s.AdvertIntervalErrors);
        j.Field("ip_ttl_err", s.TtlErrors);
        j.Field("invalid_type_rcvd", s.InvalidTypeReceived);
        j.Field("addr_list_err", s.AddressListErrors);
        j.Field("invalid_authtype", s.InvalidAuthType);
        j.Field("authtype_mismatch", s.AuthTypeMismatch);
        j.Field("auth_failure", s.AuthFailure);
        j.Field("pri_zero_rcvd", s.PriorityZeroReceived);
        j.Field("pri_zero_sent", s.PriorityZeroSent);
        j.Raw("}");
    }

    private sealed class Json
    {
        private readonly StringBuilder _sb = new();

        public void Raw(string s) => _sb.Append(s);

        public void RawField(string name, string value, bool first = false)
        {
            if (!first)
            {
                _sb.Append(',');
            }

            Quote(name);
            _sb.Append(':').Append(value);
        }

        public void Field(string name, string value, bool first = false)
        {
            RawField(name, string.Empty, first);
            Quote(value);
        }

        public void Field(string name, long value, bool first = false) => RawField(name, value.ToString(Inv), first);

        public void Field(string name, ulong value, bool first = false) => RawField(name, value.ToString(Inv), first);

        public void Field(string name, bool value) => RawField(name, value ? "true" : "false");

        public void OptionalField(string name, string? value)
        {
            if (value is not null)
            {
                Field(name, value);
            }
        }

        public void Array(string name, IEnumerable<string> items)
        {
            var list = items.ToList();
            if (list.Count == 0)
            {
                return;
            }

            RawField(name, "[");
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0)
                {
                    _sb.Append(',');
                }

                Quote(list[i]);
            }

            _sb.Append(']');
        }

        private void Quote(string s)
        {
            _sb.Append('"');
            foreach (var c in s)
            {
                _sb.Append(c switch
                {
                    '\t' => "\\t",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\f' => "\\f",
                    '\b' => "\\b",
                    '\\' => "\\\\",
                    '"' => "\\\"",
                    '/' => "\\/",
                    < ' ' => "\\u" + ((int)c).ToString("x4", Inv),
                    _ => c.ToString(),
                });
            }

            _sb.Append('"');
        }

        public override string ToString() => _sb.ToString();
    }
}
