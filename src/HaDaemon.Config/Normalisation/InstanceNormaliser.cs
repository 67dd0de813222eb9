using HaDaemon.Config.Binding;
using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;

namespace HaDaemon.Config.Normalisation;

/// <summary>
/// keepalived's vrrp_complete_instance (vrrp.c), in its order and with its messages: turns a bound instance draft
/// into the values the protocol engine uses. Returns null where keepalived's VRRP process would refuse the
/// whole configuration ("return false"); the caller records that as "cannot run".
/// </summary>
internal static partial class InstanceNormaliser
{
    private const long CentiMicros = 10_000;

    public static VrrpInstance? Complete(BindContext c, InstanceDraft d, GlobalDefs g, SyncGroupDraft? group)
    {
        var name = d.Name;
        var at = d.Location;
        var strict = d.StrictMode ?? g.VrrpStrict;
        var version = d.Version;
        var family = d.Family;
        if (family == AddressFamily.IPv6)
        {
            if (version == 2 && strict)
            {
                c.Error(d.VersionLocation ?? at, $"({name}) cannot use IPv6 with VRRP version 2; setting version 3");
                version = 3;
            }
            else if (version == 0)
            {
                version = 3;
            }
        }
        var fam = family ?? AddressFamily.IPv4;
        if (version == 0)
        {
            version = fam == AddressFamily.IPv6 ? 3 : g.VrrpVersion;
        }
        var unicast = d.UnicastConfigured && d.UnicastPeers.Count > 0;
        var ttl = d.UnicastTtl;
        if (ttl is not null && !unicast)
        {
            c.Error(at, $"({name}): Cannot use unicast_ttl without unicast peers - resetting");
            ttl = null;
        }
        // IPv4 and all multicast send with TTL/hop limit 255 unless unicast_ttl; IPv6 unicast leaves it to the kernel (null).
        if (fam == AddressFamily.IPv4 || !unicast)
        {
            ttl ??= 255;
        }

        if (d.Vips.Count == 0 && (version == 3 || strict) && !d.NoVirtualIpAddress)
        {
            c.Error(at, $"({name}) No VIP specified; at least one is required", "vrrp-refuses-start");
            return null;
        }

        var priority = d.Priority;
        if (priority == 0)
        {
            priority = d.State == InitialState.Master ? 255 : 100;
        }
        InitialState state;
        if (d.State is null)
        {
            state = priority == 255 ? InitialState.Master : InitialState.Backup;
        }
        else
        {
            state = d.State.Value;
            if (strict && (state == InitialState.Master) != (priority == 255))
            {
                c.Error(d.StateLocation ?? at, $"({name}) State MASTER must match being address owner");
                state = priority == 255 ? InitialState.Master : InitialState.Backup;
            }
        }

        var auth = d.AuthType;
        var password = d.AuthPassword;
        var authAt = d.AuthLocation ?? at;
        if (auth != AuthenticationType.None)
        {
            if (strict)
            {
                c.Error(authAt, $"({name}) Strict mode does not support authentication. Ignoring.");
                auth = AuthenticationType.None;
            }
            else if (version == 3)
            {
                c.Error(authAt, $"({name}) VRRP version 3 does not support authentication. Ignoring.");
                auth = AuthenticationType.None;
            }
            else if (string.IsNullOrEmpty(password))
            {
                c.Error(authAt, $"({name}) Authentication specified but no password given. Ignoring");
                auth = AuthenticationType.None;
            }
            else if (fam == AddressFamily.IPv6 && auth == AuthenticationType.Ah)
            {
                c.Error(authAt, $"({name}) Cannot use AH authentication with IPv6. ignoring");
                auth = AuthenticationType.None;
            }
            else if (auth == AuthenticationType.Ah && state == InitialState.Master && priority != 255)
            {
                c.Error(d.StateLocation ?? authAt, $"({name}) Initial state master is incompatible with AH authentication - clearing");
                state = InitialState.Backup;
            }
        }
        if (auth == AuthenticationType.None)
        {
            password = null;
        }

        if (strict && unicast)
        {
            c.Error(at, $"({name}) Unicast peers are not supported in strict mode", "vrrp-refuses-start");
            return null;
        }
        if (d.Interface is null)
        {
            if (d.SourceAddress is null)
            {
                c.Error(at, $"({name}): Unicast instances must have unicast_src_ip or interface", "vrrp-refuses-start");
                return null;
            }
            if (fam == AddressFamily.IPv6 && d.SourceAddress.StartsWith("fe80", StringComparison.OrdinalIgnoreCase))
            {
                c.Error(at, $"({name}) Non link-local address required if interface omitted", "vrrp-refuses-start");
                return null;
            }
        }

        var faults = new List<string>();
        if (d.UnicastConfigured && !unicast)
        {
            if (d.UnicastFaultNoPeer)
            {
                c.Info(at, $"({name}) Cannot use unicast without any peers - going to fault state");
                faults.Add("unicast configured without peers (unicast_fault_no_peer)");
            }
            else
            {
                c.Warning(at, $"({name}) A unicast keyword has been specified without any unicast peers. Defaulting to multicast. This usage is deprecated - please update your configuration.", "deprecated");
            }
        }

        var vmac = d.Vmac;
        if (vmac is not null && strict && vmac.MacAddress is not null)
        {
            c.Error(at, $"({name}): cannot specify MAC address with strict mode - clearing");
            vmac = vmac with { MacAddress = null };
        }
        if (vmac is not null && unicast && d.Interface is null)
        {
            c.Error(at, $"({name}): Cannot use VMAC/ipvlan with unicast and no interface - clearing use_vmac");
            vmac = null;
        }
        var xmitBase = d.VmacXmitBase;
        if (vmac is not null && unicast && !xmitBase)
        {
            c.Error(at, $"({name}) unicast with use_vmac requires vmac_xmit_base - setting");
            xmitBase = true;
        }

        var vips = d.Vips;
        if (fam == AddressFamily.IPv6 && !unicast && vips.Count > 0 && !vips[0].Address.StartsWith("fe80", StringComparison.OrdinalIgnoreCase))
        {
            if (strict)
            {
                c.Error(vips[0].Location, $"({name}) the first IPv6 VIP address must be link local");
            }
            else
            {
                c.Info(vips[0].Location, $"({name}) the first IPv6 VIP address should be link local");
            }
        }

        // VIPs beyond what fits in one advert (255 or the MTU) become eVIPs, as keepalived does. 1500-byte MTU assumed
        // (the interface catalog carries no MTU); the limit is then 255 for IPv4 and 91 for IPv6.
        var evips = new List<IpAddressSpec>(d.Evips);
        var maxAddresses = fam == AddressFamily.IPv4 ? 255 : (1500 - 14 - 40 - 8) / 16;
        if (vips.Count > maxAddresses)
        {
            c.Error(vips[maxAddresses].Location, $"({name}) Number of VIPs ({vips.Count}) exceeds maximum/space available in packet (max {maxAddresses} addresses) - excess moved to eVIPs");
            evips.InsertRange(0, vips.Skip(maxAddresses));
            vips = vips.Take(maxAddresses).ToList();
        }

        var preempt = !d.NoPreempt;
        if (priority == 255 && d.NoPreempt)
        {
            c.Error(d.NoPreemptLocation ?? at, $"({name}) nopreempt is incompatible with priority 255. resetting nopreempt");
            preempt = true;
        }
        var preemptDelay = d.PreemptDelay;
        if (state == InitialState.Master)
        {
            if (!preempt)
            {
                c.Error(d.NoPreemptLocation ?? at, $"({name}) Warning - nopreempt will not work with initial state MASTER - clearing");
                preempt = true;
            }
            if (preemptDelay > TimeSpan.Zero)
            {
                c.Error(d.PreemptDelayLocation ?? at, $"({name}) Warning - preempt delay will not work with initial state MASTER - clearing");
                preemptDelay = TimeSpan.Zero;
            }
        }
        if (preemptDelay > TimeSpan.Zero)
        {
            if (strict)
            {
                c.Error(d.PreemptDelayLocation ?? at, $"({name}) preempt_delay is incompatible with strict mode - resetting");
                preemptDelay = TimeSpan.Zero;
            }
            if (!preempt)
            {
                c.Error(d.PreemptDelayLocation ?? at, $"({name}) preempt_delay is incompatible with nopreempt mode - resetting");
                preemptDelay = TimeSpan.Zero;
            }
        }

        var downTimerAdverts = d.DownTimerAdverts ?? g.DownTimerAdverts;
        if (downTimerAdverts != 3 && strict)
        {
            c.Error(at, $"({name}) down_timer_adverts is incompatible with strict mode - resetting");
            downTimerAdverts = 3;
        }

        var accept = d.Accept ?? (priority == 255 || !strict);
        if (accept && priority != 255 && strict && version == 2)
        {
            c.Error(at, $"({name}) warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting");
            accept = false;
        }

        string? mcastGroup = null;
        if (!unicast)
        {
            mcastGroup = d.McastDestination ?? (fam == AddressFamily.IPv4 ? g.MulticastGroup4 : g.MulticastGroup6);
        }
        else if (d.McastDestination is not null)
        {
            c.Error(at, $"({name}) multicast destination specified with unicast - ignoring");
        }

        var garpLowerRepeat = d.GarpLowerPrioRepeat;
        if (garpLowerRepeat is null)
        {
            garpLowerRepeat = strict ? 0 : g.GarpLowerPriorityRepeat;
        }
        else if (strict && garpLowerRepeat != 0)
        {
            c.Error(at, $"({name}) Strict mode requires no repeat garps. resetting");
            garpLowerRepeat = 0;
        }
        var garpLowerDelay = d.GarpLowerPrioDelay;
        if (garpLowerDelay is null)
        {
            garpLowerDelay = strict ? TimeSpan.Zero : g.GarpLowerPriorityDelay;
        }
        else if (strict && garpLowerDelay != TimeSpan.Zero)
        {
            c.Error(at, $"({name}) Strict mode requires no repeat garp delay. resetting");
            garpLowerDelay = TimeSpan.Zero;
        }
        var lowerPrioNoAdvert = d.LowerPrioNoAdvert;
        if (lowerPrioNoAdvert is null)
        {
            lowerPrioNoAdvert = strict || g.LowerPriorityNoAdvert;
        }
        else if (strict && lowerPrioNoAdvert == false)
        {
            c.Error(at, $"({name}) Strict mode requires no lower priority advert. resetting");
            lowerPrioNoAdvert = true;
        }
        var higherPrioSendAdvert = d.HigherPrioSendAdvert;
        if (higherPrioSendAdvert is null)
        {
            higherPrioSendAdvert = !strict && g.HigherPrioritySendAdvert;
        }
        else if (strict && higherPrioSendAdvert == true)
        {
            c.Error(at, $"({name}) strict mode requires higher_prio_send_advert to be clear. resetting");
            higherPrioSendAdvert = false;
        }

        var smtpAlert = d.SmtpAlert ?? c.Global.SmtpAlertVrrp ?? c.Global.SmtpAlert ?? false;
        var notifyPriorityChanges = d.NotifyPriorityChanges ?? group?.NotifyPriorityChanges ?? g.NotifyPriorityChanges;

        var advert = AdvertInterval(c, d, version);

        if (xmitBase && vmac is null)
        {
            c.Error(at, $"({name}) vmac_xmit_base is only valid with a vmac");
            xmitBase = false;
        }
        if (vmac is not null && xmitBase && strict)
        {
            c.Error(at, $"({name}) xmit_base is incompatible with strict mode - resetting");
            xmitBase = false;
        }
        if (vmac is not null)
        {
            vmac = vmac with { XmitBase = xmitBase };
        }
        var promote = d.PromoteSecondaries;
        if (promote && vmac is not null)
        {
            c.Error(at, $"({name}) promote_secondaries is automatically set for vmacs - ignoring");
            promote = false;
        }

        var trackIfs = new List<TrackerReference>();
        foreach (var tip in d.TrackInterfaces)
        {
            if (tip.Name == d.Interface)
            {
                c.Error(tip.Location, $"({name}) Ignoring track_interface {tip.Name} since own interface");
                continue;
            }
            trackIfs.Add(tip);
        }

        // Addresses without "dev" live on the instance interface; without one keepalived removes them.
        vips = ResolveDevices(c, name, vips, d.Interface, "");
        evips = ResolveDevices(c, name, evips, d.Interface, "e");
        if (vmac is not null)
        {
            // An address-level use_vmac on the instance's own interface and family is what use_vmac already does.
            foreach (var a in vips.Concat(evips).Where(a => a.UseVmac && a.Device == d.Interface && a.Family == fam))
            {
                var shown = a.PrefixLength == (a.Family == AddressFamily.IPv6 ? 128 : 32) ? a.Address : $"{a.Address}/{a.PrefixLength}";
                c.Error(a.Location, $"({name}) use_vmac specified for VIP/eVIP {shown} and vrrp instance");
            }
        }

        if (vips.Count == 0 && !d.NoVirtualIpAddress)
        {
            if (version == 3 || fam == AddressFamily.IPv6 || strict)
            {
                c.Error(at, $"({name}) No VIP specified; at least one is required", "vrrp-refuses-start");
                return null;
            }
            c.Warning(at, $"({name}) No VIP specified; at least one is sensible", "no-vip");
        }

        var trackScripts = new List<TrackerReference>(d.TrackScripts);
        var trackFiles = new List<TrackerReference>(d.TrackFiles);
        var trackProcesses = new List<TrackerReference>(d.TrackProcesses);
        var syncNoWeight = group is not null && !group.TrackingWeight;
        if (syncNoWeight || priority == 255)
        {
            var reason = syncNoWeight ? "SYNC group" : "address owner";
            var reason2 = syncNoWeight ? "SYNC group" : "address_owner";
            for (var i = trackIfs.Count - 1; i >= 0; i--)
            {
                if (trackIfs[i].Weight != 0)
                {
                    c.Error(trackIfs[i].Location, $"({name}) ignoring {trackIfs[i].Name} tracked interface {(syncNoWeight ? "weight " : "")}due to {reason}");
                    if (syncNoWeight)
                    {
                        trackIfs[i] = trackIfs[i] with { Weight = 0 };
                    }
                    else
                    {
                        trackIfs.RemoveAt(i);
                    }
                }
            }
            trackScripts.RemoveAll(sc =>
            {
                if (sc.Weight == 0)
                {
                    return false;
                }
                c.Error(sc.Location, $"({name}) ignoring tracked script {sc.Name} with weights due to {reason2}");
                return true;
            });
            for (var i = trackFiles.Count - 1; i >= 0; i--)
            {
                var tf = trackFiles[i];
                if (tf.Weight == 1)
                {
                    c.Error(tf.Location, $"({name}) ignoring weight from tracked file {tf.Name} due to {reason2}. specify weight 0");
                    trackFiles[i] = tf with { Weight = 0 };
                }
                else if (tf.Weight != 0)
                {
                    c.Error(tf.Location, $"({name}) ignoring tracked file {tf.Name} with weight {tf.Weight} due to {reason2}");
                    trackFiles.RemoveAt(i);
                }
            }
        }

        return new VrrpInstance(
            name, at, d.Interface, d.VirtualRouterId, priority, state, version, fam, advert, strict, accept, preempt, preemptDelay,
            vips, evips, d.Routes, d.Rules, auth, password, d.SourceAddress, mcastGroup, unicast, unicast ? d.UnicastPeers : [],
            d.UnicastFaultNoPeer, d.CheckUnicastSrc || g.CheckUnicastSource || d.UnicastPeers.Any(p => p.MinTtl is not null || p.MaxTtl is not null),
            ttl, d.TrackSourceIp && d.SourceAddress is not null, d.OldUnicastChecksum, d.OldUnicastChecksumNever,
            d.V3ChecksumAsV2 ?? g.V3ChecksumAsV2, trackIfs, trackScripts, trackFiles, trackProcesses, d.DontTrackPrimary,
            d.BuildNotify(), smtpAlert, notifyPriorityChanges, vmac, promote,
            d.GarpMasterDelay ?? g.GarpMasterDelay, d.GarpMasterRepeat ?? g.GarpMasterRepeat,
            d.GarpMasterRefresh ?? g.GarpMasterRefresh, d.GarpMasterRefreshRepeat ?? g.GarpMasterRefreshRepeat,
            garpLowerDelay.Value, garpLowerRepeat.Value, d.GarpExtraIf ?? g.GarpExtraInterfaceInterval,
            d.GarpExtraIf is null ? g.GarpExtraAllInterfaces : d.GarpExtraIfAll,
            lowerPrioNoAdvert.Value, higherPrioSendAdvert.Value, d.OwnerIgnoreAdverts ?? g.OwnerIgnoreAdverts, downTimerAdverts,
            d.SkipCheckAdvAddr ?? g.SkipCheckAdvertAddresses, d.TimerExpiredBackupPriority, group?.Name, faults);
    }
}
