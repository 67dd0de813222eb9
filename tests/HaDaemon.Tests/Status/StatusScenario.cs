using System.Net;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Loading;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;
using HaDaemon.Runtime;
using HaDaemon.Scripts;
using HaDaemon.Status;
using HaDaemon.Tests.Mapping;

namespace HaDaemon.Tests.Status;

/// <summary>
/// A deterministic daemon state for the status page: the real config loader, mapping and engine, driven in virtual
/// time, with the ledger fed as the runtime feeds it. Wall-clock times are fixed so the JSON is golden-testable.
/// </summary>
internal sealed class StatusScenario
{
    public const string Config = """
        global_defs {
            router_id lab1
            hadaemon_status_listen 127.0.0.1:9165
        }
        vrrp_script chk_web {
            script "/bin/true"
            interval 1
            weight -20
            rise 2
            fall 2
        }
        vrrp_instance VI_WEB {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority 150
            advert_int 1
            authentication {
                auth_type PASS
                auth_pass secret12
            }
            virtual_ipaddress {
                192.168.200.10/24
                192.168.200.11 dev eth1
            }
            virtual_ipaddress_excluded {
                192.168.200.20
            }
            track_script {
                chk_web
            }
            track_interface {
                eth1 weight -10
            }
        }
        vrrp_instance VI_DB {
            state BACKUP
            interface eth1
            virtual_router_id 52
            priority 100
            advert_int 1
            virtual_ipaddress {
                10.0.1.100/24
            }
        }
        """;

    public static readonly DateTimeOffset WallStart = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static readonly FixedInterfaceCatalog Interfaces = new(["lo", "eth0", "eth1", "eth2", "eth3"]);

    public RuntimeConfig Runtime { get; }
    public VrrpRouter Router { get; }
    public StatusLedger Ledger { get; } = new();
    public Instant Now { get; private set; } = Instant.Zero;

    public StatusScenario(string? config = null)
    {
        var loaded = ConfigLoader.LoadText(config ?? Config, "/etc/keepalived/keepalived.conf", new LoadOptions { Interfaces = Interfaces });
        Assert.True(loaded.CanRun && loaded.Config!.Scripts.All(s => s.Enabled), string.Join("\n", loaded.Diagnostics));
        Runtime = RuntimeConfig.Build(loaded.Config!,
            new FakeInterfaceAddresses().Add("eth0", "192.168.200.1").Add("eth1", "10.0.1.1").Add("eth2", "10.0.2.1").Add("eth3", "10.0.3.1"));
        Router = new VrrpRouter(Runtime.Settings);
        for (var n = 0; n < 4; n++)
        {
            Ledger.Interface($"eth{n}", IndexOf($"eth{n}"));
        }
        Router.Start(Now);
        Drain();
    }

    /// <summary>Runs timers up to <paramref name="until"/>, as the event loop would.</summary>
    public void RunUntil(Instant until)
    {
        while (Router.NextDeadline <= until)
        {
            Now = Router.NextDeadline;
            Router.HandleTimeout(Now);
            Drain();
        }
        Now = until;
    }

    public AdvertResult Advert(string source, byte vrid, byte priority, string iface = "eth0", string password = "secret12", params string[] vips)
    {
        var advert = new VrrpAdvert
        {
            Version = VrrpVersion.V2,
            VirtualRouterId = vrid,
            Priority = priority,
            AdvertInterval = 1,
            Addresses = [.. vips.Select(IPAddress.Parse)],
            AuthType = password.Length > 0 ? VrrpAuthType.Password : VrrpAuthType.None,
            AuthData = VrrpEncoder.PasswordAuthData(password),
        };
        var received = new ReceivedAdvert(advert, IPAddress.Parse(source), IPAddress.Parse("224.0.0.18"), 255, iface, ChecksumMode.VrrpOnly);
        var result = Router.HandleAdvert(Now, received);
        if (result.Outcome == AdvertOutcome.Processed && result.Instance is { } instance)
        {
            Ledger.Peer(instance, received.Source, received.Checksum, Now);
        }
        Drain();
        return result;
    }

    /// <summary>Carries out the commands the way the runtime's ledger sees them: VIPs appear, transitions are recorded.</summary>
    public void Drain()
    {
        foreach (var command in Router.DrainCommands())
        {
            switch (command)
            {
                case AcquireAddresses a:
                    foreach (var spec in Runtime.Instances[a.Instance].Addresses)
                    {
                        Ledger.AddressAdded(IndexOf(spec.Interface), spec.Address);
                    }
                    break;
                case ReleaseAddresses r:
                    foreach (var spec in Runtime.Instances[r.Instance].Addresses)
                    {
                        Ledger.AddressRemoved(IndexOf(spec.Interface), spec.Address);
                    }
                    break;
                case StateChanged c:
                    Ledger.Transition(c, HaDaemon.Logging.TransitionLog.Peer(c, Router.GetStatus(c.Instance)), Now);
                    Ledger.ObserveTransitionDuration(c.To, 0.0004);
                    break;
                case SendAdvert { Due: { } due }:
                    Ledger.AdvertSendLateness.Observe((Now - due).TotalSeconds + 0.00002);
                    break;
            }
        }
    }

    private static int IndexOf(string device) => device[^1] - '0' + 2;

    public StatusSnapshot Collect(Func<string, TrackScriptState>? scripts = null) =>
        StatusCollector.Collect(Runtime, Router, Ledger, scripts ?? (_ => TrackScriptState.Idle),
            new DaemonInfo("1.2.3", 4242, "/etc/keepalived/keepalived.conf", WallStart, WallStart + (Now - Instant.Zero).ToTimeSpan()), Now);
}
