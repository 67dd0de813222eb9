using System.Collections.Immutable;
using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>Builders shared by the engine tests: instances, adverts as a peer would send them, instants.</summary>
internal static class EngineKit
{
    public const string Eth = "eth0";
    public static readonly IPAddress Vip = IPAddress.Parse("192.168.200.100");
    public static readonly IPAddress Group = IPAddress.Parse("224.0.0.18");

    public static Instant At(double seconds) => Instant.Zero + Duration.FromSeconds(seconds);

    public static Instant T0 => Instant.Zero + Duration.FromSeconds(1000L);

    /// <summary>VRRPv2 Master_Down_Interval with a 1 s interval: 3 s + (256 − priority)/256 s.</summary>
    public static Duration MasterDownV2(byte priority) =>
        Duration.FromSeconds(3L) + new Duration((256 - priority) * (Duration.TicksPerSecond / 256));

    public static InstanceSettings Instance(string name = "VI_1", byte priority = 100, string source = "192.168.200.1",
        VrrpVersion version = VrrpVersion.V2, Duration? interval = null, byte vrid = 51) => new()
    {
        Name = name,
        VirtualRouterId = vrid,
        Interface = Eth,
        Priority = priority,
        Version = version,
        AdvertInterval = interval ?? Duration.FromSeconds(1L),
        VirtualAddresses = [Vip],
        PrimaryAddress = IPAddress.Parse(source),
    };

    public static RouterSettings Settings(params InstanceSettings[] instances) => new() { Instances = [.. instances] };

    public static VrrpRouter Router(params InstanceSettings[] instances) => new(Settings(instances));

    /// <summary>An advert from <paramref name="source"/> as the codec would hand it over.</summary>
    public static ReceivedAdvert From(string source, byte priority, VrrpVersion version = VrrpVersion.V2, ushort wireInterval = 1,
        byte vrid = 51, IReadOnlyList<IPAddress>? addresses = null, VrrpAuthType auth = VrrpAuthType.None, byte[]? authData = null,
        string? destination = null) =>
        new(new VrrpAdvert
        {
            Version = version,
            VirtualRouterId = vrid,
            Priority = priority,
            AdvertInterval = wireInterval,
            Addresses = addresses ?? [Vip],
            AuthType = auth,
            AuthData = authData ?? new byte[version == VrrpVersion.V2 ? 8 : 0],
        }, IPAddress.Parse(source), destination is null ? Group : IPAddress.Parse(destination), 255, Eth,
            version == VrrpVersion.V2 ? ChecksumMode.VrrpOnly : ChecksumMode.PseudoHeader);

    public static List<EngineCommand> Drain(this VrrpRouter router) => [.. router.DrainCommands()];

    public static InstanceStatus Status(this VrrpRouter router, string name = "VI_1") =>
        router.GetStatus(name) ?? throw new InvalidOperationException($"no instance {name}");

    public static VrrpState State(this VrrpRouter router, string name = "VI_1") => router.Status(name).State;

    public static List<T> OfType<T>(this IEnumerable<EngineCommand> commands) => commands.Where(c => c is T).Cast<T>().ToList();

    public static ImmutableArray<TrackedItem> Track(params TrackedItem[] items) => [.. items];
}
