using System.Diagnostics;
using HaDaemon.TestSupport;

namespace HaDaemon.Tests.Packaging;

/// <summary>
/// Builds the .deb with packaging/build-deb.sh (NativeAOT publish for net9.0 + dpkg-deb) and inspects it the way an
/// operator would, with dpkg-deb -I and -c.
/// </summary>
public sealed class DebianPackageTests
{
    [Fact]
    public void Deb_contains_binary_unit_defaults_sample_and_docs()
    {
        // At the lowest CPU priority: the NativeAOT compile is CPU-bound for minutes and runs beside the namespace tests,
        // whose daemons keep 0.1 s advert timers; niced, it takes the idle CPU and leaves them theirs.
        var deb = Run("nice", "-n", "19", Path.Combine(RepoPaths.Root, "packaging", "build-deb.sh")).Trim().Split('\n')[^1];
        deb = Path.Combine(RepoPaths.Root, deb);
        Assert.True(File.Exists(deb), deb);

        var info = Run("dpkg-deb", "-I", deb);
        Assert.Contains("Package: hadaemon", info, StringComparison.Ordinal);
        Assert.Contains("Architecture: amd64", info, StringComparison.Ordinal);
        Assert.Contains("Conflicts: keepalived", info, StringComparison.Ordinal);

        var contents = Run("dpkg-deb", "-c", deb);
        Assert.Matches(@"-rwxr-xr-x root/root\s+\d+ .* \./usr/sbin/hadaemon\n", contents);
        Assert.Contains("./lib/systemd/system/hadaemon.service", contents, StringComparison.Ordinal);
        Assert.Contains("./etc/default/hadaemon", contents, StringComparison.Ordinal);
        Assert.Contains("./usr/share/doc/hadaemon/examples/hadaemon.conf", contents, StringComparison.Ordinal);
        Assert.Contains("./usr/share/doc/hadaemon/README.md", contents, StringComparison.Ordinal);

        // The binary is the NativeAOT one: it runs without a .NET runtime and answers --version.
        var extract = Directory.CreateTempSubdirectory("hadaemon-deb-");
        try
        {
            Run("dpkg-deb", "-x", deb, extract.FullName);
            // Like keepalived, --version prints to stderr.
            var version = Run(Path.Combine(extract.FullName, "usr/sbin/hadaemon"), "--version", withStderr: true);
            Assert.Contains("hadaemon", version, StringComparison.OrdinalIgnoreCase);
            var unit = File.ReadAllText(Path.Combine(extract.FullName, "lib/systemd/system/hadaemon.service"));
            Assert.Contains("Type=notify", unit, StringComparison.Ordinal);
            Assert.Contains("ExecReload=/bin/kill -HUP $MAINPID", unit, StringComparison.Ordinal);
            Assert.Contains("WatchdogSec=", unit, StringComparison.Ordinal);
            Assert.Contains("Restart=on-failure", unit, StringComparison.Ordinal);
            Assert.Contains("CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW", unit, StringComparison.Ordinal);
            Assert.Contains("DAEMON_ARGS=", File.ReadAllText(Path.Combine(extract.FullName, "etc/default/hadaemon")), StringComparison.Ordinal);
        }
        finally
        {
            extract.Delete(recursive: true);
        }
    }

    private static string Run(string file, params string[] args) => Run(file, args, withStderr: false);

    private static string Run(string file, string arg, bool withStderr) => Run(file, [arg], withStderr);

    private static string Run(string file, string[] args, bool withStderr)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // The NativeAOT publish inside build-deb.sh takes 1-3 minutes on an idle 2-core machine and has been seen
        // past 5 while the namespace tests run beside it; this bounds a hang, it does not time the build.
        if (!p.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            p.Kill(entireProcessTree: true); // the build this test started, by its process
            Assert.Fail($"{file} did not finish");
        }
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        return withStderr ? stdout.Result + stderr.Result : stdout.Result;
    }
}
