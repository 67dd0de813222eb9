using System.Globalization;

namespace HaDaemon.Notify;

/// <summary>The exact words keepalived writes (vrrp_notify.c): FIFO lines and the generic script's arguments.</summary>
public static class NotifyWords
{
    public static string Of(NotifyState state) => state switch
    {
        NotifyState.Master => "MASTER",
        NotifyState.Backup => "BACKUP",
        NotifyState.Fault => "FAULT",
        NotifyState.Stop => "STOP",
        NotifyState.Deleted => "DELETED",
        NotifyState.MasterRxLowerPri => "MASTER_RX_LOWER_PRI",
        NotifyState.MasterPriority => "MASTER_PRIORITY",
        NotifyState.BackupPriority => "BACKUP_PRIORITY",
        _ => "{UNKNOWN}",
    };

    public static string Of(NotifyTargetKind kind) => kind == NotifyTargetKind.Group ? "GROUP" : "INSTANCE";

    /// <summary><c>INSTANCE "VI_1" MASTER 100\n</c> — the name is quoted but not escaped, as in keepalived.</summary>
    public static string FifoLine(NotifyEvent e) =>
        $"{Of(e.Kind)} \"{e.Name}\" {Of(e.ReportedState)} {e.ReportedPriority.ToString(CultureInfo.InvariantCulture)}\n";

    /// <summary>The 4 arguments appended to the generic <c>notify</c> script: INSTANCE|GROUP NAME STATE PRIORITY.</summary>
    public static IReadOnlyList<string> GenericArgs(NotifyEvent e) =>
        [Of(e.Kind), e.Name, Of(e.ReportedState), e.ReportedPriority.ToString(CultureInfo.InvariantCulture)];
}
