using HaDaemon.Config.Environment;

namespace HaDaemon.Config.Tests.Model;

/// <summary>iproute2 name files held in memory: file name → text; a file not given cannot be read.</summary>
internal sealed class FakeRouteNameFiles(IReadOnlyDictionary<string, string>? files = null) : IRouteNameFiles
{
    public List<string> Reads { get; } = [];

    public string? Read(string fileName)
    {
        Reads.Add(fileName);
        return files is not null && files.TryGetValue(fileName, out var text) ? text : null;
    }
}
