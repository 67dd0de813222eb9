using System.Collections.Immutable;
using System.Net;
using HaDaemon.Config.Model;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using ConfigFamily = HaDaemon.Config.Model.AddressFamily;
using ConfigState = HaDaemon.Config.Model.InitialState;
using EngineFamily = System.Net.Sockets.AddressFamily;
using EngineState = HaDaemon.Core.Engine.Settings.InitialState;
using EnginePeer = HaDaemon.Core.Packets.UnicastPeer;

namespace HaDaemon.Mapping;

/// <summary>
/// The normalised keepalived.conf model → the engine's immutable settings. The config layer already applied
/// keepalived's defaults and corrections (vrrp_complete_instance); this only changes representation, plus the one
/// thing only the host knows: the source address of each instance, resolved from the interface now.
/// </summary>
public static class EngineSettingsMapper
{
    public static RouterSettings Map(KeepalivedConfig config, IInterfaceAddresses interfaces)
    {
        var enabledScripts = config.Scripts.Where(s => s.Enabled).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var allVips = config.Instances
            .SelectMany(i => i.VirtualIpAddresses.Concat(i.ExcludedIpAddresses))
            .Select(a => IPAddress.Parse(a.Address))
            .ToHashSet();
        var vmacs = VmacLayout.Build(config, interfaces.IsNonMacvlanInterface);
        return new RouterSettings
        {
            Instances = [.. config.Instances.Select(i => MapInstance(i, config.Global, interfaces, allVips, enabledScripts, vmacs[i.Name]))],
            Scripts = [.. config.Scripts.Where(s => s.Enabled).Select(s => new ScriptSettings(s.Name, s.Rise, s.Fall, s.InitFail))],
            Files = [.. config.TrackFiles.Select(f => new TrackFileSettings(f.Name))],
            Processes = [.. config.TrackProcesses.Select(p => new TrackProcessSettings(p.Name, p.Quorum, p.QuorumMax))],
            SyncGroups = [.. config.SyncGroups.Select(g => new SyncGroupSettings
            {
                Name = g.Name,
                Members = [.. g.Members],
                Trackers = Trackers(g.TrackInterfaces, g.TrackScripts, g.TrackFiles, g.TrackProcesses, enabledScripts),
                TrackingWeight = g.TrackingWeight,
            })],
            StartupDelay = ToDuration(config.Global.StartupDelay),
            DelayAfterBoot = ToDuration(config.Global.DelayAfterBoot),
        };
    }

    public static InstanceSettings MapInstance(VrrpInstance i, GlobalDefs global, IInterfaceAddresses interfaces,
        IReadOnlySet<IPAddress> allVips, IReadOnlySet<string> enabledScripts, InstanceVmacs? vmacs = null)
    {
        var family = i.Family == ConfigFamily.IPv6 ? EngineFamily.InterNetworkV6 : EngineFamily.InterNetwork;
        var version = i.Version == 3 ? VrrpVersion.V3 : VrrpVersion.V2;
        var interfaceName = i.Interface ?? global.DefaultInterface;
        var vips = i.VirtualIpAddresses.Select(a => IPAddress.Parse(a.Address)).ToImmutableArray();
        var evips = i.ExcludedIpAddresses.Select(a => IPAddress.Parse(a.Address)).ToImmutableArray();
        var source = i.SourceAddress is { } configured
            ? IPAddress.Parse(configured)
            : SourceAddressResolver.Resolve(interfaces, interfaceName, family, allVips);
        return new InstanceSettings
        {
            Name = i.Name,
            VirtualRouterId = (byte)i.VirtualRouterId,
            Version = version,
            Family = family,
            Interface = interfaceName,
            Priority = (byte)i.Priority,
            AdvertInterval = WireInterval(i.AdvertInterval, version),
            InitialState = i.InitialState == ConfigState.Master ? EngineState.Master : EngineState.Backup,
            Preempt = i.Preempt,
            PreemptDelay = ToDuration(i.PreemptDelay),
            Accept = i.Accept,
            AuthType = i.AuthType switch
            {
                AuthenticationType.Pass => VrrpAuthType.Password,
                AuthenticationType.Ah => VrrpAuthType.AuthenticationHeader,
                _ => VrrpAuthType.None,
            },
            AuthPassword = i.AuthPassword ?? "",
            VirtualAddresses = vips,
            ExcludedAddresses = evips,
            NoTrackAddresses = [.. i.VirtualIpAddresses.Concat(i.ExcludedIpAddresses).Where(a => a.NoTrack)
                .Select(a => IPAddress.Parse(a.Address))],
            UnicastPeers = [.. i.UnicastPeers.Select(p => new EnginePeer(IPAddress.Parse(p.Address),
                (byte?)p.MinTtl, (byte?)p.MaxTtl))],
            MulticastGroup = i.Unicast || i.MulticastGroup is null ? null : IPAddress.Parse(i.MulticastGroup),
            PrimaryAddress = source,
            DownTimerAdverts = i.DownTimerAdverts,
            LowerPrioNoAdvert = i.LowerPriorityNoAdvert,
            HigherPrioSendAdvert = i.HigherPrioritySendAdvert,
            OwnerIgnoreAdverts = i.OwnerIgnoreAdverts,
            SkipCheckAdvertAddresses = i.SkipCheckAdvertAddresses,
            CheckUnicastSource = i.CheckUnicastSource,
            GarpMasterDelay = ToDuration(i.GarpMasterDelay),
            GarpMasterRepeat = i.GarpMasterRepeat,
            GarpMasterRefresh = ToDuration(i.GarpMasterRefresh),
            GarpMasterRefreshRepeat = i.GarpMasterRefreshRepeat,
            GarpLowerPrioDelay = ToDuration(i.GarpLowerPriorityDelay),
            GarpLowerPrioRepeat = i.GarpLowerPriorityRepeat,
            NotifyPriorityChanges = i.NotifyPriorityChanges,
            NotifyDeleted = i.Notify.Deleted is not null || i.Notify.DeletedWithoutScript,
            Trackers = Trackers(i.TrackInterfaces, i.TrackScripts, i.TrackFiles, i.TrackProcesses, enabledScripts),
            DontTrackPrimary = i.DontTrackPrimary,
            TrackedAddressInterfaces = TrackedAddressInterfaces(i, interfaceName, vmacs ?? InstanceVmacs.None(interfaceName)),
            ConfigFaults = [.. i.ConfigFaults],
        };
    }

    /// <summary>
    /// keepalived tracks the interface of every VIP/eVIP (down => FAULT) unless the address says no_track, and an
    /// instance's VMAC like its own interface (unless dont_track_primary): the engine knows the instance by its
    /// configured interface, so the VMAC is listed here.
    /// </summary>
    private static ImmutableArray<string> TrackedAddressInterfaces(VrrpInstance i, string interfaceName, InstanceVmacs vmacs)
    {
        var own = vmacs.Instance?.EffectiveName;
        var addressDevices = i.VirtualIpAddresses.Concat(i.ExcludedIpAddresses)
            .Where(a => !a.NoTrack)
            .Select(a => vmacs.InterfaceOf(a, interfaceName))
            .Where(d => d != interfaceName && d != own);
        var vmac = own is not null && !i.DontTrackPrimary ? [own] : Array.Empty<string>();
        return [.. vmac.Concat(addressDevices).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Tracked items with their resolved weights. References to scripts that script security disabled are dropped,
    /// as keepalived drops them (a disabled script never reports and must not hold the instance in FAULT).
    /// </summary>
    private static ImmutableArray<TrackedItem> Trackers(IReadOnlyList<TrackerReference> interfaces,
        IReadOnlyList<TrackerReference> scripts, IReadOnlyList<TrackerReference> files,
        IReadOnlyList<TrackerReference> processes, IReadOnlySet<string> enabledScripts) =>
    [
        .. interfaces.Select(t => new TrackedItem(TrackerKind.Interface, t.Name, t.Weight, t.Reverse)),
        .. scripts.Where(t => enabledScripts.Contains(t.Name)).Select(t => new TrackedItem(TrackerKind.Script, t.Name, t.Weight, t.Reverse)),
        .. files.Select(t => new TrackedItem(TrackerKind.File, t.Name, t.Weight, t.Reverse)),
        .. processes.Select(t => new TrackedItem(TrackerKind.Process, t.Name, t.Weight, t.Reverse)),
    ];

    /// <summary>The advert interval in the version's wire unit (v2 whole seconds, v3 centiseconds), as keepalived sends it.</summary>
    public static Duration WireInterval(TimeSpan interval, VrrpVersion version)
    {
        var micro = interval.Ticks / 10;
        return version == VrrpVersion.V2
            ? Duration.FromSeconds(Math.Clamp((micro + 500_000) / 1_000_000, 1, 255))
            : Duration.FromCentiseconds(Math.Clamp((micro + 5_000) / 10_000, 1, 4095));
    }

    public static Duration ToDuration(TimeSpan span) => Duration.FromMicroseconds(span.Ticks / 10);
}
