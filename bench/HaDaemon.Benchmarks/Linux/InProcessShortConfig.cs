using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace HaDaemon.Benchmarks.Linux;

/// <summary>
/// In-process: the benchmark's namespaces and sockets are made in GlobalSetup of this process, and building the
/// generated out-of-process project timed out (2 min) on the shared 2-core machine. 3 warm-ups, 10 iterations.
/// </summary>
public sealed class InProcessShortConfig : ManualConfig
{
    public InProcessShortConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10));
    }
}
