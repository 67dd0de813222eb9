using System.Buffers.Binary;
using System.Net.Sockets;
using HaDaemon.Linux.Interfaces;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Netlink;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Addresses;

/// <summary>RTM_NEWADDR / RTM_DELADDR (what <c>ip addr add/del</c> sends).</summary>
internal sealed class NetlinkAddressManager(NetlinkSocket netlink, IInterfaceCatalog catalog) : IAddressManager
{
    private const ushort CreateExclusive = Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL;
    private const ushort CreateOrReplace = Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_REPLACE;

    public PlatformResult Add(AddressSpec spec) => AddMany([spec])[0];

    public PlatformResult Delete(AddressSpec spec) => DeleteMany([spec])[0];

    public PlatformResult Refresh(AddressSpec spec) => Change([spec], ChangeKind.Other, Rtnl.RTM_NEWADDR, CreateOrReplace)[0];

    public IReadOnlyList<PlatformResult> AddMany(IReadOnlyList<AddressSpec> specs) =>
        Change(specs, ChangeKind.Add, Rtnl.RTM_NEWADDR, CreateExclusive);

    public IReadOnlyList<PlatformResult> DeleteMany(IReadOnlyList<AddressSpec> specs) =>
        Change(specs, ChangeKind.Delete, Rtnl.RTM_DELADDR, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK);

    private IReadOnlyList<PlatformResult> Change(IReadOnlyList<AddressSpec> specs, ChangeKind kind, ushort type, ushort flags)
    {
        var verb = type == Rtnl.RTM_NEWADDR ? (kind == ChangeKind.Add ? "add address" : "replace address") : "delete address";
        var indexes = new Dictionary<string, PlatformResult<int>>();
        return NetlinkChanges.Apply(netlink, specs, kind, s => $"{verb} {s}", (spec, writer) =>
        {
            if (!indexes.TryGetValue(spec.Interface, out var link))
            {
                link = indexes[spec.Interface] = catalog.IndexOf(spec.Interface);
            }
            if (!link.IsSuccess)
            {
                return link.Error! with { Operation = verb, Message = $"{verb} {spec}: {link.Error!.Message}" };
            }
            return Write(writer, spec, link.Value, type, flags, verb);
        });
    }

    private static PlatformError? Write(NetlinkWriter writer, AddressSpec spec, int index, ushort type, ushort flags, string verb)
    {
        var v4 = spec.Family == AddressFamily.InterNetwork;
        var prefix = spec.EffectivePrefixLength;
        if (prefix < 0 || prefix > (v4 ? 32 : 128))
        {
            return PlatformError.Invalid(verb, $"{spec}: prefix length out of range");
        }
        if (!v4 && (spec.Broadcast is not null || spec.Label is not null))
        {
            return PlatformError.Invalid(verb, $"{spec}: brd and label are IPv4-only");
        }
        if ((spec.Peer is not null && spec.Peer.AddressFamily != spec.Family) ||
            (spec.Broadcast is not null && spec.Broadcast.AddressFamily != spec.Family))
        {
            return PlatformError.Invalid(verb, $"{spec}: peer/brd family differs from the address");
        }
        if (spec.Label is { Length: > 15 })
        {
            return PlatformError.Invalid(verb, $"{spec}: label longer than 15 characters");
        }
        var addressFlags = (spec.NoDad ? Rtnl.IFA_F_NODAD : 0) | (spec.NoPrefixRoute ? Rtnl.IFA_F_NOPREFIXROUTE : 0) |
                           (spec.HomeAddress ? Rtnl.IFA_F_HOMEADDRESS : 0) | (spec.ManageTempAddress ? Rtnl.IFA_F_MANAGETEMPADDR : 0);
        writer.BeginMessage(type, flags);
        var header = writer.Struct(RtnlParsers.IfAddrMsgSize);
        header[0] = (byte)(v4 ? Libc.AF_INET : Libc.AF_INET6);
        header[1] = (byte)prefix;
        header[2] = (byte)(addressFlags & 0xFF);
        header[3] = spec.Scope ?? Scopes.Global;
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)index);
        writer.AttrAddress(Rtnl.IFA_LOCAL, spec.Address);
        // IPv4 deletes match any prefix when IFA_ADDRESS is absent (how keepalived removes stale VIPs at start).
        if (type == Rtnl.RTM_NEWADDR || !v4 || spec.Peer is not null)
        {
            writer.AttrAddress(Rtnl.IFA_ADDRESS, spec.Peer ?? spec.Address);
        }
        if (type == Rtnl.RTM_NEWADDR)
        {
            if (spec.Broadcast is not null)
            {
                writer.AttrAddress(Rtnl.IFA_BROADCAST, spec.Broadcast);
            }
            if (spec.Label is not null)
            {
                writer.AttrString(Rtnl.IFA_LABEL, spec.Label);
            }
            if (addressFlags != 0)
            {
                writer.AttrU32(Rtnl.IFA_FLAGS, addressFlags);
            }
            if (spec.ValidLifetime is not null || spec.PreferredLifetime is not null)
            {
                var valid = spec.ValidLifetime ?? uint.MaxValue;
                var preferred = Math.Min(spec.PreferredLifetime ?? valid, valid);
                Span<byte> cache = stackalloc byte[16];
                cache.Clear();
                BinaryPrimitives.WriteUInt32LittleEndian(cache, preferred);
                BinaryPrimitives.WriteUInt32LittleEndian(cache[4..], valid);
                writer.Attr(Rtnl.IFA_CACHEINFO, cache);
            }
        }
        writer.EndMessage();
        return null;
    }
}
