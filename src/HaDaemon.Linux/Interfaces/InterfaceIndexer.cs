using System.Net.Sockets;
using System.Text;
using HaDaemon.Linux.Namespaces;
using HaDaemon.Linux.Native;
using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Interfaces;

/// <summary>
/// Name → index with ioctl(SIOCGIFINDEX) on a datagram socket created inside the namespace (the ioctl answers for the
/// socket's namespace). A fresh answer on every call — no cache that a renamed or re-created VMAC could make stale —
/// at a fraction of the cost of an RTM_GETLINK round trip and its parsing.
/// </summary>
internal sealed unsafe class InterfaceIndexer : IDisposable
{
    private readonly Socket socket;

    private InterfaceIndexer(Socket socket)
    {
        this.socket = socket;
    }

    public static PlatformResult<InterfaceIndexer> Open(INetworkContext context)
    {
        var created = SocketFactory.Create(context, Libc.AF_INET, Libc.SOCK_DGRAM, 0, "socket(AF_INET, SOCK_DGRAM)");
        return created.IsSuccess ? new InterfaceIndexer(created.Value!) : created.Error!;
    }

    public PlatformResult<int> IndexOf(string name)
    {
        const string operation = "interface lookup";
        if (string.IsNullOrEmpty(name) || name.Length > 15 || Encoding.ASCII.GetByteCount(name) != name.Length)
        {
            return PlatformError.NoInterface(operation, name);
        }
        // struct ifreq: char ifr_name[16]; union { int ifr_ifindex; … } (40 bytes in all on 64-bit).
        Span<byte> request = stackalloc byte[40];
        request.Clear();
        Encoding.ASCII.GetBytes(name, request);
        fixed (byte* p = request)
        {
            if (Libc.Ioctl((int)socket.Handle, Libc.SIOCGIFINDEX, p) < 0)
            {
                var errno = Libc.LastErrno;
                return errno == Errno.ENODEV ? PlatformError.NoInterface(operation, name) : PlatformError.FromErrno(operation, errno);
            }
        }
        return BitConverter.ToInt32(request[16..]);
    }

    public void Dispose() => socket.Dispose();
}
