using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Model;

/// <summary>
/// One line of <c>virtual_ipaddress</c>, <c>virtual_ipaddress_excluded</c> or <c>static_ipaddress</c> (§1.12),
/// as <c>ip addr add</c> would receive it. <see cref="Device"/> is null when the line named no <c>dev</c>: the
/// instance interface (or <c>default_interface</c> for static addresses) applies, resolved in <see cref="Device"/>
/// after normalisation.
/// </summary>
public sealed record IpAddressSpec(
    string Address,
    AddressFamily Family,
    int PrefixLength,
    string? Device,
    string? Broadcast,
    string? Scope,
    string? Label,
    string? Peer,
    bool Home,
    bool NoDad,
    bool ManageTempAddress,
    bool NoPrefixRoute,
    bool AutoJoin,
    bool NoTrack,
    bool UseVmac,
    uint? PreferredLifetime,
    string? TrackGroup,
    SourceLocation Location)
{
    public override string ToString() => $"{Address}/{PrefixLength}" + (Device is null ? "" : $" dev {Device}");
}
