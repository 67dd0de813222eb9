using HaDaemon.Config.Binding;
using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Environment;
using HaDaemon.Config.Normalisation;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Loading;

/// <summary>Where the loader looks at the world: interfaces, script files/users, the reader's options.</summary>
public sealed record LoadOptions
{
    /// <summary>Selects <c>@ID</c> lines (<c>-i</c>); null drops them all, like keepalived without -i.</summary>
    public string? ConfigId { get; init; }

    public IInterfaceCatalog Interfaces { get; init; } = new SysClassNetInterfaceCatalog();

    public IScriptEnvironment ScriptEnvironment { get; init; } = new SystemScriptEnvironment();

    /// <summary>rt_tables, rt_protos, … for names in routes and rules; /etc/iproute2 by default.</summary>
    public IRouteNameFiles RouteNameFiles { get; init; } = new DirectoryRouteNameFiles();

    /// <summary>Reader options; <see cref="ConfigId"/> overrides its config id.</summary>
    public ConfigReadOptions Read { get; init; } = new();
}

/// <summary>
/// The façade the daemon calls at start and on reload: keepalived.conf → syntax tree → bound drafts → normalised
/// immutable model, with every diagnostic and keepalived's -t classification.
/// </summary>
public static class ConfigLoader
{
    public static LoadResult Load(string path, LoadOptions options)
    {
        var read = ConfigReader.ReadFile(path, options.Read with { ConfigId = options.ConfigId });
        return Load(read, options);
    }

    public static LoadResult LoadText(string text, string virtualPath, LoadOptions options)
    {
        var read = ConfigReader.ReadText(text, virtualPath, options.Read with { ConfigId = options.ConfigId });
        return Load(read, options);
    }

    public static LoadResult Load(ConfigReadResult read, LoadOptions options)
    {
        var ctx = RootKeywords.Bind(read.Document, options.Interfaces, new RouteNames(options.RouteNameFiles));
        var config = ConfigNormaliser.Normalise(ctx, options.ScriptEnvironment, out var canRun);
        var diagnostics = new List<Diagnostic>(read.Diagnostics.Count + ctx.Diagnostics.Count);
        diagnostics.AddRange(read.Diagnostics);
        diagnostics.AddRange(ctx.Diagnostics);
        if (diagnostics.Exists(d => d.Severity == Severity.Fatal))
        {
            canRun = false;
        }
        return new LoadResult(config, diagnostics, ConfigCheck.Classify(diagnostics), canRun && config is not null);
    }
}
