using Xunit;

namespace HaDaemon.TestSupport;

/// <summary>
/// Whether network-namespace tests can run here (root + iproute2). Under CI=true they must run: the attributes below
/// never skip there, so a missing requirement fails the test with <see cref="Problem"/> instead.
/// </summary>
public static class NetnsRequirement
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when namespaces can be used, else the reason.</summary>
    public static string? Problem { get; } = Find();

    private static string? Find()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }
        if (!Environment.IsPrivilegedProcess)
        {
            return "network-namespace tests need root (run sudo ./test.sh)";
        }
        if (!ProcessRunner.Exists("ip"))
        {
            return "iproute2 ('ip') is not installed (scripts/install-test-deps.sh installs it)";
        }
        if (!Directory.Exists("/proc/self/ns") || !File.Exists("/proc/self/ns/net"))
        {
            return "this kernel has no network namespaces";
        }
        return null;
    }

    /// <summary>Throws (a test failure) when namespaces are unusable; called by <see cref="NetworkNamespace.Create"/>.</summary>
    public static void Ensure()
    {
        if (Problem is not null)
        {
            throw new InvalidOperationException("Cannot run network-namespace test: " + Problem + (IsCi ? " (CI=true: this is a failure, not a skip)" : ""));
        }
    }

    /// <summary>Skip reason outside CI; null under CI (the test then fails in <see cref="Ensure"/>).</summary>
    public static string? SkipReason(params string[] tools)
    {
        if (IsCi)
        {
            return null;
        }
        if (Problem is not null)
        {
            return Problem;
        }
        var missing = tools.Where(t => !ProcessRunner.Exists(t)).ToList();
        return missing.Count == 0 ? null : $"missing tools: {string.Join(", ", missing)} (scripts/install-test-deps.sh installs them)";
    }
}

/// <summary>A fact that needs network namespaces: skipped with a reason outside CI when they are unavailable, failing under CI.</summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute(params string[] tools)
    {
        Skip = NetnsRequirement.SkipReason(tools);
    }
}

/// <summary>A theory that needs network namespaces (same skip/fail rules as <see cref="NetnsFactAttribute"/>).</summary>
public sealed class NetnsTheoryAttribute : TheoryAttribute
{
    public NetnsTheoryAttribute(params string[] tools)
    {
        Skip = NetnsRequirement.SkipReason(tools);
    }
}
