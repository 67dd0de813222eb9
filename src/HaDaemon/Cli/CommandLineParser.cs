namespace HaDaemon.Cli;

/// <summary>
/// A getopt_long work-alike over <see cref="OptionTable"/> (hand-written: the behaviour users rely on is getopt's —
/// clustered short options <c>-nlD</c>, attached or separate values, unique prefixes of long names, <c>--</c>).
/// Messages and exit codes follow keepalived's parse_cmdline: bad options are all reported, then exit 1;
/// <c>-h</c>, <c>-v</c> and <c>--signum</c> act at once; stray words are reported but not fatal.
/// </summary>
public static class CommandLineParser
{
    public static ParseOutcome Parse(IReadOnlyList<string> args)
    {
        var state = new ParseState();
        var stray = new List<string>();
        for (var i = 0; i < args.Count && state.Immediate is null; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                stray.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                i = ReadLong(args, i, state);
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                i = ReadShortCluster(args, i, state);
            }
            else
            {
                stray.Add(arg);
            }
        }

        if (state.Immediate is { } exit)
        {
            return exit;
        }
        var warnings = new List<string>(state.Warnings);
        if (stray.Count > 0)
        {
            warnings.Add("Unexpected argument(s): " + string.Join(' ', stray));
        }
        if (state.Errors.Count > 0)
        {
            var text = string.Join("", warnings.Concat(state.Errors).Select(e => e + "\n"));
            return new ParseOutcome.Exit(ExitCodes.Fatal, text, ToStdout: false);
        }
        return new ParseOutcome.Run(state.Options with { Notes = state.Notes }, warnings);
    }

    private static int ReadLong(IReadOnlyList<string> args, int i, ParseState state)
    {
        var body = args[i][2..];
        var eq = body.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? body : body[..eq];
        string? value = eq < 0 ? null : body[(eq + 1)..];

        var spec = FindLong(name, out var ambiguous);
        if (spec is null)
        {
            state.Errors.Add(ambiguous ? $"Ambiguous option {args[i]}" : $"Unknown option {args[i]}");
            return i;
        }
        switch (spec.Argument)
        {
            case ArgumentKind.None when value is not null:
                state.Errors.Add($"Option --{spec.Long} doesn't allow an argument");
                return i;
            case ArgumentKind.Required when value is null:
                if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                break;
        }
        // keepalived turns "--use-file=" (an empty required value) into "missing parameter".
        if (spec.Argument == ArgumentKind.Required && string.IsNullOrEmpty(value))
        {
            state.Errors.Add($"Missing parameter for option --{spec.Long}");
            return i;
        }
        Apply(spec, state, value);
        return i;
    }

    private static int ReadShortCluster(IReadOnlyList<string> args, int i, ParseState state)
    {
        var arg = args[i];
        for (var k = 1; k < arg.Length; k++)
        {
            var spec = OptionTable.All.FirstOrDefault(o => o.Short == arg[k]);
            if (spec is null)
            {
                state.Errors.Add($"Unknown option -{arg[k]}");
                continue;
            }
            var rest = arg[(k + 1)..];
            switch (spec.Argument)
            {
                case ArgumentKind.None:
                    Apply(spec, state, null);
                    break;
                case ArgumentKind.Optional:
                    Apply(spec, state, rest.Length > 0 ? rest : null);
                    return i;
                case ArgumentKind.Required when rest.Length > 0:
                    Apply(spec, state, rest);
                    return i;
                case ArgumentKind.Required when i + 1 < args.Count:
                    Apply(spec, state, args[i + 1]);
                    return i + 1;
                default:
                    state.Errors.Add($"Missing parameter for option -{arg[k]}");
                    return i;
            }
            if (state.Immediate is not null)
            {
                return i;
            }
        }
        return i;
    }

    private static void Apply(OptionSpec spec, ParseState state, string? value)
    {
        state.Current = spec;
        spec.Apply(state, value);
    }

    /// <summary>Exact long name, else the single option whose name starts with it (getopt_long's abbreviations).</summary>
    private static OptionSpec? FindLong(string name, out bool ambiguous)
    {
        ambiguous = false;
        var exact = OptionTable.All.FirstOrDefault(o => o.Long == name);
        if (exact is not null || name.Length == 0)
        {
            return exact;
        }
        var candidates = OptionTable.All.Where(o => o.Long?.StartsWith(name, StringComparison.Ordinal) == true).ToList();
        ambiguous = candidates.Count > 1;
        return candidates.Count == 1 ? candidates[0] : null;
    }
}
