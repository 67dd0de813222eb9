using Xunit;

namespace HaDaemon.TestSupport;

/// <summary>A theory that needs network namespaces (and the given tools): same skip/fail rules as <see cref="NetnsFactAttribute"/>.</summary>
public sealed class NetnsTheoryAttribute : TheoryAttribute
{
    public NetnsTheoryAttribute(params string[] tools)
    {
        Skip = NetnsRequirement.SkipReason(tools);
    }
}
