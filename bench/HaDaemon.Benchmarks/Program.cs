using BenchmarkDotNet.Running;
using HaDaemon.Benchmarks.Linux;

// Run: dotnet run -c Release --project bench/HaDaemon.Benchmarks -- --filter '*'
// Linux data-plane measurements that are not per-call costs (root, namespaces): -- linux-probe
if (args is ["linux-probe"])
{
    LinuxProbe.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
