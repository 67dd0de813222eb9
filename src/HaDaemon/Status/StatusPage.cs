using System.Buffers;
using System.Text.Json;

namespace HaDaemon.Status;

/// <summary>
/// GET /status: the snapshot as JSON, snake_case, written field by field (no reflection: the binary is NativeAOT).
/// Times are UTC ISO 8601; durations are seconds. docs/operations.md documents every field.
/// </summary>
public static class StatusPage
{
    public const string ContentType = "application/json; charset=utf-8";

    public static byte[] Render(StatusSnapshot s, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>(4096 + s.Instances.Count * 1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            Daemon(w, s.Daemon);
            w.WriteStartArray("instances");
            foreach (var i in s.Instances)
            {
                Instance(w, i);
            }
            w.WriteEndArray();
            w.WriteStartArray("sync_groups");
            foreach (var g in s.SyncGroups)
            {
                w.WriteStartObject();
                w.WriteString("name", g.Name);
                w.WriteString("state", g.State);
                StringArray(w, "members", g.Members);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("scripts");
            foreach (var sc in s.Scripts)
            {
                w.WriteStartObject();
                w.WriteString("name", sc.Name);
                w.WriteString("status", sc.Status);
                w.WriteString("state", sc.State);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        var bytes = buffer.WrittenSpan.ToArray();
        return bytes;
    }

    private static void Daemon(Utf8JsonWriter w, DaemonInfo d)
    {
        w.WriteStartObject("daemon");
        w.WriteString("version", d.Version);
        w.WriteNumber("pid", d.ProcessId);
        w.WriteString("config", d.ConfigPath);
        w.WriteString("started", d.Started.UtcDateTime);
        w.WriteString("now", d.Now.UtcDateTime);
        w.WriteEndObject();
    }

    private static void Instance(Utf8JsonWriter w, InstanceSnapshot i)
    {
        w.WriteStartObject();
        w.WriteString("name", i.Name);
        w.WriteNumber("vrid", i.Vrid);
        w.WriteString("interface", i.Interface);
        w.WriteNumber("version", i.Version);
        w.WriteString("family", i.Ipv6 ? "ipv6" : "ipv4");
        w.WriteBoolean("unicast", i.Unicast);
        w.WriteString("state", i.State);
        w.WriteString("want_state", i.WantState);
        w.WriteNumber("base_priority", i.BasePriority);
        w.WriteNumber("effective_priority", i.EffectivePriority);
        w.WriteNumber("advert_interval", i.AdvertInterval.TotalSeconds);
        if (i.SyncGroup is null)
        {
            w.WriteNull("sync_group");
        }
        else
        {
            w.WriteString("sync_group", i.SyncGroup);
        }
        if (i.Master is { } m)
        {
            w.WriteStartObject("master");
            NullableString(w, "address", m.Address);
            w.WriteNumber("priority", m.Priority);
            w.WriteBoolean("self", m.Self);
            w.WriteNumber("advert_interval", m.AdvertInterval.TotalSeconds);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("master");
        }
        Vips(w, "vips", i.Vips);
        Vips(w, "excluded_vips", i.ExcludedVips);
        w.WriteStartArray("trackers");
        foreach (var t in i.Trackers)
        {
            w.WriteStartObject();
            w.WriteString("kind", t.Kind);
            w.WriteString("name", t.Name);
            w.WriteNumber("weight", t.Weight);
            w.WriteBoolean("reverse", t.Reverse);
            w.WriteString("status", t.Status);
            if (t.Value is { } value)
            {
                w.WriteNumber("value", value);
            }
            w.WriteNumber("contribution", t.Contribution);
            w.WriteBoolean("fault", t.Fault);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (i.LastTransition is { } t2)
        {
            w.WriteStartObject("last_transition");
            w.WriteNumber("id", t2.Id);
            w.WriteString("from", t2.From);
            w.WriteString("to", t2.To);
            w.WriteString("reason", t2.Reason);
            w.WriteNumber("priority", t2.Priority);
            NullableString(w, "peer", t2.Peer);
            w.WriteString("time", t2.Time.UtcDateTime);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("last_transition");
        }
        w.WriteBoolean("split_brain", i.SplitBrain);
        w.WriteStartArray("peers");
        foreach (var p in i.Peers)
        {
            w.WriteStartObject();
            w.WriteString("address", p.Address);
            w.WriteString("checksum", p.Checksum);
            w.WriteString("last_seen", p.LastSeen.UtcDateTime);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Stats(w, i);
        w.WriteEndObject();
    }

    private static void Stats(Utf8JsonWriter w, InstanceSnapshot i)
    {
        var s = i.Stats;
        w.WriteStartObject("stats");
        w.WriteNumber("advert_rcvd", s.AdvertReceived);
        w.WriteNumber("advert_sent", s.AdvertSent);
        w.WriteNumber("become_master", s.BecameMaster);
        w.WriteNumber("release_master", s.ReleasedMaster);
        w.WriteNumber("packet_len_err", s.PacketLengthErrors);
        w.WriteNumber("advert_interval_err", s.AdvertIntervalErrors);
        w.WriteNumber("ip_ttl_err", s.TtlErrors);
        w.WriteNumber("invalid_type_rcvd", s.InvalidTypeReceived);
        w.WriteNumber("addr_list_err", s.AddressListErrors);
        w.WriteNumber("invalid_authtype", s.InvalidAuthType);
        w.WriteNumber("authtype_mismatch", s.AuthTypeMismatch);
        w.WriteNumber("auth_failure", s.AuthFailure);
        w.WriteNumber("pri_zero_rcvd", s.PriorityZeroReceived);
        w.WriteNumber("pri_zero_sent", s.PriorityZeroSent);
        w.WriteNumber("other_master_adverts", i.OtherMasterAdverts);
        w.WriteStartObject("rejections");
        foreach (var (reason, count) in i.Rejections)
        {
            w.WriteNumber(reason, count);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Vips(Utf8JsonWriter w, string name, IReadOnlyList<VipSnapshot> vips)
    {
        w.WriteStartArray(name);
        foreach (var v in vips)
        {
            w.WriteStartObject();
            w.WriteString("address", v.Cidr);
            w.WriteString("device", v.Device);
            w.WriteBoolean("present", v.Present);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void StringArray(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }

    private static void NullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
