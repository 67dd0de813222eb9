namespace HaDaemon.Tests.Scripts;

/// <summary>Base for tests that need a throw-away directory (<see cref="Tmp"/>), removed after each test.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public abstract class TempDirTest : IDisposable
{
    protected TempScripts Tmp { get; } = new();

    public void Dispose()
    {
        Tmp.Dispose();
        GC.SuppressFinalize(this);
    }
}
