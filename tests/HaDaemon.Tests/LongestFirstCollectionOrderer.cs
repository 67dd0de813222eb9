using HaDaemon.Tests;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("HaDaemon.Tests.LongestFirstCollectionOrderer", "HaDaemon.Tests")]

namespace HaDaemon.Tests;

/// <summary>
/// Starts the long test collections first. xunit runs up to maxParallelThreads collections at once and starts them in
/// this order; with its default order the sequential namespace-test collection (~165 s) and the AH interop class
/// (~100 s) happened to start last and set the suite's length. Longest-first keeps the tail short. The patterns follow
/// the per-collection times of a full run (trx); unmatched collections keep xunit's order after them.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    private static readonly string[] LongestFirst =
    [
        Integration.IntegrationCollection.Name, // every daemon-in-namespace class, one after another
        "DebianPackageTests", // a NativeAOT publish: CPU-bound, better finished early than beside the tail
        "AuthenticationHeaderInteropTests", // VRRPv2 1 s adverts, three lifecycles
        "InteropV2", // the VRRPv2 matrix columns, 1 s adverts
        "SplitBrainV2",
        "SplitBrainV3",
        "ChecksumInteropTests",
        "Interop",
        "SampleTests",
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        new DefaultTestCollectionOrderer().OrderTestCollections(testCollections)
            .OrderBy(c => Rank(c.DisplayName)); // stable: ties keep the default order

    public static int Rank(string displayName)
    {
        for (var i = 0; i < LongestFirst.Length; i++)
        {
            if (displayName.Contains(LongestFirst[i], StringComparison.Ordinal))
            {
                return i;
            }
        }
        return LongestFirst.Length;
    }
}
