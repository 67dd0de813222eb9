using System.Net;

namespace HaDaemon.Core.Packets;

public enum VrrpVersion : byte
{
    V2 = 2,
    V3 = 3,
}

/// <summary>VRRPv2 authentication type (RFC 3768 §5.3.6; AH is recognised for keepalived compatibility).</summary>
public enum VrrpAuthType : byte
{
    None = 0,
    Password = 1,
    AuthenticationHeader = 2,
}

/// <summary>
/// A decoded VRRP advertisement: the VRRP message itself, independent of the IP header that carried it.
/// The advertisement interval is kept in the unit the wire uses so that seconds and centiseconds can
/// never be confused: v2 carries whole seconds, v3 carries centiseconds (12 bits).
/// </summary>
public sealed record VrrpAdvert
{
    public required VrrpVersion Version { get; init; }
    public required byte VirtualRouterId { get; init; }
    /// <summary>0 = the master is stopping; 255 = the address owner.</summary>
    public required byte Priority { get; init; }
    /// <summary>v2: seconds (8 bits). v3: centiseconds (12 bits, "Max Advert Interval").</summary>
    public required ushort AdvertInterval { get; init; }
    /// <summary>All IPv4 or all IPv6, as the address family of the carrying IP packet.</summary>
    public required IReadOnlyList<IPAddress> Addresses { get; init; }
    /// <summary>v2 only; v3 has no authentication fields.</summary>
    public VrrpAuthType AuthType { get; init; }
    /// <summary>v2 only: the 8 bytes of authentication data (password NUL-padded, zeros when none).</summary>
    public ReadOnlyMemory<byte> AuthData { get; init; }

    /// <summary>The interval as protocol time, whatever the version's wire unit.</summary>
    public Time.Duration Interval => Version == VrrpVersion.V2
        ? Time.Duration.FromSeconds((long)AdvertInterval)
        : Time.Duration.FromCentiseconds(AdvertInterval);
}
