using System.Reflection;
using System.Runtime.InteropServices;

namespace HaDaemon.Cli;

/// <summary><c>-v</c>: our version and what it is compatible with (keepalived prints to stderr too).</summary>
public static class VersionText
{
    public static string Version { get; } =
        typeof(VersionText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";

    public static string Full() =>
        $"hadaemon v{Version}\n\nVRRPv2/v3 daemon reading keepalived.conf; command line and signals as keepalived 2.2.7\n\n"
        + $"Running on {RuntimeInformation.OSDescription} ({RuntimeInformation.FrameworkDescription})\n\n";
}
