namespace HaDaemon.Linux.Results;

public enum PlatformErrorKind
{
    /// <summary>The kernel refused the request; <see cref="PlatformError.Errno"/> says why.</summary>
    Kernel,
    /// <summary>No interface with that name or index (in this network namespace).</summary>
    InterfaceNotFound,
    /// <summary>The interface has no address to send from (no primary IPv4, or no IPv6 link-local yet).</summary>
    NoSourceAddress,
    /// <summary>The request itself is inconsistent (e.g. an IPv6 broadcast, a route without destination family).</summary>
    InvalidRequest,
    /// <summary>The object was disposed before or during the call.</summary>
    Disposed,
}

/// <summary>
/// Why a platform call did not do what was asked. A value, never thrown: the host decides whether it means FAULT,
/// a retry, or a log line.
/// </summary>
public sealed record PlatformError(PlatformErrorKind Kind, string Operation, int Errno, string Message)
{
    public static PlatformError FromErrno(string operation, int errno) =>
        new(errno is Native.Errno.ENODEV ? PlatformErrorKind.InterfaceNotFound : PlatformErrorKind.Kernel,
            operation, errno, $"{operation}: {Native.Libc.Describe(errno)}");

    public static PlatformError NoInterface(string operation, string name) =>
        new(PlatformErrorKind.InterfaceNotFound, operation, Native.Errno.ENODEV, $"{operation}: no interface named '{name}'");

    public static PlatformError Invalid(string operation, string why) =>
        new(PlatformErrorKind.InvalidRequest, operation, Native.Errno.EINVAL, $"{operation}: {why}");

    public static PlatformError Disposed(string operation) =>
        new(PlatformErrorKind.Disposed, operation, 0, $"{operation}: already disposed");

    public override string ToString() => Message;
}
