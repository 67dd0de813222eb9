using HaDaemon.Config.Diagnostics;
using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

internal sealed class GarpGroupDraft(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    public int Number;
    public TimeSpan? GarpInterval;
    public TimeSpan? GnaInterval;
    public List<string> Interfaces { get; } = [];
}

/// <summary>
/// The <c>garp_group</c> block, in the words and order of keepalived 2.2.7's vrrp_parser.c garp_group handlers:
/// intervals of 0 to INT_MAX µs, unknown or already grouped interfaces skipped with an error, a group without any
/// interval removed.
/// </summary>
internal static class GarpGroupKeywords
{
    private const long MaxMicros = int.MaxValue;

    private static readonly KeywordTable<GarpGroupDraft> Table = new KeywordTable<GarpGroupDraft>("garp_group")
        .Line("garp_interval", (c, s, g) => Interval(c, s, "garp_interval", v => g.GarpInterval = v))
        .Line("gna_interval", (c, s, g) => Interval(c, s, "gna_interval", v => g.GnaInterval = v))
        .Line("interface", (c, s, g) => Join(c, g, s.Arguments[0]))
        .Block("interfaces", Interfaces);

    public static void Bind(BindContext c, ConfigStatement s)
    {
        var group = new GarpGroupDraft(s.Location);
        c.GarpGroups.Add(group);
        Table.BindAll(c, s.Block!.Statements, group);
        if (group.GarpInterval is null && group.GnaInterval is null)
        {
            c.Error(s.Location, $"garp group {group.Number} does not have any delay set - removing", "garp-group-empty");
            foreach (var name in group.Interfaces)
            {
                c.GarpGroupOf.Remove(name);
            }
            c.GarpGroups.Remove(group);
        }
    }

    public static IReadOnlyList<GarpGroup> Build(BindContext c) =>
        c.GarpGroups.Select(g => new GarpGroup(g.Number, g.GarpInterval, g.GnaInterval, g.Interfaces.ToArray(), g.Location)).ToArray();

    private static void Interval(BindContext c, ConfigStatement s, string name, Action<TimeSpan> set)
    {
        if (!Values.TryMicros(c, s.Arguments[0], 0, MaxMicros, out var v, silent: true))
        {
            c.Error(s.Loc(0), $"garp_group {name} '{s.Arguments[0].Text}' invalid", "invalid-interval");
            return;
        }
        set(Values.FromMicros(v));
        if (v >= Values.MicrosPerSecond)
        {
            c.Info(s.Loc(0), $"The {name} is very large - {s.Arguments[0].Text} seconds", "large-value");
        }
    }

    private static void Interfaces(BindContext c, ConfigStatement s, GarpGroupDraft group)
    {
        var names = s.Block!.Statements.SelectMany(line => line.Arguments.Prepend(line.Keyword)).ToList();
        if (names.Count == 0)
        {
            c.Error(s.Location, "Warning - empty garp_group interfaces block", "garp-group-empty-interfaces");
            return;
        }
        // keepalived numbers the groups that have an interfaces block, in order.
        group.Number = 1 + c.GarpGroups.Count(g => g != group && g.Number != 0);
        foreach (var name in names)
        {
            Join(c, group, name);
        }
    }

    private static void Join(BindContext c, GarpGroupDraft group, ConfigToken name)
    {
        if (!c.Interfaces.Exists(name.Text) && !c.Global.DynamicInterfaces)
        {
            c.Error(name.Location, $"WARNING - interface {name.Text} specified for garp_group doesn't exist", "unknown-interface");
            return;
        }
        if (!c.GarpGroupOf.TryAdd(name.Text, group))
        {
            c.Error(name.Location, $"garp_group already specified for {name.Text} - ignoring", "garp-group-duplicate");
            return;
        }
        group.Interfaces.Add(name.Text);
    }
}
