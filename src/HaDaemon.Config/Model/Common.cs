using HaDaemon.Config.Diagnostics;

namespace HaDaemon.Config.Model;

public enum AddressFamily
{
    IPv4,
    IPv6,
}

public enum InitialState
{
    Backup,
    Master,
}

public enum AuthenticationType
{
    None,
    Pass,
    Ah,
}

/// <summary>
/// A command from a <c>script</c>/<c>notify*</c>/<c>*_fifo_script</c> line, already split shell-like into argv
/// (keepalived's alloc_strvec_quoted_escaped), plus the optional trailing <c>user [:][group]</c>.
/// </summary>
public sealed record ScriptInvocation(
    string Text,
    IReadOnlyList<string> Argv,
    string? User,
    string? Group,
    bool SetSupplementaryGroups,
    SourceLocation Location)
{
    /// <summary>argv[0]: the program (a path or a name searched in PATH).</summary>
    public string Program => Argv.Count > 0 ? Argv[0] : "";
}

/// <summary>A weight attached to a tracker reference; <c>reverse</c> flips the sign semantics (§2.2).</summary>
public readonly record struct TrackWeight(int Weight, bool Reverse);
