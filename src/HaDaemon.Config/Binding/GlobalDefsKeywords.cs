using System.Globalization;
using System.Net;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>The <c>global_defs</c> keyword table (keepalived's global_parser.c, VRRP-relevant part).</summary>
internal static class GlobalDefsKeywords
{
    public static KeywordTable<GlobalDraft> Table { get; } = Build();

    private static KeywordTable<GlobalDraft> Build()
    {
        var t = new KeywordTable<GlobalDraft>("global_defs");
        t.Line("router_id", (c, s, g) => g.RouterId = s.Arguments[0].Text)
         .Block("notification_email", (c, s, g) => g.NotificationEmails.AddRange(ListItems(s)))
         .Line("notification_email_from", (c, s, g) => g.NotificationEmailFrom = s.Arguments[0].Text)
         .Line("smtp_server", (c, s, g) => SmtpKeywords.Server(c, s, g))
         .Line("smtp_helo_name", (c, s, g) => g.SmtpHeloName = s.Arguments[0].Text)
         .Line("smtp_connect_timeout", (c, s, g) => SmtpKeywords.ConnectTimeout(c, s, g))
         .Flag("no_email_faults", (c, s, g) => g.NoEmailFaults = true)
         .Flag("smtp_alert", (c, s, g) => g.SmtpAlert = Values.OptionalBool(c, s) ?? g.SmtpAlert)
         .Flag("smtp_alert_vrrp", (c, s, g) => g.SmtpAlertVrrp = Values.OptionalBool(c, s) ?? g.SmtpAlertVrrp)
         .Flag("vrrp_strict", (c, s, g) => g.VrrpStrict = true)
         .Flag("vrrp_skip_check_adv_addr", (c, s, g) => g.SkipCheckAdvAddr = Values.OptionalBool(c, s) ?? g.SkipCheckAdvAddr)
         .Line("vrrp_garp_interval", (c, s, g) => Interval(c, s, v => g.GarpInterval = v))
         .Line("vrrp_gna_interval", (c, s, g) => Interval(c, s, v => g.GnaInterval = v))
         .Line("vrrp_garp_master_delay", (c, s, g) => WholeSeconds(c, s, v => g.GarpMasterDelay = v))
         .Line("vrrp_garp_master_repeat", (c, s, g) => Repeat(c, s, v => g.GarpMasterRepeat = v))
         .Line("vrrp_garp_master_refresh", (c, s, g) => WholeSeconds(c, s, v => g.GarpMasterRefresh = v, "Invalid {0} '{1}' - ignoring"))
         .Line("vrrp_garp_master_refresh_repeat", (c, s, g) => Repeat(c, s, v => g.GarpMasterRefreshRepeat = v))
         .Line("vrrp_garp_lower_prio_delay", (c, s, g) => WholeSeconds(c, s, v => g.GarpLowerPrioDelay = v))
         .Line("vrrp_garp_lower_prio_repeat", (c, s, g) => Count(c, s, 0, int.MaxValue, v => g.GarpLowerPrioRepeat = (int)v))
         .Flag("vrrp_min_garp", (c, s, g) => MinGarp(c, s, g))
         .Line("vrrp_garp_extra_if", (c, s, g) => GarpExtraIf(c, s, (v, all) => (g.GarpExtraIf, g.GarpExtraIfAll) = (v, all)))
         .Alias("vrrp_vmac_garp_intvl", "vrrp_garp_extra_if")
         .Flag("vrrp_lower_prio_no_advert", (c, s, g) => g.LowerPrioNoAdvert = Values.OptionalBool(c, s) ?? g.LowerPrioNoAdvert)
         .Flag("vrrp_higher_prio_send_advert", (c, s, g) => g.HigherPrioSendAdvert = Values.OptionalBool(c, s) ?? g.HigherPrioSendAdvert)
         .Line("vrrp_version", (c, s, g) =>
         {
             if (Values.TryInt(c, s.Arguments[0], 2, 3, out var v, silent: true))
             {
                 g.VrrpVersion = (int)v;
             }
             else
             {
                 c.Error(s.Loc(0), "VRRP Error: Version must be either 2 or 3", "invalid-version");
             }
         })
         .Flag("v3_checksum_as_v2", (c, s, g) => g.V3ChecksumAsV2 = Values.OptionalBool(c, s) ?? g.V3ChecksumAsV2)
         .Line("vrrp_mcast_group4", (c, s, g) => McastGroup(c, s, AddressFamily.IPv4, v => g.McastGroup4 = v))
         .Line("vrrp_mcast_group6", (c, s, g) => McastGroup(c, s, AddressFamily.IPv6, v => g.McastGroup6 = v))
         .Flag("vrrp_check_unicast_src", (c, s, g) => g.CheckUnicastSrc = true)
         .Line("vrrp_down_timer_adverts", (c, s, g) =>
         {
             if (Values.TryInt(c, s.Arguments[0], 1, 100, out var v, silent: true))
             {
                 g.DownTimerAdverts = (int)v;
             }
             else
             {
                 c.Error(s.Loc(0), $"Invalid vrrp_down_timer_adverts [1:100] '{s.Arguments[0].Text}'", "invalid-number");
             }
         })
         .Flag("vrrp_owner_ignore_adverts", (c, s, g) => g.OwnerIgnoreAdverts = Values.OptionalBool(c, s) ?? g.OwnerIgnoreAdverts)
         .Line("vrrp_startup_delay", (c, s, g) => g.StartupDelay = StartupDelay(c, s, g.StartupDelay))
         // Not an alias: keepalived ≥ 2.4.0 counts this one from boot (the host subtracts the uptime at start).
         .Line("vrrp_delay_after_boot", (c, s, g) => g.DelayAfterBoot = StartupDelay(c, s, g.DelayAfterBoot))
         .Line("notify_fifo", (c, s, g) => g.NotifyFifo = Fifo(c, s, g.NotifyFifo, ""))
         .Line("vrrp_notify_fifo", (c, s, g) => g.VrrpNotifyFifo = Fifo(c, s, g.VrrpNotifyFifo, "vrrp_"))
         .Line("notify_fifo_script", (c, s, g) => g.NotifyFifoScript = FifoScript(c, s, g.NotifyFifoScript, ""))
         .Line("vrrp_notify_fifo_script", (c, s, g) => g.VrrpNotifyFifoScript = FifoScript(c, s, g.VrrpNotifyFifoScript, "vrrp_"))
         .Flag("vrrp_notify_priority_changes", (c, s, g) => g.NotifyPriorityChanges = Values.OptionalBool(c, s) ?? g.NotifyPriorityChanges)
         .Flag("fifo_write_vrrp_states_on_reload", (c, s, g) => g.FifoWriteStatesOnReload = true)
         .Flag("dynamic_interfaces", (c, s, g) =>
         {
             g.DynamicInterfaces = true;
             if (s.Arguments.Count > 0)
             {
                 if (s.Arguments[0].Text == "allow_if_changes")
                 {
                     g.AllowIfChanges = true;
                 }
                 else
                 {
                     c.Error(s.Loc(0), $"Unknown dynamic_interfaces option '{s.Arguments[0].Text}'", "invalid-option");
                 }
             }
         })
         .Line("default_interface", (c, s, g) => g.DefaultInterface = s.Arguments[0].Text)
         .Flag("enable_script_security", (c, s, g) => g.EnableScriptSecurity = true)
         .Line("script_user", (c, s, g) =>
         {
             g.ScriptUser = s.Arguments[0].Text;
             g.ScriptGroup = s.Arguments.Count > 1 ? s.Arguments[1].Text.TrimStart(':') : null;
             g.ScriptUserLocation = s.Location;
         })
         .Line("state_dump_file", (c, s, g) => g.StateDumpFile = s.Arguments[0].Text)
         .Line("stats_dump_file", (c, s, g) => g.StatsDumpFile = s.Arguments[0].Text)
         .Line("json_dump_file", (c, s, g) => g.JsonDumpFile = s.Arguments[0].Text)
         .Line("vmac_prefix", (c, s, g) => g.VmacPrefix = s.Arguments[0].Text)
         .Line("vmac_addr_prefix", (c, s, g) => g.VmacAddrPrefix = s.Arguments[0].Text)
         .Flag("log_unknown_vrids", (c, s, g) => g.LogUnknownVrids = true)
         .Line("hadaemon_status_listen", (c, s, g) => g.StatusListen = StatusListenParser.Parse(c, s) ?? g.StatusListen)
         .Flag("hadaemon_status_allow_remote", (c, s, g) => g.StatusAllowRemote = Values.OptionalBool(c, s) ?? g.StatusAllowRemote)
         .Line("hadaemon_log_format", (c, s, g) => g.LogFormat = ParseLogFormat(c, s) ?? g.LogFormat);
        ProcessKeywords.AddTo(t);

        // Recognised keepalived global_defs keywords that HaDaemon does not act on (the checker/BFD processes' scheduling,
        // LVS/checker/BFD/SNMP/DBus, firewall back-ends, config-file management).
        t.Unsupported(
            "process_names", "process_name", "vrrp_process_name", "checker_process_name", "lvs_process_name", "bfd_process_name",
            "smtp_alert_checker",
            "checker_log_all_failures", "disable_local_igmp", "lvs_timeouts", "lvs_flush",
            "lvs_flush_on_stop", "lvs_flush_onstop", "lvs_sync_daemon", "vrrp_iptables", "vrrp_ipsets", "nftables",
            "nftables_priority", "nftables_ifindex", "nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark",
            "nftables_counters", "lvs_notify_fifo", "lvs_notify_fifo_script", "checker_priority", "checker_no_swap",
            "checker_rt_priority", "checker_cpu_affinity", "checker_rlimit_rttime", "checker_rlimit_rtime", "bfd_priority",
            "bfd_no_swap", "bfd_rt_priority", "bfd_cpu_affinity", "bfd_rlimit_rttime", "bfd_rlimit_rtime", "snmp_socket",
            "enable_traps", "enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_rfc", "enable_snmp_rfcv2",
            "enable_snmp_rfcv3", "enable_snmp_checker", "enable_dbus", "dbus_service_name", "vrrp_netlink_cmd_rcv_bufs",
            "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force",
            "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force", "lvs_netlink_cmd_rcv_bufs",
            "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force",
            "rs_init_notifies", "no_checker_emails", "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier", "umask", "random_seed",
            "reload_check_config", "reload_time_file", "reload_repeat", "reload_file", "include_check", "config_save_dir",
            "tmp_config_directory", "data_use_instance", "json_version", "use_symlink_paths", "iproute_usr_dir",
            "iproute_etc_dir");
        return t;
    }

    /// <summary><c>hadaemon_log_format text|json</c> (HaDaemon-specific, issue 7); a bad value keeps the previous one.</summary>
    private static LogFormat? ParseLogFormat(BindContext c, ConfigStatement s)
    {
        var text = s.Arguments[0].Text;
        if (LogFormatNames.TryParse(text, out var format))
        {
            return format;
        }
        c.Error(s.Loc(0), $"hadaemon_log_format '{text}' is invalid - expected {LogFormatNames.Expected}", "invalid-log-format");
        return null;
    }

    /// <summary>The lines of a value block (<c>notification_email { a b }</c>): every word counts.</summary>
    public static IEnumerable<string> ListItems(ConfigStatement s) =>
        s.Block!.Statements.SelectMany(st => st.Arguments.Prepend(st.Keyword)).Select(t => t.Text);

    private static void Interval(BindContext c, ConfigStatement s, Action<TimeSpan> set)
    {
        if (Values.TryMicros(c, s.Arguments[0], 1, uint.MaxValue, out var v))
        {
            set(Values.FromMicros(v));
            if (v >= Values.MicrosPerSecond)
            {
                c.Info(s.Loc(0), $"The {s.Keyword.Text} is very large - {s.Arguments[0].Text} seconds", "large-value");
            }
        }
        else
        {
            c.Error(s.Loc(0), $"{s.Keyword.Text} '{s.Arguments[0].Text}' is invalid", "invalid-interval");
        }
    }

    internal static void WholeSeconds(BindContext c, ConfigStatement s, Action<TimeSpan> set, string message = "{0} '{1}' invalid - ignoring")
    {
        if (Values.TryInt(c, s.Arguments[0], 0, uint.MaxValue / 1_000_000, out var v, silent: true))
        {
            set(TimeSpan.FromSeconds(v));
        }
        else
        {
            c.Error(s.Loc(0), string.Format(CultureInfo.InvariantCulture, message, s.Keyword.Text, s.Arguments[0].Text), "invalid-number");
        }
    }

    internal static void Repeat(BindContext c, ConfigStatement s, Action<int> set)
    {
        if (!Values.TryInt(c, s.Arguments[0], 0, uint.MaxValue, out var v, silent: true))
        {
            c.Error(s.Loc(0), $"{s.Keyword.Text} '{s.Arguments[0].Text}' invalid - ignoring", "invalid-number");
            return;
        }
        if (v == 0)
        {
            c.Error(s.Loc(0), $"{s.Keyword.Text} must be greater than 0, setting to 1", "invalid-number");
            v = 1;
        }
        set((int)Math.Min(v, int.MaxValue));
    }

    internal static void Count(BindContext c, ConfigStatement s, long min, long max, Action<long> set)
    {
        if (Values.TryInt(c, s.Arguments[0], min, max, out var v, silent: true))
        {
            set(v);
        }
        else
        {
            c.Error(s.Loc(0), $"Invalid {s.Keyword.Text} '{s.Arguments[0].Text}'", "invalid-number");
        }
    }

    /// <summary><c>[vrrp_]garp_extra_if [all] SECS</c> (0..86400).</summary>
    internal static void GarpExtraIf(BindContext c, ConfigStatement s, Action<TimeSpan, bool> set)
    {
        var all = s.Arguments[0].Text == "all";
        var index = all ? 1 : 0;
        if (index >= s.Arguments.Count)
        {
            c.Error(s.Location, $"{s.Keyword.Text} specified without time - ignoring", "missing-parameter");
            return;
        }
        if (!Values.TryInt(c, s.Arguments[index], 0, 86400, out var v, silent: true))
        {
            c.Error(s.Loc(index), $"{s.Keyword.Text} '{s.Arguments[index].Text}' invalid - ignoring", "invalid-number");
            return;
        }
        if (s.Keyword.Text.EndsWith("vmac_garp_intvl", StringComparison.Ordinal))
        {
            c.Warning(s.Location, $"Keyword \"{s.Keyword.Text}\" is deprecated - please use \"{s.Keyword.Text.Replace("vmac_garp_intvl", "garp_extra_if", StringComparison.Ordinal)}\"", "deprecated");
        }
        set(TimeSpan.FromSeconds(v), all);
    }

    private static void MinGarp(BindContext c, ConfigStatement s, GlobalDraft g)
    {
        if (Values.OptionalBool(c, s) != true)
        {
            return;
        }
        g.GarpMasterDelay = TimeSpan.Zero;
        g.GarpMasterRepeat = 1;
        g.GarpMasterRefresh = TimeSpan.Zero;
        g.GarpMasterRefreshRepeat = 1;
        g.GarpLowerPrioDelay = TimeSpan.Zero;
        g.GarpLowerPrioRepeat = 1;
    }

    private static void McastGroup(BindContext c, ConfigStatement s, AddressFamily family, Action<string> set)
    {
        var text = s.Arguments[0].Text;
        if (!Values.TryAddress(text, out var ip, out var f))
        {
            c.Error(s.Loc(0), $"Can't parse {s.Keyword.Text} [{text}]. Skipping", "invalid-address");
            return;
        }
        if (f != family)
        {
            c.Error(s.Loc(0), $"{s.Keyword.Text} [{text}] is not IPv{(family == AddressFamily.IPv4 ? 4 : 6)}. Skipping", "invalid-address");
            return;
        }
        set(ip.ToString());
    }

    /// <summary>vrrp_startup_delay / vrrp_delay_after_boot: seconds with ms resolution; a bad value keeps the previous one.</summary>
    private static TimeSpan StartupDelay(BindContext c, ConfigStatement s, TimeSpan previous)
    {
        if (!Values.TryMicros(c, s.Arguments[0], 1000, uint.MaxValue, out var v))
        {
            c.Error(s.Loc(0), $"{s.Keyword.Text} '{s.Arguments[0].Text}' is invalid", "invalid-interval");
            return previous;
        }
        if (v >= 60 * Values.MicrosPerSecond && s.Keyword.Text == "vrrp_startup_delay")
        {
            c.Info(s.Loc(0), $"The vrrp_startup_delay is very large - {s.Arguments[0].Text} seconds");
        }
        return Values.FromMicros(v);
    }

    private static NotifyFifo? Fifo(BindContext c, ConfigStatement s, NotifyFifo? existing, string type)
    {
        if (existing is not null)
        {
            c.Error(s.Location, $"{type}notify_fifo already specified - ignoring {s.Arguments[0].Text}", "duplicate-keyword");
            return existing;
        }
        var user = s.Arguments.Count > 1 ? s.Arguments[1].Text : null;
        var group = s.Arguments.Count > 2 ? s.Arguments[2].Text.TrimStart(':') : null;
        return new NotifyFifo(s.Arguments[0].Text, user, group, null, s.Location);
    }

    private static ScriptInvocation? FifoScript(BindContext c, ConfigStatement s, ScriptInvocation? existing, string type)
    {
        if (existing is not null)
        {
            c.Error(s.Location, $"{type}notify_fifo_script already specified - ignoring {s.Arguments[0].Text}", "duplicate-keyword");
            return existing;
        }
        return ScriptCommands.Parse(c, s, $"{type}notify_fifo");
    }
}

/// <summary><c>hadaemon_status_listen ADDR:PORT|[V6]:PORT|/path.sock</c> (HaDaemon-specific, issue 7).</summary>
internal static class StatusListenParser
{
    public static StatusListen? Parse(BindContext c, ConfigStatement s)
    {
        var text = s.Arguments[0].Text;
        if (StatusListen.Parse(text, s.Location) is { } listen)
        {
            return listen;
        }
        c.Error(s.Loc(0), $"hadaemon_status_listen '{text}' is invalid - expected ADDR:PORT, [IPV6]:PORT or an absolute unix socket path", "invalid-status-listen");
        return null;
    }
}
