using System.Net;
using System.Net.Sockets;
using HaDaemon.Core.Packets;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Interop;

/// <summary>How an injected VRRPv3/IPv4 advert's checksum is made.</summary>
public enum InjectedChecksum
{
    /// <summary>Over the VRRP message only (RFC 9568, <c>v3_checksum_as_v2</c>).</summary>
    VrrpOnly,
    /// <summary>With the IPv4 pseudo-header (keepalived's default).</summary>
    PseudoHeader,
    /// <summary>Neither: the pseudo-header checksum with one bit flipped.</summary>
    Corrupt,
}

/// <summary>
/// Sends hand-made VRRP adverts, built with the project's codec, from inside a test namespace through a raw
/// IP_HDRINCL socket bound to <c>eth0</c> (created on the namespace's thread, so it lives in that namespace).
/// </summary>
public sealed class AdvertInjector : IDisposable
{
    private const int AfInet = 2;
    private const int SockRaw = 3;
    private const int SockCloexec = 0x80000;
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private readonly Socket socket;
    private readonly byte[] source;
    private ushort identification;

    public AdvertInjector(NetworkNamespace ns, string sourceAddress)
    {
        source = IPAddress.Parse(sourceAddress).GetAddressBytes();
        socket = ns.Run(() =>
        {
            // The managed constructor refuses protocol 112; libc socket() does not.
            var fd = NativeSocket(AfInet, SockRaw | SockCloexec, VrrpWire.ProtocolVrrp);
            if (fd < 0)
            {
                throw new SocketException(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
            }
            var s = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
            try
            {
                s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.HeaderIncluded, true);
                s.SetRawSocketOption(SolSocket, SoBindToDevice, "eth0\0"u8);
                s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, source);
                return s;
            }
            catch
            {
                s.Dispose();
                throw;
            }
        });
    }

    /// <summary>Sends one VRRPv3 advert to 224.0.0.18 with TTL 255.</summary>
    public void SendV3(byte vrid, byte priority, ushort intervalCentiseconds, IPAddress vip, InjectedChecksum checksum)
    {
        var advert = new VrrpAdvert
        {
            Version = VrrpVersion.V3,
            VirtualRouterId = vrid,
            Priority = priority,
            AdvertInterval = intervalCentiseconds,
            Addresses = [vip],
        };
        var buffer = new byte[128];
        var mode = checksum == InjectedChecksum.VrrpOnly ? ChecksumMode.VrrpOnly : ChecksumMode.PseudoHeader;
        var length = VrrpEncoder.EncodeIpv4Packet(advert, buffer, mode, source, VrrpWire.Ipv4Group, ++identification);
        if (checksum == InjectedChecksum.Corrupt)
        {
            buffer[Ipv4Header.Length + 7] ^= 0x01;
        }
        socket.SendTo(buffer.AsSpan(0, length), new IPEndPoint(new IPAddress(VrrpWire.Ipv4Group), 0));
    }

    /// <summary>
    /// Sends one VRRPv2 advert to 224.0.0.18 with PASS authentication <paramref name="password"/> (none when empty),
    /// the given TTL and, when <paramref name="corruptChecksum"/>, a wrong VRRP checksum: the bad adverts a daemon must
    /// count and drop. The kernel fills in the IP header checksum (IP_HDRINCL), so only the VRRP one is wrong.
    /// </summary>
    public void SendV2(byte vrid, byte priority, IPAddress vip, string password, byte ttl = 255, bool corruptChecksum = false)
    {
        var advert = V2(vrid, priority, vip, password.Length > 0 ? VrrpAuthType.Password : VrrpAuthType.None,
            VrrpEncoder.PasswordAuthData(password));
        var buffer = new byte[128];
        var length = VrrpEncoder.EncodeIpv4Packet(advert, buffer, ChecksumMode.VrrpOnly, source, VrrpWire.Ipv4Group, ++identification);
        buffer[8] = ttl;
        if (corruptChecksum)
        {
            buffer[Ipv4Header.Length + 7] ^= 0x01;
        }
        socket.SendTo(buffer.AsSpan(0, length), new IPEndPoint(new IPAddress(VrrpWire.Ipv4Group), 0));
    }

    /// <summary>
    /// Sends one keepalived auth_type AH advert (VRRPv2 inside IPsec AH, ICV keyed with <paramref name="password"/>)
    /// to 224.0.0.18 with the given AH <paramref name="sequence"/>: valid, replayed or wrongly keyed as the test wants.
    /// </summary>
    public void SendV2Authenticated(byte vrid, byte priority, IPAddress vip, string password, uint sequence)
    {
        var advert = V2(vrid, priority, vip, VrrpAuthType.AuthenticationHeader, new byte[VrrpWire.V2AuthDataLength]);
        var buffer = new byte[128];
        // The kernel replaces IP id 0, which the ICV covers.
        if (++identification == 0)
        {
            identification = 1;
        }
        var length = VrrpEncoder.EncodeIpv4AuthenticatedPacket(advert, buffer, source, VrrpWire.Ipv4Group, identification,
            sequence, VrrpEncoder.PasswordAuthData(password), unicast: false);
        socket.SendTo(buffer.AsSpan(0, length), new IPEndPoint(new IPAddress(VrrpWire.Ipv4Group), 0));
    }

    private static VrrpAdvert V2(byte vrid, byte priority, IPAddress vip, VrrpAuthType authType, byte[] authData) => new()
    {
        Version = VrrpVersion.V2,
        VirtualRouterId = vrid,
        Priority = priority,
        AdvertInterval = 1,
        Addresses = [vip],
        AuthType = authType,
        AuthData = authData,
    };

    public void Dispose() => socket.Dispose();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static extern int NativeSocket(int domain, int type, int protocol);
}
