using HaDaemon.Cli;
using HaDaemon.Config.Loading;
using HaDaemon.Mapping;

namespace HaDaemon.Operations;

/// <summary>
/// <c>hadaemon --explain [-f FILE] [-i ID] [INSTANCE]</c>: loads the configuration as the daemon would and prints,
/// per instance, what the engine will compute from it (<see cref="InstanceExplanation"/>). Nothing is started.
/// </summary>
public static class ExplainCommand
{
    public const string Usage = "Usage: hadaemon --explain [-f FILE] [-i CONFIG_ID] [INSTANCE]\n";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors) =>
        Run(args, output, errors, null, new SystemInterfaceAddresses());

    /// <param name="environment">Interfaces and script checks to load with; null = this host's, as the daemon loads.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors,
        LoadOptions? environment, IInterfaceAddresses addresses)
    {
        string? file = null, id = null, instance = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-f" or "--use-file" or "-i" or "--config-id" when i + 1 < args.Count:
                    _ = args[i] is "-f" or "--use-file" ? file = args[++i] : id = args[++i];
                    break;
                case var name when !name.StartsWith('-') && instance is null:
                    instance = name;
                    break;
                default:
                    errors.Write($"--explain: unexpected argument '{args[i]}'\n{Usage}");
                    return ExitCodes.Fatal;
            }
        }
        var cli = new CommandLineOptions { ConfigFile = file, ConfigId = id };
        var path = file ?? DefaultConfigPath.Resolve(File.Exists);
        if (!File.Exists(path))
        {
            errors.WriteLine($"Configuration file '{path}' does not exist or cannot be read");
            return ExitCodes.NoConfig;
        }
        var system = Runtime.ConfigSource.OptionsFor(cli);
        var options = environment is null ? system : environment with { ConfigId = system.ConfigId };
        var result = ConfigLoader.Load(path, options);
        foreach (var d in result.Diagnostics.Where(d => d.Severity != Config.Diagnostics.Severity.Info))
        {
            errors.WriteLine(d.ToString());
        }
        if (!result.CanRun || result.Config is not { } config)
        {
            errors.WriteLine($"'{path}' cannot be run; nothing to explain");
            return ExitCodes.Config;
        }
        var settings = EngineSettingsMapper.Map(config, addresses);
        var pairs = config.Instances.Zip(settings.Instances).Where(p => instance is null || p.First.Name == instance).ToList();
        if (pairs.Count == 0)
        {
            errors.WriteLine(instance is null ? "no vrrp_instance in the configuration" : $"no vrrp_instance named '{instance}'");
            return ExitCodes.Fatal;
        }
        for (var i = 0; i < pairs.Count; i++)
        {
            var (model, engine) = pairs[i];
            var group = settings.SyncGroups.FirstOrDefault(g => g.Members.Contains(engine.Name));
            output.Write((i > 0 ? "\n" : "") + InstanceExplanation.Write(model, engine, group, settings));
        }
        return ExitCodes.Ok;
    }
}
