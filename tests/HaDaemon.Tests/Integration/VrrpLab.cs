using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Integration;

/// <summary>
/// A <see cref="NetworkLab"/> with one hadaemon per node. Dispose kills every daemon it started (by pid), then removes
/// the namespaces and the work directory — on failure too.
/// </summary>
public sealed class VrrpLab : IDisposable
{
    private readonly List<DaemonProcess> _daemons = [];
    private readonly DaemonProcess?[] _current;

    private VrrpLab(NetworkLab network, string workDir)
    {
        Network = network;
        WorkDir = workDir;
        _current = new DaemonProcess?[network.Nodes.Count];
    }

    public NetworkLab Network { get; }

    public string WorkDir { get; }

    public static VrrpLab Create(string tag, int nodes = 2)
    {
        var network = NetworkLab.Create(tag, nodes);
        var dir = Path.Combine(Path.GetTempPath(), $"hadaemon-it-{tag}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return new VrrpLab(network, dir);
    }

    public string Vip(int host) => $"10.{Network.Subnet}.0.{host}";

    public string ConfigPath(int node) => Path.Combine(WorkDir, $"node{node}.conf");

    public void WriteConfig(int node, string text) => File.WriteAllText(ConfigPath(node), text);

    /// <summary>A typical instance block: VI_1 on eth0, VRID 51, 0.1 s adverts (v3) unless told otherwise.</summary>
    public string Instance(int priority, string state = "BACKUP", string vips = "", string extra = "", string advertInt = "0.1",
        int version = 3, string name = "VI_1", int vrid = 51) => $$"""
        vrrp_instance {{name}} {
            state {{state}}
            interface eth0
            virtual_router_id {{vrid}}
            version {{version}}
            priority {{priority}}
            advert_int {{advertInt}}
            {{extra}}
            virtual_ipaddress {
                {{(vips.Length > 0 ? vips : Vip(100) + "/24")}}
            }
        }
        """;

    /// <summary>Node 0 (priority 150) elected MASTER, node 1 (priority 100) BACKUP, started one after the other: started
    /// together, the slower start-up of one process would decide who is master first.</summary>
    public static VrrpLab Elect(string tag, int nodes = 2, TimeSpan? patience = null)
    {
        var wait = patience ?? TimeSpan.FromSeconds(30);
        var lab = Create(tag, nodes);
        try
        {
            lab.WriteConfig(0, lab.Instance(150));
            lab.WriteConfig(1, lab.Instance(100));
            lab.StartMasterThenBackup(wait);
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>Starts node 0 and waits for it to be MASTER, then node 1 and waits for BACKUP (see <see cref="Elect"/>).</summary>
    public void StartMasterThenBackup(TimeSpan patience, string instance = "VI_1")
    {
        Start(0).WaitForState(instance, "MASTER", patience);
        Start(1).WaitForState(instance, "BACKUP", patience);
    }

    public void SetLink(int node, string link, bool up) => Network[node].Ip("link", "set", link, up ? "up" : "down");

    /// <summary>Node 0's <paramref name="link"/> goes down (node 0 FAULT, node 1 MASTER), then up (node 0 preempts back).
    /// <paramref name="round"/> counts these cycles: the n-th one waits for the n-th FAULT and the (n+1)-th MASTER.</summary>
    public void FaultAndPreemptBack(string link, TimeSpan patience, int round = 1, string instance = "VI_1")
    {
        SetLink(0, link, up: false);
        this[0].WaitForState(instance, "FAULT", patience, round);
        this[1].WaitForState(instance, "MASTER", patience, round);
        SetLink(0, link, up: true);
        this[0].WaitForState(instance, "MASTER", patience, round + 1);
        this[1].WaitForState(instance, "BACKUP", patience, round + 1);
    }

    public DaemonProcess Start(int node, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs) =>
        Track(node, DaemonProcess.Start(Network[node], ConfigPath(node), WorkDir, environment, extraArgs));

    /// <summary>Starts node <paramref name="node"/>'s daemon through <paramref name="launcher"/> (see DaemonProcess.StartUnder).</summary>
    public DaemonProcess StartUnder(int node, params string[] launcher) =>
        Track(node, DaemonProcess.StartUnder(launcher, Network[node], ConfigPath(node), WorkDir));

    /// <summary>Starts node <paramref name="node"/> with another build of the daemon, through <paramref name="launcher"/>.</summary>
    public DaemonProcess StartBinary(int node, string binary, params string[] launcher) =>
        Track(node, DaemonProcess.StartBinary(binary, launcher, Network[node], ConfigPath(node), WorkDir));

    private DaemonProcess Track(int node, DaemonProcess daemon)
    {
        _daemons.Add(daemon);
        _current[node] = daemon;
        return daemon;
    }

    public DaemonProcess this[int node] => _current[node] ?? throw new InvalidOperationException($"node {node} not started");

    /// <summary>
    /// Node 0's config gains a second VIP (after <paramref name="prefix"/>, e.g. a global_defs block), SIGHUP reloads
    /// it and the VIP appears: the signal-inheritance tests' proof that HUP reached the daemon.
    /// </summary>
    public void ReloadAddingSecondVip(DaemonProcess daemon, TimeSpan patience, string prefix = "")
    {
        WriteConfig(0, prefix + Instance(150, vips: $"{Vip(100)}/24\n{Vip(101)}/24"));
        var before = daemon.Count("Reloaded ");
        daemon.Signal("HUP");
        daemon.WaitFor("Reloaded ", patience, before + 1);
        Assert.True(HasAddress(0, Vip(101)));
    }

    /// <summary>SIGTERM stops node 0's daemon with exit code 0 and both VIPs of <see cref="ReloadAddingSecondVip"/> gone.</summary>
    public void StopCleanly(DaemonProcess daemon, TimeSpan patience)
    {
        daemon.Signal("TERM");
        Assert.Equal(0, daemon.WaitForExit(patience));
        Assert.False(HasAddress(0, Vip(100)));
        Assert.False(HasAddress(0, Vip(101)));
    }

    /// <summary>Writes an executable /bin/sh script into the work directory and returns its path.</summary>
    public string Script(string name, string body)
    {
        var path = Path.Combine(WorkDir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        ProcessRunner.Check("chmod", "0755", path);
        return path;
    }

    /// <summary>Adds a second link to a node, to be named in track_interface and set down by a test: a veth pair
    /// inside the node's namespace (the dummy driver is not available everywhere; veth is, the lab needs it anyway).</summary>
    public void AddTrackedLink(int node, string name)
    {
        Network[node].Ip("link", "add", name, "type", "veth", "peer", "name", name + "p");
        Network[node].Ip("link", "set", name + "p", "up");
        Network[node].Ip("link", "set", name, "up");
    }

    public bool HasAddress(int node, string address) =>
        Network[node].Ip("-4", "addr", "show", "dev", NetworkLab.Interface).Contains($"inet {address}/", StringComparison.Ordinal);

    public void Dispose()
    {
        foreach (var d in _daemons)
        {
            d.Dispose();
        }
        Network.Dispose();
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
