using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;

namespace HaDaemon.Config.Loading;

/// <summary>
/// What the daemon gets at start and on reload: the normalised model (null when keepalived would not start VRRP at
/// all), every diagnostic in order, keepalived's -t classification and whether the VRRP side can run.
/// </summary>
/// <param name="CanRun">
/// False when keepalived's VRRP process would refuse the configuration even though -t may say 5 (e.g. an instance
/// without virtual_router_id, a VRID conflict, a VRRPv3 instance without VIPs): the daemon must not start it.
/// </param>
public sealed record LoadResult(
    KeepalivedConfig? Config,
    IReadOnlyList<Diagnostic> Diagnostics,
    ConfigTestResult TestResult,
    bool CanRun)
{
    public int ExitCode => (int)TestResult;
}
