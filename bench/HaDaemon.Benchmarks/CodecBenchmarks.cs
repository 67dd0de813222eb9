using System.Net;
using BenchmarkDotNet.Attributes;
using HaDaemon.Core.Packets;

namespace HaDaemon.Benchmarks;

/// <summary>VRRP encode/decode cost per advert. Decoding must not allocate (it runs for every received packet).</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private static readonly byte[] Src4 = [192, 168, 200, 1];
    private static readonly byte[] Group4 = [224, 0, 0, 18];
    private static readonly byte[] Src6 = IPAddress.Parse("fe80::1").GetAddressBytes();
    private static readonly byte[] Group6 = IPAddress.Parse("ff02::12").GetAddressBytes();

    private readonly byte[] _buffer = new byte[1500];
    private VrrpAdvert _v2 = null!;
    private VrrpAdvert _v3Ipv4 = null!;
    private VrrpAdvert _v3Ipv6 = null!;
    private byte[] _v2Packet = null!;
    private byte[] _v3Ipv4Packet = null!;
    private byte[] _v3Ipv6Payload = null!;
    private VrrpAdvert _v2Ah = null!;
    private byte[] _v2AhPacket = null!;
    private static readonly byte[] AhKey = VrrpEncoder.PasswordAuthData("secret12");

    [GlobalSetup]
    public void Setup()
    {
        _v2 = new VrrpAdvert
        {
            Version = VrrpVersion.V2,
            VirtualRouterId = 51,
            Priority = 200,
            AdvertInterval = 1,
            AuthType = VrrpAuthType.Password,
            AuthData = VrrpEncoder.PasswordAuthData("secret12"),
            Addresses = [IPAddress.Parse("192.168.200.16"), IPAddress.Parse("192.168.200.17")],
        };
        _v3Ipv4 = new VrrpAdvert
        {
            Version = VrrpVersion.V3,
            VirtualRouterId = 52,
            Priority = 100,
            AdvertInterval = 100,
            Addresses = [IPAddress.Parse("192.168.200.18"), IPAddress.Parse("192.168.200.19")],
        };
        _v3Ipv6 = new VrrpAdvert
        {
            Version = VrrpVersion.V3,
            VirtualRouterId = 53,
            Priority = 100,
            AdvertInterval = 100,
            Addresses = [IPAddress.Parse("fe80::53"), IPAddress.Parse("2001:db8::53")],
        };

        _v2Packet = new byte[VrrpEncoder.EncodeIpv4Packet(_v2, _buffer, ChecksumMode.VrrpOnly, Src4, Group4, 1)];
        _buffer.AsSpan(0, _v2Packet.Length).CopyTo(_v2Packet);
        _v3Ipv4Packet = new byte[VrrpEncoder.EncodeIpv4Packet(_v3Ipv4, _buffer, ChecksumMode.PseudoHeader, Src4, Group4, 1)];
        _buffer.AsSpan(0, _v3Ipv4Packet.Length).CopyTo(_v3Ipv4Packet);
        _v3Ipv6Payload = new byte[VrrpEncoder.EncodeMessage(_v3Ipv6, _buffer, ChecksumMode.PseudoHeader, Src6, Group6)];
        _buffer.AsSpan(0, _v3Ipv6Payload.Length).CopyTo(_v3Ipv6Payload);
        _v2Ah = _v2 with { AuthType = VrrpAuthType.AuthenticationHeader, AuthData = new byte[8] };
        _v2AhPacket = new byte[VrrpEncoder.EncodeIpv4AuthenticatedPacket(_v2Ah, _buffer, Src4, Group4, 1, 1, AhKey, false)];
        _buffer.AsSpan(0, _v2AhPacket.Length).CopyTo(_v2AhPacket);
    }

    /// <summary>auth_type AH: IP header, AH and VRRPv2 message, plus the HMAC-MD5 ICV.</summary>
    [Benchmark]
    public int EncodeV2AhPacket() => VrrpEncoder.EncodeIpv4AuthenticatedPacket(_v2Ah, _buffer, Src4, Group4, 1, 1, AhKey, false);

    /// <summary>auth_type AH receive: the ICV recomputed and compared (the validator's extra cost per advert).</summary>
    [Benchmark]
    public AdvertRejection VerifyV2AhIcv() => AuthenticationHeader.Verify(_v2AhPacket, AhKey, zeroTtl: false);

    [Benchmark]
    public int EncodeV2Ipv4Packet() => VrrpEncoder.EncodeIpv4Packet(_v2, _buffer, ChecksumMode.VrrpOnly, Src4, Group4, 1);

    [Benchmark]
    public int EncodeV3Ipv4Packet() => VrrpEncoder.EncodeIpv4Packet(_v3Ipv4, _buffer, ChecksumMode.PseudoHeader, Src4, Group4, 1);

    [Benchmark]
    public int EncodeV3Ipv6Message() => VrrpEncoder.EncodeMessage(_v3Ipv6, _buffer, ChecksumMode.PseudoHeader, Src6, Group6);

    [Benchmark]
    public int DecodeV2Ipv4()
    {
        VrrpDecoder.DecodeIpv4(_v2Packet, expectMulticast: true, out VrrpPacketView view);
        return view.Priority;
    }

    [Benchmark]
    public int DecodeV3Ipv4()
    {
        VrrpDecoder.DecodeIpv4(_v3Ipv4Packet, expectMulticast: true, out VrrpPacketView view);
        return view.Priority;
    }

    /// <summary>Software checksum (simulator/replay path); on a real socket the kernel has verified it.</summary>
    [Benchmark]
    public int DecodeV3Ipv6()
    {
        VrrpDecoder.DecodeIpv6(_v3Ipv6Payload, Src6, Group6, 255, expectMulticast: true, checksumVerifiedByKernel: false,
            out VrrpPacketView view);
        return view.Priority;
    }
}
