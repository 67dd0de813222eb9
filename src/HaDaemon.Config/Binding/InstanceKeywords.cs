using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>The <c>vrrp_instance</c> keyword table (§1.11, keepalived's vrrp_parser.c).</summary>
internal static class InstanceKeywords
{
    public static KeywordTable<InstanceDraft> Table { get; } = Build();

    private static KeywordTable<InstanceDraft> Build()
    {
        var t = new KeywordTable<InstanceDraft>("vrrp_instance");
        t.Line("state", State)
         .Line("interface", Interface)
         .Line("virtual_router_id", (c, s, d) =>
         {
             if (Values.TryInt(c, s.Arguments[0], 1, 255, out var v, silent: true))
             {
                 d.VirtualRouterId = (int)v;
             }
             else
             {
                 c.Error(s.Loc(0), $"({d.Name}): VRID '{s.Arguments[0].Text}' not valid - must be between 1 & 255", "invalid-vrid");
             }
         })
         .Line("priority", (c, s, d) =>
         {
             d.PriorityLocation = s.Location;
             if (Values.TryInt(c, s.Arguments[0], 1, 255, out var v, silent: true))
             {
                 d.Priority = (int)v;
             }
             else
             {
                 c.Error(s.Loc(0), $"({d.Name}) Priority not valid! must be between 1 & 255. Using default 100", "invalid-priority");
                 d.Priority = 100;
             }
         })
         .Line("advert_int", (c, s, d) =>
         {
             if (Values.TryMicros(c, s.Arguments[0], 10_000, 255 * Values.MicrosPerSecond, out var v, silent: true) && v > 0)
             {
                 (d.AdvertIntervalMicros, d.AdvertLocation) = (v, s.Location);
             }
             else
             {
                 c.Error(s.Loc(0), $"({d.Name}) Advert interval ({s.Arguments[0].Text}) not valid! Must be > 0 - ignoring", "invalid-advert-int");
             }
         })
         .Line("version", (c, s, d) =>
         {
             if (!Values.TryInt(c, s.Arguments[0], 2, 3, out var v, silent: true))
             {
                 c.Error(s.Loc(0), $"({d.Name}): Version must be either 2 or 3", "invalid-version");
                 return;
             }
             if ((d.Version != 0 && d.Version != v) || (v == 2 && d.Family == AddressFamily.IPv6))
             {
                 c.Error(s.Loc(0), $"({d.Name}) vrrp_version {v} conflicts with configured or deduced version {d.Version}; ignoring.", "version-conflict");
                 return;
             }
             (d.Version, d.VersionLocation) = ((int)v, s.Location);
         })
         .Flag("native_ipv6", (c, s, d) =>
         {
             if (d.Family == AddressFamily.IPv4)
             {
                 c.Error(s.Location, $"({d.Name}) Cannot specify native_ipv6 with IPv4 addresses", "family-mismatch");
                 return;
             }
             d.Family = AddressFamily.IPv6;
             d.Version = 3;
             d.NativeIpv6 = true;
         })
         .Block("virtual_ipaddress", (c, s, d) => Addresses(c, s, d, d.Vips, checkFamily: true))
         .Block("virtual_ipaddress_excluded", (c, s, d) => Addresses(c, s, d, d.Evips, checkFamily: false))
         .Block("virtual_routes", (c, s, d) => d.Routes.AddRange(s.Block!.Statements.Select(l => RouteParser.Parse(c, l, false)).OfType<RouteSpec>()))
         .Block("virtual_rules", (c, s, d) => d.Rules.AddRange(s.Block!.Statements.Select(l => RuleParser.Parse(c, l, false)).OfType<RuleSpec>()))
         .Block("authentication", (c, s, d) =>
         {
             d.AuthLocation = s.Location;
             AuthKeywords.BindAll(c, s.Block!.Statements, d);
         })
         .Line("mcast_src_ip", (c, s, d) => SourceIp(c, s, d))
         .Line("unicast_src_ip", (c, s, d) =>
         {
             d.UnicastConfigured = true;
             SourceIp(c, s, d);
         })
         .Line("mcast_dst_ip", McastDestination)
         .Block("unicast_peer", UnicastPeers)
         .Flag("unicast_fault_no_peer", (c, s, d) => d.UnicastConfigured = d.UnicastFaultNoPeer = true)
         .Flag("check_unicast_src", (c, s, d) => d.UnicastConfigured = d.CheckUnicastSrc = true)
         .Line("unicast_ttl", (c, s, d) =>
         {
             if (Values.TryInt(c, s.Arguments[0], 0, 255, out var v, silent: true))
             {
                 d.UnicastTtl = (int)v;
             }
             else
             {
                 c.Error(s.Loc(0), $"({d.Name}): TTL '{s.Arguments[0].Text}' not valid - must be between 0 & 255", "invalid-ttl");
             }
         })
         .Flag("track_src_ip", (c, s, d) => d.TrackSourceIp = true)
         .Flag("old_unicast_checksum", (c, s, d) =>
         {
             if (s.Arguments.Count == 0)
             {
                 d.OldUnicastChecksum = true;
             }
             else if (s.Arguments[0].Text == "never")
             {
                 d.OldUnicastChecksumNever = true;
             }
             else
             {
                 c.Error(s.Loc(0), $"({d.Name}) Unknown old_unicast_chksum mode {s.Arguments[0].Text} - ignoring", "invalid-option");
             }
         })
         .Flag("v3_checksum_as_v2", (c, s, d) => d.V3ChecksumAsV2 = Values.OptionalBool(c, s) ?? d.V3ChecksumAsV2)
         .Flag("dont_track_primary", (c, s, d) => d.DontTrackPrimary = true)
         .Block("track_interface", (c, s, d) => TrackerLists.Interfaces(c, s, d.Name, d.TrackInterfaces))
         .Block("track_script", (c, s, d) => TrackerLists.Scripts(c, s, d.Name, d.TrackScripts))
         .Block("track_file", (c, s, d) => TrackerLists.Files(c, s, d.Name, d.TrackFiles))
         .Block("track_process", (c, s, d) => TrackerLists.Processes(c, s, d.Name, d.TrackProcesses))
         .Flag("use_vmac", Vmac)
         .Flag("vmac_xmit_base", (c, s, d) => d.VmacXmitBase = true)
         .Flag("promote_secondaries", (c, s, d) => d.PromoteSecondaries = true)
         .Flag("accept", (c, s, d) => d.Accept = true)
         .Flag("no_accept", (c, s, d) => d.Accept = false)
         .Flag("skip_check_adv_addr", (c, s, d) => d.SkipCheckAdvAddr = Values.OptionalBool(c, s) ?? d.SkipCheckAdvAddr)
         .Flag("strict_mode", (c, s, d) => d.StrictMode = Values.OptionalBool(c, s) ?? d.StrictMode)
         .Flag("preempt", (c, s, d) => d.NoPreempt = false)
         .Flag("nopreempt", (c, s, d) => (d.NoPreempt, d.NoPreemptLocation) = (true, s.Location))
         .Line("preempt_delay", (c, s, d) =>
         {
             d.PreemptDelayLocation = s.Location;
             if (Values.TryMicros(c, s.Arguments[0], 0, 1000 * Values.MicrosPerSecond, out var v, silent: true))
             {
                 d.PreemptDelay = Values.FromMicros(v);
             }
             else
             {
                 c.Error(s.Loc(0), $"({d.Name}) Preempt_delay not valid! must be between 0-1000", "invalid-number");
                 d.PreemptDelay = TimeSpan.Zero;
             }
         })
         .Line("debug", (c, s, d) =>
         {
             if (!Values.TryInt(c, s.Arguments[0], 0, 4, out _, silent: true))
             {
                 c.Error(s.Loc(0), $"({d.Name}) Debug value '{s.Arguments[0].Text}' not valid; must be between 0-4", "invalid-number");
             }
         })
         .Line("garp_master_delay", (c, s, d) => GlobalDefsKeywords.WholeSeconds(c, s, v => d.GarpMasterDelay = v, $"({d.Name}): {{0}} '{{1}}' invalid - ignoring"))
         .Line("garp_master_refresh", (c, s, d) => GlobalDefsKeywords.WholeSeconds(c, s, v => d.GarpMasterRefresh = v, $"({d.Name}): Invalid {{0}} '{{1}}' - ignoring"))
         .Line("garp_master_repeat", (c, s, d) => GlobalDefsKeywords.Repeat(c, s, v => d.GarpMasterRepeat = v))
         .Line("garp_master_refresh_repeat", (c, s, d) => GlobalDefsKeywords.Repeat(c, s, v => d.GarpMasterRefreshRepeat = v))
         .Line("garp_lower_prio_delay", (c, s, d) => GlobalDefsKeywords.WholeSeconds(c, s, v => d.GarpLowerPrioDelay = v, $"({d.Name}): {{0}} '{{1}}' invalid - ignoring"))
         .Line("garp_lower_prio_repeat", (c, s, d) => GlobalDefsKeywords.Count(c, s, 0, int.MaxValue, v => d.GarpLowerPrioRepeat = (int)v))
         .Line("garp_extra_if", (c, s, d) => GlobalDefsKeywords.GarpExtraIf(c, s, (v, all) => (d.GarpExtraIf, d.GarpExtraIfAll) = (v, all)))
         .Alias("vmac_garp_intvl", "garp_extra_if")
         .Flag("lower_prio_no_advert", (c, s, d) => d.LowerPrioNoAdvert = Values.OptionalBool(c, s) ?? d.LowerPrioNoAdvert)
         .Flag("higher_prio_send_advert", (c, s, d) => d.HigherPrioSendAdvert = Values.OptionalBool(c, s) ?? d.HigherPrioSendAdvert)
         .Flag("owner_ignore_adverts", (c, s, d) => d.OwnerIgnoreAdverts = Values.OptionalBool(c, s) ?? d.OwnerIgnoreAdverts)
         .Line("down_timer_adverts", (c, s, d) =>
         {
             if (Values.TryInt(c, s.Arguments[0], 1, 100, out var v, silent: true))
             {
                 d.DownTimerAdverts = (int)v;
             }
             else
             {
                 c.Error(s.Loc(0), $"({d.Name}): Invalid down_timer_adverts [1:100] '{s.Arguments[0].Text}'", "invalid-number");
             }
         })
         .Line("lvs_sync_daemon_interface", (c, s, d) =>
         {
             c.Error(s.Location, $"({d.Name}) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.", "deprecated");
             c.Error(s.Location, $"      {new string(' ', Math.Max(0, d.Name.Length - 2))}Please use global lvs_sync_daemon", "deprecated");
         })
         // Newer keepalived keywords (2.2.8+) HaDaemon accepts although 2.2.7 calls them unknown.
         .Flag("no_virtual_ipaddress", (c, s, d) => d.NoVirtualIpAddress = true)
         .Flag("timer_expired_backup", TimerExpiredBackup)
         .Alias("thread_timer_expired", "timer_expired_backup")
         .AddNotify(d => d.Name, isGroup: false)
         .Unsupported("use_vmac_addr", "use_ipvlan", "vrf", "track_bfd", "linkbeat_use_polling", "kernel_rx_buf_size", "auth_hmac");
        return t;
    }

    private static readonly KeywordTable<InstanceDraft> AuthKeywords = new KeywordTable<InstanceDraft>("authentication")
        .Line("auth_type", (c, s, d) =>
        {
            switch (s.Arguments[0].Text)
            {
                case "PASS": d.AuthType = AuthenticationType.Pass; break;
                case "AH": d.AuthType = AuthenticationType.Ah; break;
                default: c.Error(s.Loc(0), $"({d.Name}) unknown authentication type '{s.Arguments[0].Text}'", "invalid-auth-type"); break;
            }
        })
        .Line("auth_pass", (c, s, d) =>
        {
            var pass = s.Arguments[0].Text;
            var bytes = System.Text.Encoding.UTF8.GetBytes(pass);
            if (bytes.Length > 8)
            {
                c.Error(s.Loc(0), "Truncating auth_pass to 8 characters", "auth-pass-truncated");
                pass = System.Text.Encoding.UTF8.GetString(bytes, 0, 8);
            }
            d.AuthPassword = pass;
        });

    /// <summary><c>timer_expired_backup [PRIO]</c>: on a thread-timer overrun go BACKUP (optionally at PRIO).</summary>
    private static void TimerExpiredBackup(BindContext c, ConfigStatement s, InstanceDraft d)
    {
        if (s.Keyword.Text == "thread_timer_expired")
        {
            c.Warning(s.Location, "thread_timer_expired is deprecated - please use timer_expired_backup", "deprecated");
        }
        if (s.Arguments.Count == 0)
        {
            d.TimerExpiredBackupPriority = 0;
            return;
        }
        if (Values.TryInt(c, s.Arguments[0], 1, 254, out var v, silent: true))
        {
            d.TimerExpiredBackupPriority = (int)v;
        }
        else
        {
            c.Error(s.Loc(0), $"({d.Name}) timer_expired_backup priority '{s.Arguments[0].Text}' must be between 1 and 254 - ignoring", "invalid-priority");
        }
    }

    private static void State(BindContext c, ConfigStatement s, InstanceDraft d)
    {
        d.StateLocation = s.Location;
        switch (s.Arguments[0].Text)
        {
            case "MASTER":
                d.State = InitialState.Master;
                break;
            case "BACKUP":
                if (d.State == InitialState.Master)
                {
                    c.Error(s.Loc(0), $"({d.Name}) state previously set as MASTER - ignoring BACKUP", "state-conflict");
                }
                else
                {
                    d.State = InitialState.Backup;
                }
                break;
            default:
                c.Error(s.Loc(0), $"({d.Name}) unknown state '{s.Arguments[0].Text}', defaulting to BACKUP", "invalid-state");
                d.State = InitialState.Backup;
                break;
        }
    }

    private static void Interface(BindContext c, ConfigStatement s, InstanceDraft d)
    {
        var name = s.Arguments[0].Text;
        if (name.Length >= 16)
        {
            c.Error(s.Loc(0), $"Interface name '{name}' too long - ignoring", "interface-name");
            return;
        }
        if (!c.InterfaceUsable(name, s.Loc(0)))
        {
            c.Warning(s.Loc(0), $"WARNING - interface {name} for vrrp_instance {d.Name} doesn't exist", "missing-interface");
            return;
        }
        if (c.Interfaces.IsLoopback(name))
        {
            c.Error(s.Loc(0), $"({d.Name}) cannot use a loopback interface ({name}) for vrrp - ignoring", "loopback-interface");
            return;
        }
        (d.Interface, d.InterfaceLocation) = (name, s.Loc(0));
    }

    private static void Addresses(BindContext c, ConfigStatement s, InstanceDraft d, List<IpAddressSpec> into, bool checkFamily)
    {
        foreach (var line in s.Block!.Statements)
        {
            if (AddressParser.Parse(c, line, isStatic: false) is not { } a)
            {
                continue;
            }
            if (checkFamily)
            {
                if (d.Family is null)
                {
                    d.Family = a.Family;
                }
                else if (d.Family != a.Family)
                {
                    c.Error(line.Location, $"({d.Name}): address family must match VRRP instance [{line.Keyword.Text}] - ignoring", "family-mismatch");
                    continue;
                }
            }
            into.Add(a);
        }
    }

    private static void SourceIp(BindContext c, ConfigStatement s, InstanceDraft d)
    {
        var text = s.Arguments[0].Text;
        if (!Values.TryAddress(text, out var ip, out var f))
        {
            c.Error(s.Loc(0), $"Configuration error: VRRP instance[{d.Name}] malformed src address[{text}]. Skipping...", "invalid-address");
            return;
        }
        if (d.Family is null)
        {
            d.Family = f;
        }
        else if (d.Family != f)
        {
            c.Error(s.Loc(0), $"Configuration error: VRRP instance[{d.Name}] and src address[{text}] MUST be of the same family !!! Skipping...", "family-mismatch");
            d.SourceAddress = null;
            return;
        }
        d.SourceAddress = ip.ToString();
    }

    private static void McastDestination(BindContext c, ConfigStatement s, InstanceDraft d)
    {
        var text = s.Arguments[0].Text;
        if (!Values.TryAddress(text, out var ip, out var f))
        {
            c.Error(s.Loc(0), $"({d.Name}) malformed mcast dest address {text}. Skipping...", "invalid-address");
            return;
        }
        if (d.Family is null)
        {
            d.Family = f;
        }
        else if (d.Family != f)
        {
            c.Error(s.Loc(0), $"({d.Name}) mcast dest address {text} MUST match VRRP instance family. Skipping...", "family-mismatch");
            return;
        }
        var bytes = ip.GetAddressBytes();
        var ok = f == AddressFamily.IPv4 ? bytes[0] is >= 224 and <= 239 : bytes[0] == 0xff && (bytes[1] & 0x0f) == 2;
        if (!ok)
        {
            c.Error(s.Loc(0), $"({d.Name}) mcast_dst_ip {text} not{(f == AddressFamily.IPv6 ? " link-local" : "")} multicast. Skipping...", "invalid-address");
            return;
        }
        d.McastDestination = ip.ToString();
    }

    private static void UnicastPeers(BindContext c, ConfigStatement s, InstanceDraft d)
    {
        d.UnicastConfigured = true;
        foreach (var line in s.Block!.Statements)
        {
            var text = line.Keyword.Text;
            if (!Values.TryAddress(text, out var ip, out var f))
            {
                c.Error(line.Location, $"Configuration error: VRRP instance[{d.Name}] malformed unicast peer address[{text}]. Skipping...", "invalid-address");
                continue;
            }
            if (d.Family is null)
            {
                d.Family = f;
            }
            else if (d.Family != f)
            {
                c.Error(line.Location, $"Configuration error: VRRP instance[{d.Name}] and unicast peer address[{text}] MUST be of the same family !!! Skipping...", "family-mismatch");
                continue;
            }
            int? minTtl = null, maxTtl = null;
            var ok = true;
            for (var i = 0; i < line.Arguments.Count; i += 2)
            {
                var opt = line.Arguments[i];
                if (i + 1 >= line.Arguments.Count)
                {
                    c.Error(opt.Location, $"({d.Name}) {opt.Text} is missing a value", "missing-parameter");
                    ok = false;
                    break;
                }
                if (opt.Text is not ("min_ttl" or "max_ttl"))
                {
                    c.Error(opt.Location, $"({d.Name}) unknown unicast_peer option {opt.Text}", "unknown-option");
                    ok = false;
                    break;
                }
                if (!Values.TryInt(c, line.Arguments[i + 1], 0, 255, out var v))
                {
                    ok = false;
                    break;
                }
                if (opt.Text == "min_ttl") minTtl = (int)v; else maxTtl = (int)v;
            }
            if (!ok)
            {
                continue;
            }
            if (minTtl > (maxTtl ?? 255))
            {
                c.Error(line.Location, $"({d.Name}) min_ttl {minTtl} > max_ttl {maxTtl} - all packets will be discarded", "ttl-range");
            }
            d.UnicastPeers.Add(new UnicastPeer(ip.ToString(), minTtl, maxTtl, line.Location));
        }
    }

    private static void Vmac(BindContext c, ConfigStatement s, InstanceDraft d)
    {
        string? name = null, mac = null;
        foreach (var a in s.Arguments)
        {
            if (a.Text is "name" or "netlink_notify_msg" or "group")
            {
                continue;
            }
            if (System.Text.RegularExpressions.Regex.IsMatch(a.Text, "^([0-9a-fA-F]{1,2}:){5}[0-9a-fA-F]{1,2}$"))
            {
                mac = a.Text;
            }
            else if (name is null)
            {
                if (a.Text.Length >= 16)
                {
                    c.Error(a.Location, $"VMAC interface name '{a.Text}' too long or invalid characters - ignoring", "interface-name");
                    continue;
                }
                name = a.Text;
            }
        }
        d.Vmac = new VmacSpec(name, mac, false);
    }
}
