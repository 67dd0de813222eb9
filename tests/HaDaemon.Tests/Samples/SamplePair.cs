using System.Diagnostics;
using HaDaemon.Tests.Interop;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Samples;

/// <summary>
/// Two namespaces joined by a veth pair (<c>eth0</c> in each, as the samples expect), given the sample's own
/// addresses, each running a real hadaemon with its own copy of a sample configuration. Dispose stops the daemons
/// (by the pids they started) and removes the namespaces, also when the test failed half-way.
/// </summary>
public sealed class SamplePair : IDisposable
{
    private readonly NetworkLab lab;
    private readonly List<HadaemonProcess> daemons = [];

    /// <summary>
    /// Generous bound for one convergence including a daemon start (a JIT-compiled hadaemon can take several seconds to
    /// reach BACKUP on a loaded 2-core machine, then 3 x advert_int + skew). It bounds waiting only.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(25);

    /// <summary><paramref name="addresses"/>[i] lists node i's addresses ("a.b.c.d/len"); the first becomes primary.</summary>
    public SamplePair(string tag, params string[][] addresses)
    {
        lab = NetworkLab.Create(tag, nodes: 2, withAddresses: false);
        try
        {
            for (var i = 0; i < 2; i++)
            {
                foreach (var address in addresses[i])
                {
                    lab[i].Ip("addr", "add", address, "dev", NetworkLab.Interface);
                }
            }
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    public NetworkNamespace this[int node] => lab[node];

    public IReadOnlyList<HadaemonProcess> Daemons => daemons;

    /// <summary>Creates (does not start) node i's daemon with its own configuration text and <c>-i</c> id.</summary>
    public HadaemonProcess Add(string configText, string configId)
    {
        var daemon = new HadaemonProcess(lab[daemons.Count], configText, configId);
        daemons.Add(daemon);
        return daemon;
    }

    public bool HoldsVip(int node, string vip) =>
        lab[node].TryIp("-o", "addr", "show", "dev", NetworkLab.Interface).Output.Contains($" {vip}/", StringComparison.Ordinal);

    /// <summary>Waits until <paramref name="condition"/> holds; fails with both daemons' logs otherwise.</summary>
    public void WaitFor(string what, Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > Timeout)
            {
                throw new Xunit.Sdk.XunitException($"{what}: not within {Timeout.TotalSeconds:0} s\n{Logs()}");
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>Waits until exactly <paramref name="node"/> of the two holds <paramref name="vip"/>.</summary>
    public void WaitForHolder(string what, int node, string vip) =>
        WaitFor($"{what} (node {node} alone holds {vip})", () => HoldsVip(node, vip) && !HoldsVip(1 - node, vip));

    /// <summary>A check the loader disabled (missing, insecure…) would make the test pass without exercising it.</summary>
    public void AssertNoScriptDisabled() =>
        Assert.False(Logs().Contains("Disabling track script", StringComparison.Ordinal), "a track script was disabled:\n" + Logs());

    public string Logs() => string.Join("\n", daemons.Select(d => d.Log()));

    public void Dispose()
    {
        foreach (var daemon in daemons)
        {
            daemon.Dispose();
        }
        daemons.Clear();
        lab.Dispose();
    }
}
