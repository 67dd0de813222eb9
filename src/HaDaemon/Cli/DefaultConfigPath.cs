namespace HaDaemon.Cli;

/// <summary>
/// The configuration file used without <c>-f</c>: our own path when it exists, else keepalived's, so that installing
/// hadaemon on a keepalived host needs no config move (the same fallback keepalived applies to its old default path).
/// </summary>
public static class DefaultConfigPath
{
    public const string Own = "/etc/hadaemon/hadaemon.conf";
    public const string Keepalived = "/etc/keepalived/keepalived.conf";

    public static string Resolve(Func<string, bool> fileExists) => fileExists(Own) ? Own : Keepalived;
}
