using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Scripts;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Logging;

/// <summary>
/// Log lines in keepalived 2.2.7's own words (vrrp.c, vrrp_track.c, vrrp_scheduler.c), for the events operators
/// alert on: a lost or contested election, a duplicate master, a refused advert, a track script's verdict, a
/// priority change. Log-based alert rules written for keepalived (Loki/LogQL packs match phrases such as
/// "with lower priority N, ours", "please resolve", "received an invalid passwd", "VRRP_Script(NAME) failed") keep
/// working after the switch. The values are structured properties, so the JSON log format carries them as fields.
/// </summary>
public static class KeepalivedLines
{
    public static void Heard(ILogger logger, MasterHeardAdvert h)
    {
        switch (h.Verdict)
        {
            case HeardAdvert.LowerPriority:
            case HeardAdvert.LowerPriorityQuiet:
                logger.LogInformation("({Instance}) Received advert from {Peer} with lower priority {PeerPriority}, ours {OurPriority}{Election}",
                    h.Instance, h.Peer, h.PeerPriority, h.OurPriority, h.Verdict == HeardAdvert.LowerPriority ? ", forcing new election" : "");
                break;
            case HeardAdvert.HigherPriority:
                logger.LogInformation("({Instance}) Master received advert from {Peer} with higher priority {PeerPriority}, ours {OurPriority}",
                    h.Instance, h.Peer, h.PeerPriority, h.OurPriority);
                break;
            case HeardAdvert.SamePriorityHigherAddress:
                logger.LogInformation("({Instance}) Master received advert from {Peer} with same priority {PeerPriority} but higher IP address than ours",
                    h.Instance, h.Peer, h.PeerPriority);
                break;
            case HeardAdvert.OwnAddress:
                logger.LogWarning("({Instance}) WARNING - equal priority advert received from remote host with our IP address.", h.Instance);
                break;
            case HeardAdvert.OwnerConflict:
                logger.LogError("({Instance}) CONFIGURATION ERROR: local instance and {Peer} are both configured as address owner, please resolve",
                    h.Instance, h.Peer);
                break;
            case HeardAdvert.OwnerStillAdvertising:
                logger.LogError("({Instance}) {Peer} is still advertising as address owner, please resolve - reducing our priority",
                    h.Instance, h.Peer);
                break;
        }
    }

    public static void PriorityChanged(ILogger logger, PriorityChanged p) =>
        logger.LogInformation("({Instance}) Changing effective priority from {From} to {To}", p.Instance, p.From, p.To);

    /// <summary>
    /// keepalived's verdict line: "succeeded", "timed_out", or "failed (exited with status N)" / "failed (due to
    /// signal N)"; <paramref name="lastRun"/> is the run that tipped the counter (null: not known, plain "failed").
    /// </summary>
    public static void ScriptStatus(ILogger logger, string script, bool good, TrackScriptResult? lastRun)
    {
        if (good)
        {
            logger.LogInformation("VRRP_Script({Script}) succeeded", script);
        }
        else if (lastRun?.Outcome == ScriptOutcome.Timeout)
        {
            logger.LogInformation("VRRP_Script({Script}) timed_out", script);
        }
        else if (lastRun?.ExitCode is { } code)
        {
            logger.LogInformation("VRRP_Script({Script}) failed (exited with status {ExitCode})", script, code);
        }
        else if (lastRun?.Signal is { } signal)
        {
            logger.LogInformation("VRRP_Script({Script}) failed (due to signal {Signal})", script, signal);
        }
        else
        {
            logger.LogInformation("VRRP_Script({Script}) failed", script);
        }
    }

    /// <summary>keepalived logs a script's exit status whenever it differs from the previous run's.</summary>
    public static void ScriptReturnChanged(ILogger logger, string script, int exitCode) =>
        logger.LogInformation("Script `{Script}` now returning {ExitCode}", script, exitCode);

    /// <summary>
    /// Why an advert was dropped, as keepalived's vrrp_check_packet says it. <paramref name="advert"/> and
    /// <paramref name="settings"/> are known for the instance checks (then the received and expected values are
    /// given); the packet checks only know the sender and the TTL. <paramref name="repeats"/> is how many more of the
    /// same were dropped without a line since the last one (see <see cref="RepeatLimiter"/>).
    /// </summary>
    public static void Rejected(ILogger logger, string instance, AdvertRejection reason, IPAddress source, byte hopLimit,
        ReceivedAdvert? advert, InstanceSettings? settings, int repeats)
    {
        var more = repeats > 0 ? $" ({repeats} more like it not logged)" : "";
        var a = advert?.Advert;
        switch (reason)
        {
            case AdvertRejection.TtlNot255:
                logger.LogInformation("({Instance}) invalid TTL/HL. Received {Ttl} and expect 255 (from {Source}){More}", instance, hopLimit, source, more);
                break;
            case AdvertRejection.PeerTtlOutOfRange:
                var peer = settings?.UnicastPeers.FirstOrDefault(p => p.Address.Equals(source));
                logger.LogInformation("({Instance}) TTL/HL {Ttl} not in range {MinTtl} - {MaxTtl} (from {Source}){More}",
                    instance, hopLimit, peer?.MinTtl ?? 0, peer?.MaxTtl ?? 255, source, more);
                break;
            case AdvertRejection.BadVersion:
                logger.LogInformation("({Instance}) wrong version. Received an unknown version from {Source}{More}", instance, source, more);
                break;
            case AdvertRejection.VersionMismatch:
                logger.LogInformation("({Instance}) wrong version. Received {Version} and expect {Expected} (from {Source}){More}",
                    instance, (int?)a?.Version, (int?)settings?.Version, source, more);
                break;
            case AdvertRejection.InvalidAuthType:
                logger.LogInformation("({Instance}) Invalid auth type: {AuthType} (from {Source}){More}", instance, (int?)a?.AuthType, source, more);
                break;
            case AdvertRejection.AuthTypeMismatch:
                logger.LogInformation("({Instance}) received a {AuthType} auth, expecting {Expected}! (from {Source}){More}",
                    instance, (int?)a?.AuthType, (int?)settings?.AuthType, source, more);
                break;
            case AdvertRejection.AuthPasswordMismatch:
                logger.LogInformation("({Instance}) received an invalid passwd! (from {Source}){More}", instance, source, more);
                break;
            case AdvertRejection.IntervalMismatch:
                logger.LogInformation("({Instance}) advertisement interval mismatch mine={Mine} sec rcv'd={Received} sec (from {Source}){More}",
                    instance, settings?.AdvertInterval.TotalSeconds, a?.Interval.TotalSeconds, source, more);
                break;
            case AdvertRejection.BadType:
                logger.LogInformation("({Instance}) Invalid packet type from {Source}, expect 1{More}", instance, source, more);
                break;
            case AdvertRejection.TooShort:
            case AdvertRejection.LengthMismatch:
                logger.LogInformation("({Instance}) vrrp packet too short or its lengths disagree (from {Source}){More}", instance, source, more);
                break;
            case AdvertRejection.BadChecksum:
                logger.LogInformation("({Instance}) Invalid VRRP checksum (from {Source}){More}", instance, source, more);
                break;
            case AdvertRejection.WrongDestination:
                var unicast = settings?.IsUnicast ?? false;
                logger.LogInformation("({Instance}) Expected {Expected}icast packet but received {Received}icast packet (from {Source}){More}",
                    instance, unicast ? "un" : "mult", unicast ? "mult" : "un", source, more);
                break;
            case AdvertRejection.UnicastSourceNotPeer:
                logger.LogInformation("({Instance}) unicast source address {Source} not a unicast peer{More}", instance, source, more);
                break;
            case AdvertRejection.AddressListMismatch:
                logger.LogInformation("({Instance}) ip address associated with VRID {Vrid} not present in MASTER advert from {Source}{More}",
                    instance, settings?.VirtualRouterId, source, more);
                break;
            case AdvertRejection.AuthHeaderIcvMismatch:
                // keepalived says the same for a wrong SPI (which it logs apart), so the SPI case is folded in here.
                logger.LogInformation("({Instance}) IPSEC-AH : invalid IPSEC HMAC-MD5 value. Due to fields mutation or bad password ! (from {Source}){More}",
                    instance, source, more);
                break;
            case AdvertRejection.AuthHeaderReplay:
                logger.LogInformation("({Instance}) IPSEC-AH : sequence number already processed. Packet dropped. (from {Source}){More}",
                    instance, source, more);
                break;
            case AdvertRejection.AuthHeaderMismatch:
                logger.LogInformation("({Instance}) IPSEC-AH header present on one side only (auth_type differs), from {Source}{More}",
                    instance, source, more);
                break;
            default:
                // Not an advert for us (unknown VRID, not VRRP, a broken IP header) or one keepalived drops silently
                // (vrrp_owner_ignore_adverts): counted, and logged only at debug level.
                logger.LogDebug("({Instance}) advert from {Source} dropped: {Reason}", instance, source, reason);
                break;
        }
    }
}
