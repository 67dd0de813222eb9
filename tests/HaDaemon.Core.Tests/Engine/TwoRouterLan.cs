using HaDaemon.Core.Engine;
using HaDaemon.Core.Packets;
using HaDaemon.Core.Time;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>
/// A lossless zero-latency LAN between a few routers, in virtual time: enough to test elections end to end.
/// (Loss, partitions and many-router properties are the simulator's job.)
/// </summary>
internal sealed class TwoRouterLan
{
    private readonly List<(VrrpRouter Router, string Name)> _nodes = [];

    public Instant Now { get; private set; }
    public List<(string Node, EngineCommand Command, Instant At)> Log { get; } = [];

    public TwoRouterLan(Instant start) => Now = start;

    public VrrpRouter Add(string node, VrrpRouter router)
    {
        _nodes.Add((router, node));
        return router;
    }

    public void StartAll()
    {
        foreach (var (r, _) in _nodes) r.Start(Now);
        Pump();
    }

    /// <summary>Advances virtual time to <paramref name="until"/>, firing timers and delivering adverts.</summary>
    public void RunUntil(Instant until)
    {
        while (true)
        {
            var next = _nodes.Select(n => n.Router.NextDeadline).DefaultIfEmpty(Instant.Never).Min();
            if (next > until) break;
            Now = next;
            foreach (var (r, _) in _nodes)
                if (r.NextDeadline <= Now) r.HandleTimeout(Now);
            Pump();
        }
        Now = until;
    }

    public void Run(Duration d) => RunUntil(Now + d);

    /// <summary>Delivers queued adverts until every queue is empty.</summary>
    public void Pump()
    {
        bool any;
        do
        {
            any = false;
            foreach (var (router, node) in _nodes)
            {
                while (router.TryPollCommand(out var c))
                {
                    any = true;
                    Log.Add((node, c, Now));
                    if (c is SendAdvert s)
                        foreach (var (other, _) in _nodes)
                            if (!ReferenceEquals(other, router))
                                other.HandleAdvert(Now, new ReceivedAdvert(s.Advert, s.Source!, s.Destinations[0], 255, s.Interface,
                                    ChecksumMode.VrrpOnly));
                }
            }
        } while (any);
    }
}
