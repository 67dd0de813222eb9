using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>Keyword tables of <c>vrrp_script</c>, <c>track_file</c> and <c>vrrp_track_process</c> blocks.</summary>
internal static class TrackerKeywords
{
    public static KeywordTable<ScriptDraft> Script { get; } = new KeywordTable<ScriptDraft>("vrrp_script")
        .Line("script", (c, s, d) => d.Script = ScriptCommands.Parse(c, s, "vrrp_script") ?? d.Script)
        .Line("interval", (c, s, d) => d.Interval = ScriptSeconds(c, s, d.Name, "interval",
            $"must be between 1 and {uint.MaxValue / 1_000_000}") ?? d.Interval)
        .Line("timeout", (c, s, d) => d.Timeout = ScriptSeconds(c, s, d.Name, "timeout", "invalid") ?? d.Timeout)
        .Line("weight", (c, s, d) =>
        {
            if (!Values.TryInt(c, s.Arguments[0], -253, 253, out var w, silent: true))
            {
                c.Error(s.Loc(0), $"vrrp_script {d.Name} weight {s.Arguments[0].Text} must be in [-253, 253]", "invalid-weight");
                return;
            }
            d.Weight = (int)w;
            if (s.Arguments.Count > 1)
            {
                if (s.Arguments[1].Text == "reverse")
                {
                    d.WeightReverse = true;
                }
                else
                {
                    c.Error(s.Loc(1), $"vrrp_script {d.Name} unknown weight option {s.Arguments[1].Text}", "unknown-option");
                }
            }
        })
        .Line("rise", (c, s, d) => d.Rise = RiseFall(c, s, d.Name, "rise"))
        .Line("fall", (c, s, d) => d.Fall = RiseFall(c, s, d.Name, "fall"))
        .Line("user", (c, s, d) =>
        {
            d.User = s.Arguments[0].Text;
            d.Group = s.Arguments.Count > 1 ? s.Arguments[1].Text.TrimStart(':') : null;
        })
        .Flag("init_fail", (c, s, d) => d.InitFail = true);

    private static int RiseFall(BindContext c, ConfigStatement s, string name, string what)
    {
        if (Values.TryInt(c, s.Arguments[0], 1, int.MaxValue, out var v, silent: true))
        {
            return (int)v;
        }
        c.Error(s.Loc(0), $"({name}): vrrp script {what} value '{s.Arguments[0].Text}' invalid, defaulting to 1", "invalid-number");
        return 1;
    }

    public static KeywordTable<TrackFileDraft> File { get; } = new KeywordTable<TrackFileDraft>("track_file")
        .Line("file", (c, s, d) =>
        {
            if (d.Path is not null)
            {
                c.Error(s.Location, $"File already set for track file {d.Name} - ignoring {s.Arguments[0].Text}", "duplicate-keyword");
                return;
            }
            d.Path = s.Arguments[0].Text;
        })
        .Line("weight", (c, s, d) =>
        {
            if (!Values.TryInt(c, s.Arguments[0], int.MinValue + 1, int.MaxValue, out var w, silent: true))
            {
                c.Error(s.Loc(0), $"Weight for {d.Name} must be between [{int.MinValue + 1}:{int.MaxValue}] - ignoring", "invalid-weight");
                return;
            }
            d.Weight = (int)w;
            if (s.Arguments.Count > 1)
            {
                if (s.Arguments[1].Text == "reverse")
                {
                    d.WeightReverse = true;
                }
                else
                {
                    c.Error(s.Loc(1), $"track file {d.Name} unknown weight option {s.Arguments[1].Text}", "unknown-option");
                }
            }
        })
        .Flag("init_file", (c, s, d) =>
        {
            d.InitFile = true;
            foreach (var a in s.Arguments)
            {
                if (a.Text == "overwrite")
                {
                    d.InitOverwrite = true;
                }
                else if (long.TryParse(a.Text, out var v))
                {
                    d.InitValue = v;
                }
                else
                {
                    c.Error(a.Location, $"track file {d.Name} init_file value {a.Text} is invalid", "invalid-number");
                }
            }
        });

    public static KeywordTable<TrackProcessDraft> Process { get; } = new KeywordTable<TrackProcessDraft>("vrrp_track_process")
        .Line("process", (c, s, d) =>
        {
            if (d.Process is not null)
            {
                c.Error(s.Location, $"Process already set for track process {d.Name} - ignoring {s.Arguments[0].Text}", "duplicate-keyword");
                return;
            }
            var words = ScriptStringTokenizer.Split(s.RawArguments, escapes: true, out _) ?? s.Arguments.Select(a => a.Text).ToList();
            d.Process = words[0];
            d.Parameters = words.Skip(1).ToList();
        })
        .Line("param_match", (c, s, d) =>
        {
            switch (s.Arguments[0].Text)
            {
                case "initial": d.ParamMatch = ProcessParamMatch.Initial; break;
                case "partial": d.ParamMatch = ProcessParamMatch.Partial; break;
                default: c.Error(s.Loc(0), $"Invalid param_match type {s.Arguments[0].Text} - ignoring", "invalid-option"); break;
            }
        })
        .Line("weight", (c, s, d) =>
        {
            if (d.WeightSet)
            {
                c.Error(s.Location, $"Weight already set for track process {d.Name} - ignoring {s.Arguments[0].Text}", "duplicate-keyword");
                return;
            }
            if (!Values.TryInt(c, s.Arguments[0], -254, 254, out var w, silent: true))
            {
                c.Error(s.Loc(0), $"Weight ({s.Arguments[0].Text}) for vrrp_track_process {d.Name} must be between [-254..254]", "invalid-weight");
                return;
            }
            (d.Weight, d.WeightSet) = ((int)w, true);
            if (s.Arguments.Count > 1)
            {
                if (s.Arguments[1].Text == "reverse")
                {
                    d.WeightReverse = true;
                }
                else
                {
                    c.Error(s.Loc(1), $"vrrp_track_process {d.Name} unknown weight option {s.Arguments[1].Text}", "unknown-option");
                }
            }
        })
        .Line("quorum", (c, s, d) =>
        {
            if (!Values.TryInt(c, s.Arguments[0], 1, 65535, out var q, silent: true))
            {
                c.Error(s.Loc(0), $"Quorum ({s.Arguments[0].Text}) for vrrp_track_process {d.Name} must be between [1, 65535]", "invalid-number");
                return;
            }
            if (q > d.QuorumMax)
            {
                c.Error(s.Loc(0), "Quorum is greater than quorum_max - ignoring", "invalid-number");
                return;
            }
            d.Quorum = (int)q;
        })
        .Line("quorum_max", (c, s, d) =>
        {
            if (!Values.TryInt(c, s.Arguments[0], 0, 65535, out var q, silent: true))
            {
                c.Error(s.Loc(0), $"quorum_max ({s.Arguments[0].Text}) for vrrp_track_process {d.Name} must be between [0, 65535]", "invalid-number");
                return;
            }
            if (q < d.Quorum)
            {
                c.Error(s.Loc(0), "quorum_max is less than quorum - ignoring", "invalid-number");
                return;
            }
            d.QuorumMax = (int)q;
        })
        .Line("delay", (c, s, d) => ProcessDelay(c, s, d, "", v => d.Delay = v))
        .Line("terminate_delay", (c, s, d) => ProcessDelay(c, s, d, "terminate_", v => d.TerminateDelay = v))
        .Line("fork_delay", (c, s, d) => ProcessDelay(c, s, d, "fork_", v => d.ForkDelay = v))
        .Flag("full_command", (c, s, d) => d.FullCommand = true);

    private static void ProcessDelay(BindContext c, ConfigStatement s, TrackProcessDraft d, string prefix, Action<TimeSpan> set)
    {
        if (Values.TryMicros(c, s.Arguments[0], 0, (long)uint.MaxValue, out var v, silent: true))
        {
            set(Values.FromMicros(v));
        }
        else
        {
            c.Error(s.Loc(0), $"{prefix}delay ({s.Arguments[0].Text}) for vrrp_track_process {d.Name} must be between [0, {uint.MaxValue / 1_000_000}]", "invalid-number");
        }
    }

    /// <summary>
    /// vrrp_script interval/timeout: seconds with millisecond resolution; a bad value is ignored, 0 becomes 1 s
    /// (keepalived's messages).
    /// </summary>
    private static TimeSpan? ScriptSeconds(BindContext c, ConfigStatement s, string name, string what, string invalid)
    {
        if (!Values.TryMicros(c, s.Arguments[0], 0, (long)uint.MaxValue * 1000, out var v, silent: true, digits: 3))
        {
            c.Error(s.Loc(0), $"({name}): vrrp script {what} '{s.Arguments[0].Text}' {invalid} - ignoring", "invalid-interval");
            return null;
        }
        if (v == 0)
        {
            c.Error(s.Loc(0), $"({name}): vrrp script {what} must be greater than 0, setting to 1", "invalid-interval");
            v = Values.MicrosPerSecond;
        }
        return Values.FromMicros(v);
    }
}
