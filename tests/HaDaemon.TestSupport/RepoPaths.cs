namespace HaDaemon.TestSupport;

/// <summary>Finds the repository and the project's shared/ folder (beside the clone, as in CI) from a test run.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared</c> next to the repository: reference docs and the keepalived corpus.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Corpus => Path.Combine(Shared, "corpus", "keepalived-samples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HaDaemon.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("HaDaemon.sln not found above " + AppContext.BaseDirectory);
    }
}
