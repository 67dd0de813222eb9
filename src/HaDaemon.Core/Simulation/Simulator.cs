using System.Net;
using HaDaemon.Core.Engine;
using HaDaemon.Core.Engine.Settings;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Simulation;

/// <summary>Knobs of the simulated hosts that keepalived.conf does not carry per instance.</summary>
public sealed record SimulatorOptions
{
    /// <summary>IPv4 VRRPv3 checksum form put on the wire (keepalived's default: pseudo-header).</summary>
    public ChecksumMode V3Ipv4Checksum { get; init; } = ChecksumMode.PseudoHeader;
    /// <summary>How often each vrrp_script with a scripted outcome reports it again (keepalived's script interval).</summary>
    public Duration ScriptInterval { get; init; } = Duration.FromSeconds(1L);
}

/// <summary>
/// A deterministic multi-node VRRP world in virtual time. Nodes run the real engine (<see cref="VrrpRouter"/>);
/// adverts leave it as real wire bytes (<see cref="VrrpEncoder"/>), cross virtual segments with the configured faults,
/// and are checked and parsed by the real decoder on the receiving node. Everything random comes from the injected
/// <see cref="Random"/>; nothing reads a clock or starts a thread, so a seed and a scenario fix the whole run.
/// </summary>
public sealed partial class Simulator
{
    private readonly List<SimNode> _nodes = [];
    private readonly Dictionary<string, SimNode> _nodesByName = new(StringComparer.Ordinal);
    /// <summary>Who holds each virtual address right now; several names = split brain.</summary>
    private readonly SortedDictionary<string, SortedSet<string>> _holders = new(StringComparer.Ordinal);

    public Simulator(Random random, SimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        Options = options ?? new SimulatorOptions();
        Scheduler = new EventScheduler();
        Network = new VirtualNetwork(Scheduler, random);
    }

    public SimulatorOptions Options { get; }
    public EventScheduler Scheduler { get; }
    public VirtualNetwork Network { get; }
    public Timeline Timeline { get; } = new();
    public Instant Now => Scheduler.Now;
    public IReadOnlyList<SimNode> Nodes => _nodes;

    /// <summary>Commands other than state changes and address moves (notifies, gratuitous ARP/NA), for tests and reports.</summary>
    public List<(Instant At, string Node, EngineCommand Command)> SideEffects { get; } = [];

    /// <summary>Called with every advert the decoder accepted, just before the receiving engine sees it (tests time failovers with it).</summary>
    public event Action<Instant, string, ReceivedAdvert>? AdvertObserved;

    public long AdvertsSent { get; private set; }
    public long AdvertsDelivered { get; private set; }
    public long AdvertsRejectedByCodec { get; private set; }

    public SimNode Node(string name) =>
        _nodesByName.TryGetValue(name, out var node) ? node : throw new KeyNotFoundException($"no node named '{name}'");

    public VirtualSegment AddSegment(string name, LinkFaults? faults = null)
    {
        var segment = Network.AddSegment(name);
        segment.Faults = (faults ?? LinkFaults.None).Validated();
        return segment;
    }

    /// <summary>
    /// Adds a stopped node. Segments named by <paramref name="interfaces"/> are created on first use.
    /// The settings are checked by the engine now, so a bad scenario fails here rather than mid-run.
    /// </summary>
    public SimNode AddNode(string name, RouterSettings settings, params SimInterface[] interfaces)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(interfaces);
        if (_nodesByName.ContainsKey(name))
        {
            throw new InvalidOperationException($"node '{name}' already exists");
        }
        _ = new VrrpRouter(settings);
        var node = new SimNode(name, settings);
        foreach (var nic in interfaces)
        {
            var port = Network.Attach(nic.Segment, name, nic.Name, nic.Addresses, (p, packet) => Receive(node, p, packet));
            node.Ports.Add(nic.Name, port);
            node.PortList.Add(port);
        }
        foreach (var instance in settings.Instances)
        {
            if (!node.Ports.ContainsKey(instance.Interface))
            {
                throw new InvalidOperationException($"{name}: instance {instance.Name} runs on '{instance.Interface}', which the node does not have");
            }
        }
        _nodes.Add(node);
        _nodesByName.Add(name, node);
        return node;
    }

    /// <summary>Schedules actions at <paramref name="sinceStart"/> after time zero.</summary>
    public ScenarioStep At(Duration sinceStart) => new(this, Instant.Zero + sinceStart);

    public ScenarioStep At(Instant at) => new(this, at);

    /// <summary>Starts every node that is not running, now, in the order they were added.</summary>
    public void StartAll()
    {
        foreach (var node in _nodes)
        {
            if (!node.IsRunning)
            {
                Start(node.Name);
            }
        }
    }

    public void RunUntil(Instant until) => Scheduler.RunUntil(until);

    public void RunFor(Duration duration) => Scheduler.RunUntil(Now + duration);

    // ------------------------------------------------------------------ faults

    /// <summary>A cut between two sets of nodes during [from, until): symmetric unless <paramref name="oneWay"/> (then only A → B is cut).</summary>
    public Partition Partition(IEnumerable<string> sideA, IEnumerable<string> sideB, Instant from, Instant until, bool oneWay = false)
    {
        var a = new HashSet<string>(sideA, StringComparer.Ordinal);
        var b = new HashSet<string>(sideB, StringComparer.Ordinal);
        foreach (var name in a.Concat(b))
        {
            _ = Node(name);
        }
        if (until <= from)
        {
            throw new ArgumentException("a partition must end after it starts", nameof(until));
        }
        var partition = new Partition(a, b, from, until, oneWay);
        Network.AddPartition(partition);
        Scheduler.Schedule(from, () => RecordFault("*", $"partition {partition}"));
        if (until != Instant.Never)
        {
            Scheduler.Schedule(until, () => RecordFault("*", $"partition healed {partition}"));
        }
        return partition;
    }

    public void SetLoss(double probability)
    {
        foreach (var segment in Network.Segments)
        {
            segment.Faults = (segment.Faults with { Loss = probability }).Validated();
        }
        RecordFault("*", $"loss {probability:0.###} on every segment");
    }

    public void SetFaults(string segment, LinkFaults faults)
    {
        Network.Segment(segment).Faults = faults.Validated();
        RecordFault("*", $"segment {segment}: {Describe(faults)}");
    }

    public void SetLinkFaults(string node, string interfaceName, LinkFaults faults)
    {
        Node(node).Port(interfaceName).Faults = faults.Validated();
        RecordFault(node, $"{interfaceName}: {Describe(faults)}");
    }

    private static string Describe(LinkFaults f) => f.IsNone
        ? "no faults"
        : $"loss {f.Loss:0.###} delay {f.Delay} jitter {f.Jitter} dup {f.Duplicate:0.###} reorder {f.Reorder:0.###}";

    /// <summary>Carrier down/up on a node's interface: the port stops passing packets and the engine is told.</summary>
    public void SetLink(string nodeName, string interfaceName, bool up)
    {
        var node = Node(nodeName);
        var port = node.Port(interfaceName);
        if (port.IsUp == up)
        {
            return;
        }
        port.IsUp = up;
        RecordFault(nodeName, $"link {interfaceName} {(up ? "up" : "down")}");
        if (node.Router is { } router)
        {
            router.InterfaceState(Now, interfaceName, up);
            Pump(node);
        }
    }

    /// <summary>
    /// One exit of the node's vrrp_script <paramref name="script"/>, delivered to the engine now (the engine does the
    /// rise/fall counting). Use <see cref="ScriptOutcome"/> for a script that keeps running.
    /// </summary>
    public void ScriptResult(string nodeName, string script, bool success)
    {
        var node = NodeWithScript(nodeName, script);
        RecordFault(nodeName, $"script {script} exited {(success ? "0" : "1")}");
        if (node.Router is { } router)
        {
            router.ScriptResult(Now, script, success);
            Pump(node);
        }
    }

    /// <summary>
    /// From now on every run of the node's vrrp_script <paramref name="script"/> exits with this result. Scripts with an
    /// outcome run when the node starts and then every <see cref="SimulatorOptions.ScriptInterval"/>, as keepalived's
    /// script timer does; the change shows at the next run, not at this instant.
    /// </summary>
    public void ScriptOutcome(string nodeName, string script, bool success)
    {
        var node = NodeWithScript(nodeName, script);
        if (!node.ScriptOutcomes.TryGetValue(script, out var previous) || previous != success)
        {
            RecordFault(nodeName, $"script {script} will {(success ? "succeed" : "fail")}");
        }
        node.ScriptOutcomes[script] = success;
    }

    private SimNode NodeWithScript(string nodeName, string script)
    {
        var node = Node(nodeName);
        if (!node.Settings.Scripts.Any(s => s.Name == script))
        {
            throw new KeyNotFoundException($"{nodeName} has no vrrp_script '{script}'");
        }
        return node;
    }

    // ------------------------------------------------------------------ node lifecycle

    public void Start(string nodeName)
    {
        var node = Node(nodeName);
        if (node.IsRunning)
        {
            return;
        }
        node.Incarnation++;
        node.ArmedDeadline = Instant.Never;
        node.States.Clear();
        var router = new VrrpRouter(node.Settings);
        node.Router = router;
        RecordNode(node, "started");
        // The host reports interface carrier before Start, so that the first state already accounts for it.
        foreach (var port in node.PortList)
        {
            router.InterfaceState(Now, port.InterfaceName, port.IsUp);
        }
        // Every simulated machine booted at virtual time zero: vrrp_delay_after_boot counts from there, so a node
        // restarted later waits only for what is left of it.
        router.Start(Now, Now - Instant.Zero);
        foreach (var (script, success) in node.ScriptOutcomes)
        {
            router.ScriptResult(Now, script, success);
        }
        Pump(node);
        ScheduleScriptRuns(node, node.Incarnation);
    }

    /// <summary>kill -9 or power loss: no priority-0 advert, no notifies; the machine and its addresses are gone.</summary>
    public void Kill(string nodeName)
    {
        var node = Node(nodeName);
        if (!node.IsRunning)
        {
            return;
        }
        node.Router = null;
        node.Incarnation++;
        RecordNode(node, "killed");
        foreach (var instance in node.Settings.Instances)
        {
            var from = node.States.GetValueOrDefault(instance.Name, VrrpState.Init);
            ForgetAddresses(node, instance);
            RecordState(node, instance, FormatState(from), KilledState, "node killed", null);
        }
        node.States.Clear();
    }

    /// <summary>SIGTERM: the engine's shutdown runs (priority-0 adverts, address release, STOP notifies), then the node is down.</summary>
    public void Stop(string nodeName)
    {
        var node = Node(nodeName);
        if (node.Router is not { } router)
        {
            return;
        }
        RecordNode(node, "stopping");
        router.Shutdown(Now);
        Pump(node);
        node.Router = null;
        node.Incarnation++;
        // Anything the engine did not release itself (it should have) goes with the process.
        foreach (var instance in node.Settings.Instances)
        {
            ForgetAddresses(node, instance);
        }
    }

    /// <summary>The pseudo-state a killed node's instances are recorded in (keepalived has none: the process is gone).</summary>
    public const string KilledState = "KILLED";

    // ------------------------------------------------------------------ observation

    public InstanceStatus? Status(string nodeName, string instance) => Node(nodeName).Router?.GetStatus(instance);

    /// <summary>The instance's state, or null while its node is down.</summary>
    public VrrpState? StateOf(string nodeName, string instance) => Status(nodeName, instance)?.State;

    /// <summary>Nodes currently holding <paramref name="address"/>, in name order.</summary>
    public IReadOnlyList<string> HoldersOf(IPAddress address) =>
        _holders.TryGetValue(address.ToString(), out var set) ? [.. set] : [];

    /// <summary>Running instances in MASTER for a VRID on a segment (one, in a healthy network).</summary>
    public IReadOnlyList<(string Node, InstanceStatus Status)> Masters(string segment, byte virtualRouterId)
    {
        var masters = new List<(string, InstanceStatus)>();
        foreach (var node in _nodes)
        {
            if (node.Router is not { } router)
            {
                continue;
            }
            foreach (var instance in node.Settings.Instances)
            {
                if (instance.VirtualRouterId == virtualRouterId && node.Port(instance.Interface).Segment.Name == segment
                    && router.GetStatus(instance.Name) is { State: VrrpState.Master } status)
                {
                    masters.Add((node.Name, status));
                }
            }
        }
        return masters;
    }
}
