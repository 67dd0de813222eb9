using HaDaemon.Dumps;
using HaDaemon.Scripts;

namespace HaDaemon.Tests.Dumps;

/// <summary>A snapshot shaped like keepalived-exporter's v2.1.5 sample (VI_EXT_1 MASTER, unicast), plus a v3 BACKUP.</summary>
internal static class DumpSamples
{
    public static DateTimeOffset At(long seconds, int micros) =>
        DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10L);

    public static DumpSnapshot Snapshot() => new()
    {
        Global = new GlobalDumpInfo { RouterId = "lb1" },
        Instances =
        [
            new InstanceDump
            {
                Name = "VI_EXT_1",
                Version = 2,
                State = DumpVrrpState.Master,
                WantState = DumpVrrpState.Master,
                Unicast = true,
                LastTransition = At(1594831166, 420598),
                ReadTimeout = At(1594995529, 942882),
                MasterDownTimerMicroseconds = 608848,
                Interface = "ens192",
                SourceAddress = "192.168.1.1",
                SourceAddressFromConfig = true,
                Vrid = 10,
                BasePriority = 100,
                EffectivePriority = 100,
                TotalPriority = 100,
                Accept = true,
                AuthType = DumpAuthType.Password,
                AuthPassword = "bacbefe5",
                VipsInstalled = true,
                Vips = [new VipDump("192.168.2.1", 32, "ens192") { Installed = true }],
                UnicastTtl = 255,
                UnicastPeers = [new UnicastPeerDump("192.168.1.2"), new UnicastPeerDump("192.168.1.3")],
                Sockets = (12, 13),
                TrackedScripts = [new TrackedScriptDump("check_script", "'/etc/keepalived/script.sh'", -60)],
                Notify = new NotifyScriptDump("'/etc/keepalived/notify.sh'"),
                Stats = new InstanceStatsDump
                {
                    AdvertReceived = 11, AdvertSent = 12, BecameMaster = 2, ReleasedMaster = 1,
                    PacketLengthErrors = 1, TtlErrors = 1, InvalidTypeReceived = 1, AdvertIntervalErrors = 1, AddressListErrors = 1,
                    InvalidAuthType = 2, AuthTypeMismatch = 2, AuthFailure = 2, PriorityZeroReceived = 1, PriorityZeroSent = 1,
                },
            },
            new InstanceDump
            {
                Name = "VI_6",
                Version = 3,
                SyncGroup = "G1",
                Ipv6 = true,
                State = DumpVrrpState.Backup,
                WantState = DumpVrrpState.Backup,
                MasterRouter = "fe80::1",
                MasterPriority = 200,
                MasterAdvertInterval = TimeSpan.FromMilliseconds(500),
                LastTransition = At(1591000000, 5),
                ReadTimeout = null,
                MasterDownTimerMicroseconds = 1804687,
                Interface = "eth1",
                SourceAddress = "fe80::2",
                MulticastGroup = "ff02::12",
                MulticastIfIndex = 3,
                NoPreempt = true,
                PreemptDelay = TimeSpan.FromSeconds(2.5),
                Vrid = 51,
                BasePriority = 150,
                EffectivePriority = 140,
                TotalPriority = 140,
                AdvertInterval = TimeSpan.FromMilliseconds(500),
                Vips = [new VipDump("2001:db8::10", 64, "eth1") { PreferredLifetime = "forever", NoTrack = true }],
                TrackedInterfaces = [new TrackedDump("eth0", -10, Reverse: true)],
                TrackedFiles = [new TrackedDump("tf", 1)],
                NotifyDeleted = true,
                NotifyMaster = new NotifyScriptDump("'/usr/local/bin/up' 'it'\\''s'", 1000, 1000),
                NotifyPriorityChanges = true,
            },
        ],
        SyncGroups = [new SyncGroupDump { Name = "G1", State = DumpVrrpState.Backup, Members = ["VI_6"] }],
        Scripts =
        [
            new ScriptDump
            {
                Name = "check_script",
                Command = "'/etc/keepalived/script.sh'",
                Interval = TimeSpan.FromSeconds(2),
                Timeout = TimeSpan.FromSeconds(2),
                Weight = -60,
                Rise = 5,
                Fall = 1,
                Result = 5,
                TrackingInstances = [new TrackedDump("VI_EXT_1", -60)],
                RunState = TrackScriptState.Idle,
            },
        ],
    };
}
