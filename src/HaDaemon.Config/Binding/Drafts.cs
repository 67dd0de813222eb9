using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;

namespace HaDaemon.Config.Binding;

// Mutable drafts filled by the keyword handlers. null means "not configured" (keepalived's PARAMETER_UNSET);
// normalisation turns them into the immutable model records.

internal sealed class GlobalDraft
{
    public string? RouterId;
    public List<string> NotificationEmails = [];
    public string? NotificationEmailFrom;
    public string? SmtpServer;
    public SmtpServer? SmtpServerEndpoint;
    public string? SmtpHeloName;
    public TimeSpan? SmtpConnectTimeout;
    public bool NoEmailFaults;
    public bool? SmtpAlert;
    public bool? SmtpAlertVrrp;
    public bool VrrpStrict;
    public bool SkipCheckAdvAddr;
    public TimeSpan GarpInterval;
    public TimeSpan GnaInterval;
    public TimeSpan GarpMasterDelay = TimeSpan.FromSeconds(5);
    public int GarpMasterRepeat = 5;
    public TimeSpan GarpMasterRefresh;
    public int GarpMasterRefreshRepeat = 1;
    public TimeSpan? GarpLowerPrioDelay;
    public int? GarpLowerPrioRepeat;
    public TimeSpan GarpExtraIf;
    public bool GarpExtraIfAll;
    public bool LowerPrioNoAdvert;
    public bool HigherPrioSendAdvert;
    public int VrrpVersion = 2;
    public bool V3ChecksumAsV2;
    public string McastGroup4 = "224.0.0.18";
    public string McastGroup6 = "ff02::12";
    public bool CheckUnicastSrc;
    public int DownTimerAdverts = 3;
    public bool OwnerIgnoreAdverts;
    public TimeSpan StartupDelay;
    public TimeSpan DelayAfterBoot;
    public NotifyFifo? NotifyFifo;
    public NotifyFifo? VrrpNotifyFifo;
    public ScriptInvocation? NotifyFifoScript;
    public ScriptInvocation? VrrpNotifyFifoScript;
    public bool NotifyPriorityChanges;
    public bool FifoWriteStatesOnReload;
    public bool DynamicInterfaces;
    public bool AllowIfChanges;
    public string DefaultInterface = "eth0";
    public bool EnableScriptSecurity;
    public string? ScriptUser;
    public string? ScriptGroup;
    public SourceLocation? ScriptUserLocation;
    public string StateDumpFile = "/tmp/keepalived.data";
    public string StatsDumpFile = "/tmp/keepalived.stats";
    public string JsonDumpFile = "/tmp/keepalived.json";
    public string VmacPrefix = "vrrp";
    public string? VmacAddrPrefix;
    public bool LogUnknownVrids;
    public StatusListen? StatusListen;
    public bool StatusAllowRemote;
    public LogFormat? LogFormat;
    public ProcessDefs Process = ProcessDefs.Default;
}

internal sealed class ScriptDraft(string name, SourceLocation at)
{
    public string Name = name;
    public SourceLocation Location = at;
    public ScriptInvocation? Script;
    public string? User;
    public string? Group;
    public TimeSpan Interval = TimeSpan.FromSeconds(1);
    public TimeSpan? Timeout;
    public int Weight;
    public bool WeightReverse;
    public int Rise = 1;
    public int Fall = 1;
    public bool InitFail;
    public bool Enabled = true;
}

internal sealed class TrackFileDraft(string name, SourceLocation at)
{
    public string Name = name;
    public SourceLocation Location = at;
    public string? Path;
    public int Weight = 1;
    public bool WeightReverse;
    public bool InitFile;
    public long? InitValue;
    public bool InitOverwrite;
}

internal sealed class TrackProcessDraft(string name, SourceLocation at)
{
    public string Name = name;
    public SourceLocation Location = at;
    public string? Process;
    public List<string> Parameters = [];
    public ProcessParamMatch ParamMatch = ProcessParamMatch.Exact;
    public bool FullCommand;
    public int Weight;
    public bool WeightSet;
    public bool WeightReverse;
    public int Quorum = 1;
    public int QuorumMax = int.MaxValue;
    public TimeSpan Delay;
    public TimeSpan TerminateDelay;
    public TimeSpan ForkDelay;
}

/// <summary>Tracker references and notify scripts, shared by instances and sync groups.</summary>
internal class TrackingDraft
{
    public List<TrackerReference> TrackInterfaces = [];
    public List<TrackerReference> TrackScripts = [];
    public List<TrackerReference> TrackFiles = [];
    public List<TrackerReference> TrackProcesses = [];
    public ScriptInvocation? NotifyMaster;
    public ScriptInvocation? NotifyBackup;
    public ScriptInvocation? NotifyFault;
    public ScriptInvocation? NotifyStop;
    public ScriptInvocation? NotifyDeleted;
    public bool NotifyDeletedSet;
    public ScriptInvocation? NotifyMasterRxLowerPri;
    public ScriptInvocation? Notify;
    public bool? SmtpAlert;
    public bool? NotifyPriorityChanges;

    public NotifyScripts BuildNotify() =>
        new(NotifyMaster, NotifyBackup, NotifyFault, NotifyStop, NotifyDeleted, NotifyDeletedSet && NotifyDeleted is null,
            NotifyMasterRxLowerPri, Notify);
}

internal sealed class SyncGroupDraft(string name, SourceLocation at) : TrackingDraft
{
    public string Name = name;
    public SourceLocation Location = at;
    public List<(string Name, SourceLocation At)> Members = [];
    public bool GroupSeen;
    public bool TrackingWeight;
}

internal sealed class InstanceDraft(string name, SourceLocation at) : TrackingDraft
{
    public string Name = name;
    public SourceLocation Location = at;
    public string? Interface;
    public SourceLocation? InterfaceLocation;
    public int VirtualRouterId;
    public int Priority;
    public SourceLocation? PriorityLocation;
    public InitialState? State;
    public SourceLocation? StateLocation;
    public int Version;
    public SourceLocation? VersionLocation;
    public AddressFamily? Family;
    public long AdvertIntervalMicros;
    public SourceLocation? AdvertLocation;
    public bool? StrictMode;
    public bool? Accept;
    public bool NoPreempt;
    public SourceLocation? NoPreemptLocation;
    public TimeSpan PreemptDelay;
    public SourceLocation? PreemptDelayLocation;
    public List<IpAddressSpec> Vips = [];
    public List<IpAddressSpec> Evips = [];
    public List<RouteSpec> Routes = [];
    public List<RuleSpec> Rules = [];
    public AuthenticationType AuthType;
    public string? AuthPassword;
    public SourceLocation? AuthLocation;
    public string? SourceAddress;
    public string? McastDestination;
    public bool UnicastConfigured;
    public bool UnicastFaultNoPeer;
    public List<UnicastPeer> UnicastPeers = [];
    public bool CheckUnicastSrc;
    public int? UnicastTtl;
    public bool TrackSourceIp;
    public bool OldUnicastChecksum;
    public bool OldUnicastChecksumNever;
    public bool? V3ChecksumAsV2;
    public bool DontTrackPrimary;
    public VmacSpec? Vmac;
    public bool VmacXmitBase;
    public bool NativeIpv6;
    public bool PromoteSecondaries;
    public TimeSpan? GarpMasterDelay;
    public int? GarpMasterRepeat;
    public TimeSpan? GarpMasterRefresh;
    public int? GarpMasterRefreshRepeat;
    public TimeSpan? GarpLowerPrioDelay;
    public int? GarpLowerPrioRepeat;
    public TimeSpan? GarpExtraIf;
    public bool GarpExtraIfAll;
    public bool? LowerPrioNoAdvert;
    public bool? HigherPrioSendAdvert;
    public bool? OwnerIgnoreAdverts;
    public int? DownTimerAdverts;
    public bool? SkipCheckAdvAddr;
    public bool NoVirtualIpAddress;
    public int? TimerExpiredBackupPriority;
    public List<string> ConfigFaults = [];
}
