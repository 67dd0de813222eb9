using System.Runtime.InteropServices;

namespace HaDaemon.Hosting;

/// <summary>Process-wide libc settings the command line asks for.</summary>
internal static partial class NativeProcess
{
    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);

    public static void SetUmask(int mask) => _ = Umask((uint)mask);
}
