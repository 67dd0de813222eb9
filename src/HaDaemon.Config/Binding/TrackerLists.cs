using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>
/// The <c>track_interface</c>/<c>track_script</c>/<c>track_file</c>/<c>track_process</c> blocks of instances and sync
/// groups (keepalived's vrrp_track.c alloc_track_*): one tracker per line, <c>NAME [weight N [reverse|noreverse]]</c>.
/// </summary>
internal static class TrackerLists
{
    private enum Kind
    {
        Interface,
        Script,
        File,
        Process,
    }

    public static void Interfaces(BindContext c, ConfigStatement s, string owner, List<TrackerReference> into) => Bind(c, s, owner, into, Kind.Interface);

    public static void Scripts(BindContext c, ConfigStatement s, string owner, List<TrackerReference> into) => Bind(c, s, owner, into, Kind.Script);

    public static void Files(BindContext c, ConfigStatement s, string owner, List<TrackerReference> into) => Bind(c, s, owner, into, Kind.File);

    public static void Processes(BindContext c, ConfigStatement s, string owner, List<TrackerReference> into) => Bind(c, s, owner, into, Kind.Process);

    private static void Bind(BindContext c, ConfigStatement s, string owner, List<TrackerReference> into, Kind kind)
    {
        foreach (var line in s.Block!.Statements)
        {
            var r = Parse(c, line, owner, into, kind);
            if (r is not null)
            {
                into.Add(r);
            }
        }
    }

    private static TrackerReference? Parse(BindContext c, ConfigStatement line, string owner, List<TrackerReference> existing, Kind kind)
    {
        var name = line.Keyword.Text;
        var at = line.Location;
        var (label, minWeight, maxWeight) = kind switch
        {
            Kind.Interface => ("track_interface", -254, 254),
            Kind.Script => ("track_script", -254, 254),
            Kind.File => ("track_file", -254, 254),
            _ => ("track_process", -254, 254),
        };
        int defaultWeight;
        bool defaultReverse;
        switch (kind)
        {
            case Kind.Interface:
                if (!c.InterfaceUsable(name, at))
                {
                    c.Error(at, $"({owner}) tracked interface {name} doesn't exist", "missing-interface");
                    return null;
                }
                (defaultWeight, defaultReverse) = (0, false);
                break;
            case Kind.Script:
                var script = c.ScriptsByName.GetValueOrDefault(name);
                if (script is null)
                {
                    c.Error(at, $"({owner}) track script {name} not found, ignoring...", "unknown-tracker");
                    return null;
                }
                (defaultWeight, defaultReverse) = (script.Weight, script.WeightReverse);
                break;
            case Kind.File:
                var file = c.TrackFilesByName.GetValueOrDefault(name);
                if (file is null)
                {
                    c.Error(at, $"({owner}) track_file {name} not found, ignoring...", "unknown-tracker");
                    return null;
                }
                (defaultWeight, defaultReverse) = (file.Weight, file.WeightReverse);
                break;
            default:
                var process = c.TrackProcessesByName.GetValueOrDefault(name);
                if (process is null)
                {
                    c.Error(at, $"({owner}) track process {name} not found, ignoring...", "unknown-tracker");
                    return null;
                }
                (defaultWeight, defaultReverse) = (process.Weight, process.WeightReverse);
                break;
        }
        if (existing.Exists(r => r.Name == name))
        {
            c.Error(at, $"({owner}) duplicate {label} {name} - ignoring", "duplicate-tracker");
            return null;
        }
        var weight = defaultWeight;
        var reverse = defaultReverse;
        var args = line.Arguments;
        if (args.Count >= 1)
        {
            if (args[0].Text != "weight")
            {
                c.Error(args[0].Location, $"({owner}) unknown {label} {name} option {args[0].Text} - ignoring", "unknown-tracker-option");
                return null;
            }
            if (args.Count == 1)
            {
                c.Error(args[0].Location, $"({owner}) weight without value specified for {label} {name} - ignoring", "missing-parameter");
                return null;
            }
            if (!Values.TryInt(c, args[1], minWeight, maxWeight, out var w, silent: true))
            {
                c.Error(args[1].Location, $"({owner}) weight {args[1].Text} for {name} must be between [-253..253] inclusive. Ignoring...", "invalid-weight");
                w = kind == Kind.Interface ? 0 : defaultWeight;
            }
            else if (kind != Kind.File && kind != Kind.Process && (w == 254 || w == -254))
            {
                c.Error(args[1].Location, $"({owner}) weight for {name} cannot be +/-254. Setting to +/-253", "invalid-weight");
                w = w > 0 ? 253 : -253;
            }
            weight = (int)w;
            if (args.Count >= 3)
            {
                if (args[2].Text == "reverse")
                {
                    reverse = true;
                }
                else if (args[2].Text == "noreverse" && kind != Kind.Interface)
                {
                    reverse = false;
                }
                else
                {
                    c.Error(args[2].Location, $"({owner}) unknown {label} {name} weight option {args[2].Text} - ignoring", "unknown-tracker-option");
                }
            }
        }
        return new TrackerReference(name, weight, reverse, at);
    }
}
