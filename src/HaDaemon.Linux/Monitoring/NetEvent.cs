using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Routing;

namespace HaDaemon.Linux.Monitoring;

/// <summary>Something the kernel reported about links or addresses (rtnetlink multicast groups).</summary>
public abstract record NetEvent;

/// <summary>A link appeared or its state changed (admin up/down, carrier, name, MAC or MTU).</summary>
public sealed record LinkChanged(InterfaceInfo Link) : NetEvent;

public sealed record LinkRemoved(int Index, string Name) : NetEvent;

public sealed record AddressAdded(InterfaceAddress Address) : NetEvent;

/// <summary>An address went away — deleted by someone, expired, or removed with its link.</summary>
public sealed record AddressRemoved(InterfaceAddress Address) : NetEvent;

/// <summary>A route with protocol keepalived (18) was deleted — by someone else, or by us.</summary>
public sealed record RouteRemoved(KernelRoute Route) : NetEvent;

/// <summary>A policy rule with protocol keepalived (or none) was deleted — by someone else, or by us.</summary>
public sealed record RuleRemoved(KernelRule Rule) : NetEvent;

/// <summary>The kernel dropped notifications (ENOBUFS): the host must re-read what it relies on.</summary>
public sealed record EventsLost : NetEvent;
