using HaDaemon.Config.Model;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Binding;

/// <summary>
/// Builds a <see cref="ScriptInvocation"/> from a <c>script</c>/<c>notify*</c>/<c>*_fifo_script</c> line with the
/// syntax layer's keepalived-compatible tokenizer (notify_script_init): word 1 is the command (split again into
/// argv), words 2 and 3 are the optional user and [:]group.
/// </summary>
internal static class ScriptCommands
{
    public static ScriptInvocation? Parse(BindContext ctx, ConfigStatement st, string type)
    {
        var parsed = ScriptStringTokenizer.ParseCommand(st.RawArguments);
        if (parsed.Command is not { } cmd)
        {
            ctx.Error(st.RawArgumentsLocation, $"Unable to parse {type} script - {parsed.Error}", "script-parse");
            return null;
        }
        var words = ScriptStringTokenizer.Split(st.RawArguments, escapes: false, out _)!;
        if (words.Count > 3)
        {
            // keepalived reads word 2 as the user and fails on the rest: the command was not quoted.
            ctx.Error(st.RawArgumentsLocation, $"Invalid user/group for {type} script {words[0]} - ignoring (quote the whole command)", "script-user");
            return null;
        }
        return new ScriptInvocation(words[0], cmd.Arguments, cmd.User, cmd.Group, cmd.SetSupplementaryGroups, st.RawArgumentsLocation);
    }
}
