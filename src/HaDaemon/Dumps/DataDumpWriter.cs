using System.Globalization;
using System.Text;
using HaDaemon.Scripts;

namespace HaDaemon.Dumps;

/// <summary>
/// The USR1 dump (keepalived.data) in keepalived 2.2.7's layout (dump_data_vrrp → dump_vrrp, dump_vscript…): the same
/// section headers, key = value lines and indentation, which is what keepalived-exporter parses
/// (" VRRP Instance = X", "   State = MASTER", " VRRP Script = X", "   Status = GOOD", "   State = idle").
/// HaDaemon prints the subset of keepalived's lines it has data for: the global section is reduced to the network
/// namespace and router id; VMAC/VRF/virtual routes/rules/interface-list sections are not printed.
/// </summary>
public static class DataDumpWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Format(DumpSnapshot snapshot, TimeZoneInfo? zone = null)
    {
        zone ??= TimeZoneInfo.Local;
        var w = new Lines();
        w.Add("------< Global definitions >------");
        w.Add(" Network namespace = " + (snapshot.Global.NetworkNamespace ?? "(default)"));
        if (snapshot.Global.RouterId is { } routerId)
        {
            w.Add(" Router ID = " + routerId);
        }

        if (snapshot.Instances.Count > 0)
        {
            w.Add("------< VRRP Topology >------");
            foreach (var instance in snapshot.Instances)
            {
                Instance(w, instance, zone);
            }
        }

        if (snapshot.SyncGroups.Count > 0)
        {
            w.Add("------< VRRP Sync groups >------");
            foreach (var group in snapshot.SyncGroups)
            {
                w.Add($" VRRP Sync Group = {group.Name}, {StateWord(group.State)}");
                w.Add($"   Num member fault {N(group.MembersInFault)}, num member init {N(group.MembersInInit)}");
                if (group.Members.Count > 0)
                {
                    w.Add("   VRRP member instances :");
                    w.AddAll(group.Members.Select(m => "     " + m));
                }

                w.Add("   Using smtp notification = " + YesNo(group.SmtpAlert));
            }
        }

        if (snapshot.Scripts.Count > 0)
        {
            w.Add("------< VRRP Scripts >------");
            foreach (var script in snapshot.Scripts)
            {
                Script(w, script);
            }
        }

        return w.ToString();
    }

    public static string StateWord(DumpVrrpState state) => state switch
    {
        DumpVrrpState.Init => "INIT",
        DumpVrrpState.Backup => "BACKUP",
        DumpVrrpState.Master => "MASTER",
        DumpVrrpState.Fault => "FAULT",
        _ => "unknown",
    };

    /// <summary>keepalived's format_ipaddress(), shared with the JSON dump.</summary>
    public static string FormatVip(VipDump vip)
    {
        var sb = new StringBuilder(vip.Address);
        if (vip.PrefixLength != (vip.IsIpv6 ? 128 : 32))
        {
            sb.Append('/').Append(vip.PrefixLength.ToString(Inv));
        }

        if (!vip.IsIpv6 && vip.Broadcast is { } brd)
        {
            sb.Append(" brd ").Append(brd);
        }

        sb.Append(" dev ").Append(vip.Device).Append(" scope ").Append(vip.Scope);
        if (vip.Label is { } label)
        {
            sb.Append(" label ").Append(label);
        }

        if (vip.NoTrack)
        {
            sb.Append(" no_track");
        }

        if (vip.IsIpv6 && vip.PreferredLifetime is { } lft)
        {
            sb.Append(lft == "deprecated" ? " deprecated" : " preferred_lft " + lft);
        }

        if (vip.Installed)
        {
            sb.Append(" set");
        }

        return sb.ToString();
    }

    private static void Instance(Lines w, InstanceDump v, TimeZoneInfo zone)
    {
        w.Add(" VRRP Instance = " + v.Name);
        w.Add("   VRRP Version = " + N(v.Version));
        w.AddIf(v.SyncGroup is not null, "   Sync group = " + v.SyncGroup);
        w.AddIf(v.Ipv6, "   Using Native IPv6");
        w.Add("   State = " + StateWord(v.State));
        if (v.State == DumpVrrpState.Backup)
        {
            w.Add("   Master router = " + v.MasterRouter);
            w.Add("   Master priority = " + N(v.MasterPriority));
            w.AddIf(v.Version == 3, "   Master advert int = " + v.MasterAdvertInterval.TotalSeconds.ToString("F2", Inv) + " sec");
        }

        var anyFlag = v.Unicast || v.UnicastFaultNoPeer || v.DontTrackPrimary || v.SkipCheckAdvertAddresses ||
                      v.SourceAddressFromConfig || v.CheckUnicastSource || v.PromoteSecondaries || v.NoPreempt;
        w.Add(anyFlag ? "   Flags:" : "   Flags: none");
        w.AddIf(v.Unicast, "     Using unicast");
        w.AddIf(v.UnicastFaultNoPeer, "     If unicast go to fault state if no peers");
        w.Add("   Wantstate = " + StateWord(v.WantState));
        w.Add("   Number of config faults = " + N(v.ConfigFaults));
        w.Add("   Number of interface and track script faults = " + N(v.InterfaceAndScriptFaults));
        w.Add("   Number of track scripts init = " + N(v.ScriptsInInit));
        w.Add($"   Last transition = {CFormat.Timeval(v.LastTransition)} ({CFormat.CtimeMicros(v.LastTransition, zone)})");
        w.Add(v.ReadTimeout is { } rt
            ? $"   Read timeout = {CFormat.Timeval(rt)} ({CFormat.CtimeMicros(rt, zone)})"
            : "   Read timeout = DISABLED");
        w.Add("   Master down timer = " + N(v.MasterDownTimerMicroseconds) + " usecs");
        if (v.Vmac is { } vmac)
        {
            w.Add($"   Use VMAC, i/f name {vmac}, is_up = {(v.VmacUp ? "true" : "false")}, xmit_base = {(v.VmacXmitBase ? "true" : "false")}");
            w.Add($"   Interface = {vmac}, vmac on {v.Interface}{(v.VmacXmitBase ? ", xmit base i/f" : string.Empty)}");
        }
        else
        {
            w.Add("   Interface = " + (v.Interface ?? "not configured"));
        }
        w.AddIf(v.DontTrackPrimary, "   VRRP interface tracking disabled");
        w.AddIf(v.SkipCheckAdvertAddresses, "   Skip checking advert IP addresses");
        w.AddIf(v.StrictMode, "   Enforcing strict VRRP compliance");
        w.Add("   Using src_ip = " + (v.SourceAddress ?? "(none)") + (v.SourceAddressFromConfig ? " (from configuration)" : string.Empty));
        if (!v.Unicast)
        {
            w.Add("   Multicast address " + v.MulticastGroup + (v.Ipv6 ? ", ifindex " + N(v.MulticastIfIndex) : string.Empty));
        }

        w.Add("   Gratuitous ARP delay = " + N((long)v.GarpDelay.TotalSeconds));
        w.Add("   Gratuitous ARP repeat = " + N(v.GarpRepeat));
        w.Add("   Gratuitous ARP refresh = " + N(v.GarpRefreshSeconds));
        w.Add("   Gratuitous ARP refresh repeat = " + N(v.GarpRefreshRepeat));
        w.Add("   Gratuitous ARP lower priority delay = " + N(v.GarpLowerPriorityDelaySeconds));
        w.Add("   Gratuitous ARP lower priority repeat = " + N(v.GarpLowerPriorityRepeat));
        w.Add("   Down timer adverts = " + N(v.DownTimerAdverts));
        w.Add("   Send advert after receive lower priority advert = " + TrueFalse(!v.LowerPriorityNoAdvert));
        w.Add("   Send advert after receive higher priority advert = " + TrueFalse(v.HigherPrioritySendAdvert));
        w.Add("   Virtual Router ID = " + N(v.Vrid));
        w.Add("   Priority = " + N(v.BasePriority));
        w.Add("   Effective priority = " + N(v.EffectivePriority));
        w.Add("   Total priority = " + N(v.TotalPriority));
        w.Add(v.Version == 2
            ? "   Advert interval = " + N((long)v.AdvertInterval.TotalSeconds) + " sec"
            : "   Advert interval = " + N((long)v.AdvertInterval.TotalMilliseconds) + " milli-sec");
        w.AddIf(v.State == DumpVrrpState.Backup && v.Version == 3,
            "   Master advert interval = " + N((long)v.MasterAdvertInterval.TotalMilliseconds) + " milli-sec");
        w.Add("   Accept = " + (v.Accept ? "enabled" : "disabled"));
        w.Add("   Preempt = " + (v.NoPreempt ? "disabled" : "enabled"));
        w.AddIf(v.PreemptDelay > TimeSpan.Zero, "   Preempt delay = " + CFormat.G(v.PreemptDelay.TotalSeconds) + " secs");
        w.Add("   Promote_secondaries = " + (v.PromoteSecondaries ? "enabled" : "disabled"));
        if (v.AuthType != DumpAuthType.None)
        {
            w.Add("   Authentication type = " + (v.AuthType == DumpAuthType.Ah ? "IPSEC_AH" : "SIMPLE_PASSWORD"));
            w.AddIf(v.AuthType == DumpAuthType.Password, "   Password = " + v.AuthPassword);
        }
        else if (v.Version == 2)
        {
            w.Add("   Authentication type = none");
        }

        if (v.Vips.Count > 0)
        {
            w.Add($"   Virtual IP ({N(v.Vips.Count)}):");
            w.AddAll(v.Vips.Select(a => "     " + FormatVip(a)));
        }

        if (v.ExcludedVips.Count > 0)
        {
            w.Add("   Virtual IP Excluded :");
            w.AddAll(v.ExcludedVips.Select(a => "     " + FormatVip(a)));
        }

        if (v.Unicast)
        {
            w.AddIf(v.UnicastTtl is not null, "   Unicast TTL = " + v.UnicastTtl?.ToString(Inv));
            w.Add("   Check unicast src : " + YesNo(v.CheckUnicastSource));
            w.Add("   Unicast Peer :");
            w.AddAll(v.UnicastPeers.Select(p => $"     {p.Address} min_ttl {N(p.MinTtl)} max_ttl {N(p.MaxTtl)}"));
            w.Add("   Unicast checksum compatibility = no");
        }

        w.Add(v.Sockets is { } fds ? $"   fd_in {N(fds.In)}, fd_out {N(fds.Out)}" : "   No sockets allocated");
        Tracked(w, "   Tracked interfaces :", v.TrackedInterfaces.Select(t => $"     {t.Name} weight {N(t.Weight)}{Reverse(t.Reverse)}"));
        Tracked(w, "   Tracked scripts :", v.TrackedScripts.Select(t => $"     {t.Name} weight {N(t.Weight)}{Reverse(t.Reverse)}"));
        Tracked(w, "   Tracked files :", v.TrackedFiles.Select(t => $"     {t.Name}, weight {N(t.Weight)}{Reverse(t.Reverse)}"));
        Tracked(w, "   Tracked processes :", v.TrackedProcesses.Select(t => $"     {t.Name}, weight {N(t.Weight)}{Reverse(t.Reverse)}"));
        w.Add("   Using smtp notification = " + YesNo(v.SmtpAlert));
        w.Add("   Notify deleted = " + (v.NotifyDeleted ? "Deleted" : "Fault"));
        NotifyLine(w, v.NotifyBackup, "Backup");
        NotifyLine(w, v.NotifyMaster, "Master");
        NotifyLine(w, v.NotifyFault, "Fault");
        NotifyLine(w, v.NotifyStop, "Stop");
        NotifyLine(w, v.NotifyDeletedScript, "Deleted");
        NotifyLine(w, v.Notify, "Generic");
        NotifyLine(w, v.NotifyMasterRxLowerPri, "Master rx lower pri");
        w.Add("   Notify priority changes = " + TrueFalse(v.NotifyPriorityChanges));
    }

    private static void Script(Lines w, ScriptDump s)
    {
        w.Add(" VRRP Script = " + s.Name);
        w.Add("   Command = " + s.Command);
        w.Add("   Interval = " + N((long)s.Interval.TotalSeconds) + " sec");
        w.Add("   Timeout = " + N((long)s.Timeout.TotalSeconds) + " sec");
        w.Add("   Weight = " + N(s.Weight) + Reverse(s.WeightReverse));
        w.Add("   Rise = " + N(s.Rise));
        w.Add("   Fall = " + N(s.Fall));
        w.Add("   Result = " + N(s.Result));
        w.Add("   Insecure = " + YesNo(s.Insecure));
        w.Add("   Init state = " + s.InitState);
        w.Add("   Status = " + (s.Result >= s.Rise ? "GOOD" : "BAD"));
        w.Add($"   Script uid:gid = {N(s.Uid)}:{N(s.Gid)}");
        w.Add("   VRRP instances :");
        w.AddAll(s.TrackingInstances.Select(t => $"     {t.Name}, weight {N(t.Weight)}{Reverse(t.Reverse)}"));
        w.Add("   State = " + s.RunState switch
        {
            TrackScriptState.Idle => "idle",
            TrackScriptState.Running => "running",
            TrackScriptState.RequestedTermination => "requested termination",
            _ => "unknown",
        });
    }

    private static void Tracked(Lines w, string header, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count > 0)
        {
            w.Add(header);
            w.AddAll(list);
        }
    }

    private static void NotifyLine(Lines w, NotifyScriptDump? script, string type)
    {
        if (script is not null)
        {
            w.Add($"   {type} state transition script = {script.Command}, uid:gid {N(script.Uid)}:{N(script.Gid)}");
        }
    }

    private static string N(long v) => v.ToString(Inv);

    private static string N(ulong v) => v.ToString(Inv);

    private static string Reverse(bool reverse) => reverse ? " reverse" : string.Empty;

    private static string YesNo(bool b) => b ? "yes" : "no";

    private static string TrueFalse(bool b) => b ? "true" : "false";

    /// <summary>conf_write(): every line ends with '\n'.</summary>
    private sealed class Lines
    {
        private readonly StringBuilder _sb = new();

        public void Add(string line) => _sb.Append(line).Append('\n');

        public void AddIf(bool condition, string line)
        {
            if (condition)
            {
                Add(line);
            }
        }

        public void AddAll(IEnumerable<string> lines)
        {
            foreach (var line in lines)
            {
                Add(line);
            }
        }

        public override string ToString() => _sb.ToString();
    }
}
