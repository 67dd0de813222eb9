using HaDaemon.Config.Model;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Time;
using HaDaemon.Dumps;
using ConfigInstance = HaDaemon.Config.Model.VrrpInstance;

namespace HaDaemon.Mapping;

/// <summary>
/// The engine's live state and counters plus the configuration → the plain data the USR1/USR2/JSON writers format.
/// Times become wall-clock values through <paramref name="wallClockOf"/> (keepalived prints gettimeofday times).
/// </summary>
public static class DumpSnapshotMapper
{
    /// <param name="vmacs">Instance → (its VMAC's name, whether it exists now), for use_vmac instances.</param>
    public static DumpSnapshot Map(KeepalivedConfig config, VrrpRouter router, Func<Instant, DateTimeOffset> wallClockOf,
        IReadOnlyDictionary<string, (string Name, bool Up)>? vmacs = null)
    {
        var statuses = router.Instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        return new DumpSnapshot
        {
            Global = new GlobalDumpInfo { RouterId = config.Global.RouterId },
            Instances = [.. config.Instances.Where(i => statuses.ContainsKey(i.Name))
                .Select(i => Instance(i, statuses[i.Name], router.GetStatistics(i.Name), wallClockOf) with
                {
                    Vmac = vmacs?.GetValueOrDefault(i.Name).Name,
                    VmacUp = vmacs?.GetValueOrDefault(i.Name).Up == true,
                    VmacXmitBase = i.Vmac?.XmitBase == true,
                })],
            SyncGroups = [.. router.SyncGroups.Select(g => new SyncGroupDump
            {
                Name = g.Name,
                State = State(g.State),
                Members = g.Members,
                MembersInFault = (uint)g.Members.Count(m => statuses.TryGetValue(m, out var s) && s.State == VrrpState.Fault),
                MembersInInit = (uint)g.Members.Count(m => statuses.TryGetValue(m, out var s) && s.State == VrrpState.Init),
            })],
            Scripts = [.. config.Scripts.Select(s => new ScriptDump
            {
                Name = s.Name,
                Command = s.Script.Text,
                Interval = s.Interval,
                Timeout = s.Timeout,
                Weight = s.Weight,
                WeightReverse = s.WeightReverse,
                Rise = s.Rise,
                Fall = s.Fall,
                Insecure = !s.Enabled,
            })],
        };
    }

    private static InstanceDump Instance(ConfigInstance c, InstanceStatus s, InstanceStatistics? stats,
        Func<Instant, DateTimeOffset> wallClockOf) => new()
    {
        Name = c.Name,
        Version = c.Version,
        SyncGroup = s.SyncGroup,
        Ipv6 = c.Family == AddressFamily.IPv6,
        State = State(s.State),
        WantState = State(s.WantState),
        MasterRouter = s.MasterAddress?.ToString() ?? (c.Family == AddressFamily.IPv6 ? "::" : "0.0.0.0"),
        MasterPriority = s.MasterPriority,
        MasterAdvertInterval = s.MasterAdvertInterval.ToTimeSpan(),
        Unicast = c.Unicast,
        UnicastFaultNoPeer = c.UnicastFaultNoPeer,
        ConfigFaults = (uint)c.ConfigFaults.Count,
        LastTransition = wallClockOf(s.LastTransition),
        Interface = c.Interface,
        DontTrackPrimary = c.DontTrackPrimary,
        SkipCheckAdvertAddresses = c.SkipCheckAdvertAddresses,
        StrictMode = c.StrictMode,
        SourceAddress = c.SourceAddress,
        SourceAddressFromConfig = c.SourceAddress is not null,
        MulticastGroup = c.Unicast ? null : c.MulticastGroup,
        GarpDelay = c.GarpMasterDelay,
        GarpRepeat = (uint)c.GarpMasterRepeat,
        DownTimerAdverts = (uint)c.DownTimerAdverts,
        LowerPriorityNoAdvert = c.LowerPriorityNoAdvert,
        HigherPrioritySendAdvert = c.HigherPrioritySendAdvert,
        Vrid = c.VirtualRouterId,
        BasePriority = s.BasePriority,
        EffectivePriority = s.EffectivePriority,
        TotalPriority = s.EffectivePriority,
        AdvertInterval = c.AdvertInterval,
        Accept = c.Accept,
        NoPreempt = !c.Preempt,
        PreemptDelay = c.PreemptDelay,
        AuthType = c.AuthType switch
        {
            AuthenticationType.Pass => DumpAuthType.Password,
            AuthenticationType.Ah => DumpAuthType.Ah,
            _ => DumpAuthType.None,
        },
        AuthPassword = c.AuthPassword ?? "",
        VipsInstalled = s.State == VrrpState.Master,
        Vips = [.. c.VirtualIpAddresses.Select(a => Vip(a, c.Interface, s.State == VrrpState.Master))],
        ExcludedVips = [.. c.ExcludedIpAddresses.Select(a => Vip(a, c.Interface, s.State == VrrpState.Master))],
        UnicastTtl = c.Unicast ? c.Ttl : null,
        CheckUnicastSource = c.CheckUnicastSource,
        UnicastPeers = [.. c.UnicastPeers.Select(p => new UnicastPeerDump(p.Address, p.MinTtl ?? 0, p.MaxTtl ?? 255))],
        TrackedInterfaces = [.. c.TrackInterfaces.Select(t => new TrackedDump(t.Name, t.Weight, t.Reverse))],
        TrackedFiles = [.. c.TrackFiles.Select(t => new TrackedDump(t.Name, t.Weight, t.Reverse))],
        TrackedProcesses = [.. c.TrackProcesses.Select(t => new TrackedDump(t.Name, t.Weight, t.Reverse))],
        NotifyPriorityChanges = c.NotifyPriorityChanges,
        Stats = stats is null ? new InstanceStatsDump() : InstanceStatsMapping.FromCounters(stats.AdvertsReceived,
            stats.AdvertsSent, stats.BecameMaster, stats.ReleasedMaster, stats.PriorityZeroReceived, stats.PriorityZeroSent,
            stats.AddressListErrors, stats.Rejected),
    };

    private static VipDump Vip(IpAddressSpec a, string? instanceInterface, bool installed) =>
        new(a.Address, a.PrefixLength, a.Device ?? instanceInterface ?? "")
        {
            Broadcast = a.Broadcast,
            Scope = a.Scope ?? "global",
            Label = a.Label,
            NoTrack = a.NoTrack,
            Installed = installed,
        };

    /// <summary>keepalived's vrrp.h numbering (STOP and DELETED show as INIT), for the dumps and keepalived_vrrp_state.</summary>
    public static DumpVrrpState State(VrrpState state) => state switch
    {
        VrrpState.Backup => DumpVrrpState.Backup,
        VrrpState.Master => DumpVrrpState.Master,
        VrrpState.Fault => DumpVrrpState.Fault,
        _ => DumpVrrpState.Init,
    };
}
