namespace HaDaemon.Linux.Results;

/// <summary>What a change request achieved.</summary>
public enum ChangeOutcome : byte
{
    Applied,
    /// <summary>Nothing to do: EEXIST on an add, EADDRNOTAVAIL/ESRCH/ENOENT on a delete. Not a failure.</summary>
    AlreadyInState,
    Failed,
}

/// <summary>The result of a platform change (add/delete/send). Success when <see cref="Error"/> is null.</summary>
public readonly record struct PlatformResult(ChangeOutcome Outcome, PlatformError? Error)
{
    public static readonly PlatformResult Applied = new(ChangeOutcome.Applied, null);
    public static readonly PlatformResult AlreadyInState = new(ChangeOutcome.AlreadyInState, null);

    public bool IsSuccess => Error is null;

    public static PlatformResult Fail(PlatformError error) => new(ChangeOutcome.Failed, error);

    public static implicit operator PlatformResult(PlatformError error) => Fail(error);

    public override string ToString() => Error?.Message ?? Outcome.ToString();
}

/// <summary>A value or the reason there is none.</summary>
public readonly record struct PlatformResult<T>(T? Value, PlatformError? Error)
{
    public bool IsSuccess => Error is null;

    public static implicit operator PlatformResult<T>(T value) => new(value, null);

    public static implicit operator PlatformResult<T>(PlatformError error) => new(default, error);

    /// <summary>The value, or an exception naming the error — for tests and start-up code that cannot continue.</summary>
    public T Unwrap() => Error is null ? Value! : throw new InvalidOperationException(Error.Message);

    public override string ToString() => Error?.Message ?? Value?.ToString() ?? "";
}
